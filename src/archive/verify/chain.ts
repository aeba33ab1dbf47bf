// Pure checks of a run of ledger entries: continuity, canonical form, prev links.
import { GENESIS_PREV, entryHash, ledgerKey, parseEntry, type LedgerEntry } from '../ledger/entry.js';
import { fault, type Fault } from './faults.js';

export interface ChainCheck {
  entries: Map<number, LedgerEntry>;
  /** sha256 of each entry's stored bytes, by seq. */
  hashes: Map<number, string>;
  faults: Fault[];
}

/**
 * `bytes` maps seq → stored bytes. `from` is the first seq expected (0 for a whole ledger; a
 * package carries a segment) and `to` one past the last expected.
 */
export function checkChain(bytes: Map<number, Buffer>, from: number, to: number): ChainCheck {
  const out: ChainCheck = { entries: new Map(), hashes: new Map(), faults: [] };
  for (let seq = from; seq < to; seq++) {
    const b = bytes.get(seq);
    const key = ledgerKey(seq);
    if (!b) {
      out.faults.push(fault('ledger_gap', key, `${key} is missing: the ledger jumps from seq ${seq - 1} to a later entry, so entry ${seq} was removed`));
      continue;
    }
    out.hashes.set(seq, entryHash(b));
    try {
      out.entries.set(seq, parseEntry(b, key));
    } catch (err) {
      out.faults.push(fault('ledger_entry_invalid', key, `${(err as Error).message}; the entry was altered after it was written`));
    }
  }
  for (let seq = from; seq < to; seq++) {
    const e = out.entries.get(seq);
    if (!e) continue;
    if (seq === 0 && e.prev !== GENESIS_PREV) {
      out.faults.push(fault('ledger_prev_mismatch', ledgerKey(0), `${ledgerKey(0)} is the first entry but its prev is ${e.prev}, not 64 zeros`));
    }
    const prevHash = out.hashes.get(seq - 1);
    if (seq > 0 && prevHash !== undefined && e.prev !== prevHash) {
      const pk = ledgerKey(seq - 1);
      out.faults.push(
        fault('ledger_prev_mismatch', pk, `${pk} hashes to ${prevHash} but ${ledgerKey(seq)} records prev ${e.prev}: entry ${seq - 1} was edited after entry ${seq} was written`),
      );
    }
  }
  return out;
}
