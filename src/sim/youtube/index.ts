// Public API of the simulated YouTube (channel pages, web-client API, watch pages, Atom feed).
export { startYouTubeSim, SESSION_COOKIE, DEFAULT_VANTAGE, type YouTubeSim, type YouTubeSimOpts } from './server.js';
export { YtWorld, type YtChannel, type YtVideo, type YtChannelState, type YtVideoState, type YtTruth, type YtFaultKind } from './model.js';
export { channelBrowse, alertBrowse, ageGateBrowse, listedVideos, SUSPENSION_TEXT, NOT_FOUND_TEXT, GEO_BLOCK_TEXT } from './browse.js';
export { playerFor, botCheckPlayer, BOT_CHECK_TEXT, REMOVED_SUBREASON } from './player.js';
export { browsePage, watchPage, notFoundPage, consentPage, sorryPage } from './html.js';
export { renderFeed } from './feed.js';
export { ageText, viewsText, shortCount } from './format.js';
export { watchData, commentsAnswer, commentToken, readToken, commentId, commenterChannelId, COMMENTS_OFF_TEXT, CLIENT_VERSION, type YtComment, type YtCommenter, type CommentShape } from './comments.js';
