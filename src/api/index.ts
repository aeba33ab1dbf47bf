// Public API of the HTTP layer.
export { buildApi, redactUrl } from './server.js';
export type { ApiDeps, TargetsService, TargetInput, CaptureService, Exporter, ExportQuery, ArchiveReader, HotState } from './deps.js';
export { tokenMatches } from './auth.js';
