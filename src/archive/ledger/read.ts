// Reading ledger entries back: in order with a bounded window of reads in flight (verify, export,
// checkpoints, tile rebuilds stay flat in memory however long the ledger is).
import { VigilError } from '../../errors.js';
import type { ObjectStore } from '../types.js';
import { ledgerKey } from './entry.js';

/** Entries [from, to) in seq order, `bytes` null where an entry is missing; at most `window` reads in flight. */
export async function* streamEntries(store: Pick<ObjectStore, 'get'>, from: number, to: number, window = 32): AsyncGenerator<{ seq: number; bytes: Buffer | null }> {
  const q: Promise<Buffer | null>[] = [];
  let next = from;
  const fill = () => {
    while (next < to && q.length < window) {
      const p = store.get(ledgerKey(next++));
      p.catch(() => undefined); // rejections surface when awaited, in order
      q.push(p);
    }
  };
  fill();
  for (let seq = from; seq < to; seq++) {
    const bytes = await q.shift()!;
    fill();
    yield { seq, bytes };
  }
}

/** Bytes of entries [from, to), in order; a missing entry is an error (the chain must be whole). Callers bound to - from. */
export async function readEntryBytes(store: ObjectStore, from: number, to: number, concurrency = 16): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for await (const { seq, bytes } of streamEntries(store, from, to, concurrency)) {
    if (!bytes) throw new VigilError('VGL_VERIFY_FAILED', `${ledgerKey(seq)} is missing: the ledger has a gap; run \`vigil verify --bucket\``);
    out.push(bytes);
  }
  return out;
}

/** Largest seq in the bucket's ledger/ listing (-1 when empty), without holding the listing. */
export async function lastListedSeq(store: Pick<ObjectStore, 'list'>, seqOf: (key: string) => number | null): Promise<number> {
  let max = -1;
  for await (const k of store.list('ledger/')) {
    const s = seqOf(k);
    if (s !== null && s > max) max = s;
  }
  return max;
}
