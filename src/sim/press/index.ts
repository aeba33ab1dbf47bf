// Public API of the simulated official press office (statements, feeds, YouTube-style channel).
export { startPressSite, type PressSite, type PressSiteOpts, type PressControl } from './server.js';
export { PressModel, current, slugify, type PressItem, type PressVersion, type PressVideo, type PressTruth, type PressFault, type PublishInput, type PressLang } from './model.js';
export { renderListing, renderItem, renderNotFound, humanDate } from './render.js';
export { renderRss, renderJsonFeed, renderYouTubeAtom, SIM_CHANNEL_ID } from './feeds.js';
export { seedPress } from './seed.js';
