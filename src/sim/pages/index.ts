export { startCapturePagesServer } from './server.js';
export type { CapturePagesServer, CapturePagesOptions } from './server.js';
