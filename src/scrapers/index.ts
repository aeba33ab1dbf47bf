// Public API of the scrapers: the contract types, post order helpers and the registry. Platform
// folders are reached through the registry only (test/unit/meta/layout.test.ts keeps it so).
export * from './types.js';
export * from './order.js';
export { scrapers, getScraper, parseSpec, PLATFORMS, platformsSchema, platformEnv, specExamples, citeUrl, type PlatformSettings, type PlatformSettingsInput } from './registry.js';
