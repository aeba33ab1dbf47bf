// Public API of the evidence ledger.
export { createLedger, type Ledger, type LedgerDeps, type AppendResult, type RepairResult } from './ledger.js';
export { createCheckpointer, TSA_CHAIN_KEY, type Checkpointer, type CheckpointerDeps, type CheckpointInfo } from './checkpoint.js';
export {
  loadOrCreateKey,
  readSigningKey,
  publishPublicKey,
  keyFromPem,
  keyFingerprint,
  normalizeFingerprint,
  defaultKeyFile,
  PUBLIC_KEY_KEY,
  FINGERPRINT_COMMAND,
  type SigningKey,
} from './keys.js';
export { type LedgerStatus } from './head.js';
export { appendCustody, type CustodyRecord } from './custody.js';
export {
  LedgerEntry,
  GENESIS_PREV,
  ENTRY_TYPES,
  ledgerKey,
  seqFromKey,
  serializeEntry,
  parseEntry,
  entryHash,
  type EntryInput,
} from './entry.js';
export { checkpointKey, formatBody, parseBody, type CheckpointBody } from './note.js';
export { leafHash, nodeHash, treeRoot, inclusionProof, consistencyProof, verifyInclusion, verifyConsistency } from './merkle.js';
export { readEntryBytes } from './read.js';
export { openIntegrity, startLedgerRepair, type Integrity, type IntegrityDeps } from './setup.js';
