// Fault list shared by bucket and package verification: stable codes, the key at fault, and a
// message that says what is wrong and what it means.
export const FAULT_CODES = [
  'ledger_gap',
  'ledger_entry_invalid',
  'ledger_prev_mismatch',
  'object_missing',
  'object_hash_mismatch',
  'not_in_ledger',
  'manifest_invalid',
  'record_invalid',
  'artifact_missing',
  'blob_hash_mismatch',
  'key_missing',
  'key_invalid',
  'key_not_trusted',
  'checkpoint_invalid',
  'checkpoint_signature_missing',
  'checkpoint_signature_invalid',
  'checkpoint_beyond_ledger',
  'checkpoint_root_mismatch',
  'checkpoint_head_mismatch',
  'checkpoint_timestamp_invalid',
  'checkpoint_timestamp_missing',
  'checkpoint_time_skew',
  'checkpoints_inconsistent',
  'package_file_missing',
  'package_hash_mismatch',
  'package_unlisted_file',
  'package_seal_invalid',
  'proof_invalid',
  'audit_chain_broken',
] as const;
export type FaultCode = (typeof FAULT_CODES)[number];

export interface Fault {
  code: FaultCode;
  key: string;
  message: string;
}

export const fault = (code: FaultCode, key: string, message: string): Fault => ({ code, key, message });

/** Not a fault, but what a verifier must be told: the result rests on something not pinned. */
export const WARNING_CODES = ['key_not_pinned', 'timestamp_not_anchored'] as const;
export type WarningCode = (typeof WARNING_CODES)[number];

export interface Warning {
  code: WarningCode;
  message: string;
}
