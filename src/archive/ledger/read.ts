// Reading ledger entries back in bounded parallel batches (verify, export, checkpoints).
import pLimit from 'p-limit';
import { VigilError } from '../../errors.js';
import type { ObjectStore } from '../types.js';
import { ledgerKey } from './entry.js';

/** Bytes of entries [from, to), in order; a missing entry is an error (the chain must be whole). */
export async function readEntryBytes(store: ObjectStore, from: number, to: number, concurrency = 16): Promise<Buffer[]> {
  const limit = pLimit(concurrency);
  const seqs = Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
  return Promise.all(
    seqs.map((seq) =>
      limit(async () => {
        const b = await store.get(ledgerKey(seq));
        if (!b) throw new VigilError('VGL_VERIFY_FAILED', `${ledgerKey(seq)} is missing: the ledger has a gap; run \`vigil verify --bucket\``);
        return b;
      }),
    ),
  );
}
