// Public API of the scrapers: the contract types, the registry and each platform.
export * from './types.js';
export { scrapers, getScraper, parseSpec } from './registry.js';
export { telegramScraper } from './telegram/index.js';
