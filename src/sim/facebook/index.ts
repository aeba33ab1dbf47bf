// Public API of the simulated Facebook mobile site.
export { startFacebookSim, FB_SESSION_COOKIES, type FacebookSim, type FacebookSimOpts } from './server.js';
export { FbSimModel, type FbSimPage, type FbSimPost, type FbSimComment, type FbFault, type FbFaultKind, type FbRoute, type FbTruth } from './model.js';
export { renderPostsTab, renderMore, renderStory, renderStoryPage, renderComment, commentAge, COMMENTS_SHOWN, renderUnavailable, renderWithheld, renderLogin, renderConsent, moreHref, type FbRenderCtx } from './render.js';
