// Public API of the archive layer (object store, Archive, outbox, seen-log). The integrity
// subfolders (ledger/, verify/, export/, tsa/) export their own APIs.
export * from './types.js';
export { createArchive, type Archive, type ArchiveDeps, type StoredRef } from './archive.js';
export { openArchive, type OpenedArchive, type OpenArchiveDeps } from './open.js';
export { createS3Store, type S3Store, type S3StoreDeps, type StoreCapabilities, type PutResult } from './s3-store.js';
export { RETAINED_PREFIXES, isRetainedKey, retentionParams } from './object-lock.js';
export { openOutbox, type Outbox, type SpoolHeader } from './outbox.js';
export { createSeenLog, buildSeenBatch, type SeenLog } from './seen-log.js';
export { SeenBatch, SeenEntry } from './seen-format.js';
export { canonicalJson, jsonBytes } from './json.js';
export { captureKey, observationKey, eventKey, seenKey, blobKey } from './keys.js';
export { isUnavailable, safeEndpoint } from './store-errors.js';
