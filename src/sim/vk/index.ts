// Public API of the simulated VK (m.vk.com).
export { startVkSim, type VkSimServer, type VkSimOpts } from './server.js';
export { createVkSim, VK_SESSION_COOKIE, type VkSim, type VkTruth } from './sim.js';
export { VkWorld, ownerOf, type VkSimAccount, type VkSimPost, type VkAccountState } from './model.js';
export { VkStep } from './steps.js';
export { VK_TEXT } from './texts.js';
export { renderWall, renderPostPage, renderNotice, renderLogin, renderPost, wallOrder, WALL_PAGE, type VkRenderCtx } from './render.js';
