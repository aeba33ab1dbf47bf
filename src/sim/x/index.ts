// Public API of the simulated X web API.
export { startXSim, type XSim, type XSimOpts } from './server.js';
export { XWorld, type XSimUser, type XSimPost, type XTruth, type XFault, type XFaultKind, type XAccountState } from './model.js';
export { renderUserByScreenName, renderUserTweets, renderTweetResult, userResult, tweetResult, cursorValue, cursorId, twitterDate, withheldNotice, deadlineExceeded, suspendedUser, PAGE_SIZE } from './render.js';
