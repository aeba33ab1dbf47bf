// Public API of the simulated Facebook mobile site.
export { startFacebookSim, FB_SESSION_COOKIES, type FacebookSim, type FacebookSimOpts } from './server.js';
export { FbSimModel, type FbSimPage, type FbSimPost, type FbFault, type FbFaultKind, type FbTruth } from './model.js';
export { renderPostsTab, renderMore, renderStory, renderStoryPage, renderUnavailable, renderWithheld, renderLogin, renderConsent, moreHref, type FbRenderCtx } from './render.js';
