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
  'artifact_missing',
  'blob_hash_mismatch',
  'key_missing',
  'checkpoint_invalid',
  'checkpoint_signature_missing',
  'checkpoint_signature_invalid',
  'checkpoint_beyond_ledger',
  'checkpoint_root_mismatch',
  'checkpoint_head_mismatch',
  'checkpoint_timestamp_invalid',
  'checkpoint_time_skew',
  'checkpoints_inconsistent',
  'package_file_missing',
  'package_hash_mismatch',
  'package_unlisted_file',
  'package_seal_invalid',
  'proof_invalid',
] as const;
export type FaultCode = (typeof FAULT_CODES)[number];

export interface Fault {
  code: FaultCode;
  key: string;
  message: string;
}

export const fault = (code: FaultCode, key: string, message: string): Fault => ({ code, key, message });
