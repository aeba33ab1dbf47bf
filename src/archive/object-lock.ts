// Object Lock (WORM) for evidence: records and blobs get COMPLIANCE retention when the bucket
// has Object Lock enabled. Which keys are retained and until when is decided here, purely.
import type { PutObjectCommandInput } from '@aws-sdk/client-s3';

/** Evidence prefixes: blobs and immutable records. Targets, probes, ledger files are not retained here. */
export const RETAINED_PREFIXES = ['blobs/', 'captures/', 'observations/', 'events/', 'seen/', 'custody/', 'audit/'] as const;

export const isRetainedKey = (key: string): boolean => RETAINED_PREFIXES.some((p) => key.startsWith(p));

/** Put parameters that lock `key` for `days` from `now` (none when days is 0 or the key is not evidence). */
export function retentionParams(key: string, days: number, now: Date): Pick<PutObjectCommandInput, 'ObjectLockMode' | 'ObjectLockRetainUntilDate'> {
  if (days <= 0 || !isRetainedKey(key)) return {};
  return { ObjectLockMode: 'COMPLIANCE', ObjectLockRetainUntilDate: new Date(now.getTime() + days * 86_400_000) };
}
