// Pure checks of a run of ledger entries: continuity, canonical form, prev links. The walker takes
// one entry at a time (bucket verification streams millions); checkChain runs it over a map.
import { GENESIS_PREV, entryHash, ledgerKey, parseEntry, type LedgerEntry } from '../ledger/entry.js';
import { fault, type Fault } from './faults.js';

export interface ChainCheck {
  entries: Map<number, LedgerEntry>;
  /** sha256 of each entry's stored bytes, by seq. */
  hashes: Map<number, string>;
  faults: Fault[];
}

export interface ChainStep {
  /** sha256 of the stored bytes (undefined for a missing entry). */
  hash?: string;
  /** The parsed entry (undefined when missing or invalid). */
  entry?: LedgerEntry;
}

export interface ChainWalker {
  /** The next entry, in seq order; `bytes` null when it is missing. Faults go to `faults`. */
  step(seq: number, bytes: Buffer | null, faults: Fault[]): ChainStep;
}

export function createChainWalker(): ChainWalker {
  let prevHash: string | undefined;
  return {
    step(seq, bytes, faults) {
      const key = ledgerKey(seq);
      if (!bytes) {
        faults.push(fault('ledger_gap', key, `${key} is missing: the ledger jumps from seq ${seq - 1} to a later entry, so entry ${seq} was removed`));
        prevHash = undefined;
        return {};
      }
      const hash = entryHash(bytes);
      let entry: LedgerEntry | undefined;
      try {
        entry = parseEntry(bytes, key);
      } catch (err) {
        faults.push(fault('ledger_entry_invalid', key, `${(err as Error).message}; the entry was altered after it was written`));
      }
      if (entry && seq === 0 && entry.prev !== GENESIS_PREV) {
        faults.push(fault('ledger_prev_mismatch', ledgerKey(0), `${ledgerKey(0)} is the first entry but its prev is ${entry.prev}, not 64 zeros`));
      }
      if (entry && seq > 0 && prevHash !== undefined && entry.prev !== prevHash) {
        const pk = ledgerKey(seq - 1);
        faults.push(fault('ledger_prev_mismatch', pk, `${pk} hashes to ${prevHash} but ${key} records prev ${entry.prev}: entry ${seq - 1} was edited after entry ${seq} was written`));
      }
      prevHash = hash;
      return { hash, entry };
    },
  };
}

/**
 * `bytes` maps seq → stored bytes. `from` is the first seq expected (0 for a whole ledger; a
 * package carries a segment) and `to` one past the last expected.
 */
export function checkChain(bytes: Map<number, Buffer>, from: number, to: number): ChainCheck {
  const out: ChainCheck = { entries: new Map(), hashes: new Map(), faults: [] };
  const walker = createChainWalker();
  for (let seq = from; seq < to; seq++) {
    const s = walker.step(seq, bytes.get(seq) ?? null, out.faults);
    if (s.hash !== undefined) out.hashes.set(seq, s.hash);
    if (s.entry) out.entries.set(seq, s.entry);
  }
  return out;
}
