// Public API of the simulated Instagram.
export { startInstagramSim, IG_SESSION_COOKIE, type InstagramSim, type InstagramSimOpts } from './server.js';
export { IgSimModel, shortcodeOf, type IgSimAccount, type IgSimComment, type IgSimPost, type IgFault, type IgFaultKind, type IgTruth } from './model.js';
export { renderCommentsJson, COMMENTS_PAGE, renderProfileJson, renderUnavailable, renderLogin, renderPostPage, renderPostWithheld, renderProfilePage, type IgRenderCtx } from './render.js';
