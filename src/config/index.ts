export { SettingsSchema, type Settings, type TargetConfig } from './schema.js';
export { loadSettings, formatZodError, DEFAULT_CONFIG_FILE, type LoadOptions } from './load.js';
export { parseDuration, formatDuration, Duration } from './duration.js';
