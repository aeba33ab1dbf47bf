// Ledger positions for citations in the API: record key -> ledger seq, found through the
// checkpoints' ledger-index only (never a scan per request). A record not yet covered by a
// checkpoint has no position yet and is asked again next time; found positions never change, so
// they are cached.
import { sha256Hex } from './entry.js';
import { locateEntries } from './ledger-index.js';
import type { ObjectStore } from '../types.js';

export type LedgerPositions = (keys: readonly string[]) => Promise<Map<string, number>>;

export function createLedgerPositions(store: ObjectStore, max = 50_000): LedgerPositions {
  const known = new Map<string, number>();
  const remember = (k: string, seq: number) => {
    known.set(k, seq);
    if (known.size > max) known.delete(known.keys().next().value!);
  };
  return async (keys) => {
    const out = new Map<string, number>();
    const wants = new Map<string, string>();
    for (const k of new Set(keys)) {
      const seq = known.get(k);
      if (seq !== undefined) {
        out.set(k, seq);
        continue;
      }
      const bytes = await store.get(k);
      if (bytes) wants.set(k, sha256Hex(bytes));
    }
    if (wants.size) {
      for (const [k, l] of await locateEntries(store, wants, { scan: false, maxIndexReads: 50 })) {
        remember(k, l.seq);
        out.set(k, l.seq);
      }
    }
    return out;
  };
}
