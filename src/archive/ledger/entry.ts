// Ledger entries: serialized once with sorted keys; the stored bytes are what gets hashed, so
// `sha256sum ledger/<seq>.json` reproduces the `prev` recorded in the next entry.
import { sha256Hex } from '../../ids.js';
import { jsonBytes } from '../json.js';
import { z } from 'zod';
import { VigilError } from '../../errors.js';

export const GENESIS_PREV = '0'.repeat(64);
export const LEDGER_PREFIX = 'ledger/';
export const ENTRY_TYPES = ['capture', 'observation', 'event', 'custody', 'seen'] as const;

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/);

export const LedgerEntry = z
  .object({
    v: z.literal(1),
    seq: z.number().int().nonnegative(),
    prev: Hex64,
    ts: z.string(),
    type: z.enum(ENTRY_TYPES),
    key: z.string().min(1),
    sha256: Hex64,
    size: z.number().int().nonnegative(),
    versionId: z.string().optional(),
    writer: z.string(),
    fence: z.number().int().nonnegative(),
  })
  .strict();
export type LedgerEntry = z.infer<typeof LedgerEntry>;

/** What a caller hands to the ledger (the rest is filled in under the writer lock). */
export type EntryInput = Pick<LedgerEntry, 'type' | 'key' | 'sha256' | 'size' | 'versionId'>;

export const ledgerKey = (seq: number): string => `${LEDGER_PREFIX}${String(seq).padStart(12, '0')}.json`;

/** Sequence number from a ledger key, or null when the key is not a ledger entry. */
export function seqFromKey(key: string): number | null {
  const m = /^ledger\/(\d{12})\.json$/.exec(key);
  return m ? Number(m[1]) : null;
}

export { sha256Hex };

/** Sorted keys, no whitespace, undefined dropped, trailing newline (so `cat` prints nicely): the archive's record form. */
export const serializeEntry = (e: LedgerEntry): Buffer => jsonBytes(e);

export const entryHash = (bytes: Buffer): string => sha256Hex(bytes);

/**
 * Parse stored entry bytes. Rejects non-canonical bytes too: an entry is only valid in the
 * exact form it was hashed in, so a re-serialized (even semantically equal) edit is caught.
 */
export function parseEntry(bytes: Buffer, key?: string): LedgerEntry {
  const where = key ?? 'ledger entry';
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch (cause) {
    throw new VigilError('VGL_VERIFY_FAILED', `${where}: not valid JSON`, { cause });
  }
  const r = LedgerEntry.safeParse(raw);
  if (!r.success) {
    const why = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new VigilError('VGL_VERIFY_FAILED', `${where}: not a ledger entry (${why})`);
  }
  if (!serializeEntry(r.data).equals(bytes)) {
    throw new VigilError('VGL_VERIFY_FAILED', `${where}: bytes are not in canonical form (edited by hand?)`);
  }
  if (key !== undefined && seqFromKey(key) !== r.data.seq) {
    throw new VigilError('VGL_VERIFY_FAILED', `${where}: holds seq ${r.data.seq}, which does not match its key`);
  }
  return r.data;
}
