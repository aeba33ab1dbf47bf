// Public API of verification: the whole bucket, or one exported package (offline).
export { verifyBucket, hashObject, type VerifyOptions, type VerifyReport, type VerifyCounts, type StreamingStore } from './bucket.js';
export { checkChain, type ChainCheck } from './chain.js';
export { checkCheckpoints, type CheckpointFiles } from './checkpoints.js';
export { checkKey, notAnchoredWarning, type KeyReport, type KeyCheck } from './key-pin.js';
export { FAULT_CODES, WARNING_CODES, type Fault, type FaultCode, type Warning, type WarningCode } from './faults.js';
export { recordVerification } from './custody.js';
