// Where a record sits in the ledger, without reading the ledger: each checkpoint publishes
// `ledger-index/<n>.txt`, one line `<seq> <sha256> <key as JSON>` per entry it added. To find a
// record, the exporter starts at the first checkpoint made after the record's id time (ULID) and
// reads index objects forward. The index is derived and never trusted: every hit is checked
// against the ledger entry itself, and anything not found is looked up by a streaming scan.
import type { Logger } from 'pino';
import { idTime } from '../../ids.js';
import type { ObjectStore } from '../types.js';
import { ledgerKey, parseEntry, seqFromKey } from './entry.js';
import { checkpointKey, checkpointSizeFromKey, parseBody } from './note.js';
import { streamEntries } from './read.js';

export interface IndexLine {
  seq: number;
  sha256: string;
  key: string;
}

export const indexKey = (size: number): string => `ledger-index/${String(size).padStart(12, '0')}.txt`;

export const formatIndex = (lines: readonly IndexLine[]): Buffer => Buffer.from(lines.map((l) => `${l.seq} ${l.sha256} ${JSON.stringify(l.key)}\n`).join(''));

export function parseIndex(b: Buffer): IndexLine[] {
  const out: IndexLine[] = [];
  for (const line of b.toString('utf8').split('\n')) {
    const m = /^(\d+) ([0-9a-f]{64}) (".*")$/.exec(line);
    if (!m) continue; // the index is a hint; a damaged line only costs a fallback scan
    try {
      out.push({ seq: Number(m[1]), sha256: m[2], key: JSON.parse(m[3]) as string });
    } catch {
      continue;
    }
  }
  return out;
}

/** Lower bound of when a record was ledgered: the time in its ULID (ids are made before the write). */
export function hintOf(key: string): number {
  const id = (key.split('/').pop() ?? '').split('.')[0];
  try {
    return /^[0-9A-HJKMNP-TV-Z]{26}$/.test(id) ? idTime(id) : 0;
  } catch {
    return 0;
  }
}

export interface LocateOptions {
  log?: Logger;
  /** Clock skew allowed between the machine that made an id and the one that checkpointed. */
  slackMs?: number;
  /** Index objects read per record before giving up on the index (then: streaming scan). */
  maxIndexReads?: number;
  /** Scan the whole ledger for what the index did not give (default true). */
  scan?: boolean;
}

export interface Located {
  seq: number;
  bytes: Buffer;
}

/** Ledger entries of `wants` (key -> sha256 of the record as stored now). */
export async function locateEntries(store: ObjectStore, wants: ReadonlyMap<string, string>, opts: LocateOptions = {}): Promise<Map<string, Located>> {
  const slack = opts.slackMs ?? 10 * 60_000;
  const maxReads = opts.maxIndexReads ?? 500;
  const hits = new Map<string, number>();
  const sizes: number[] = [];
  for await (const k of store.list('checkpoints/')) {
    const n = checkpointSizeFromKey(k);
    if (n !== null) sizes.push(n);
  }
  sizes.sort((a, b) => a - b);
  const times = new Map<number, number>();
  const timeAt = async (i: number): Promise<number> => {
    const n = sizes[i];
    if (!times.has(n)) {
      const b = await store.get(checkpointKey(n, 'body'));
      let t = 0;
      try {
        t = b ? Date.parse(parseBody(b).time) : 0;
      } catch {
        t = 0;
      }
      times.set(n, t);
    }
    return times.get(n)!;
  };
  const cache = new Map<number, IndexLine[]>();
  const indexAt = async (n: number): Promise<IndexLine[]> => {
    let lines = cache.get(n);
    if (!lines) {
      const b = await store.get(indexKey(n));
      lines = b ? parseIndex(b) : [];
      if (cache.size >= 64) cache.delete(cache.keys().next().value!);
      cache.set(n, lines);
    }
    return lines;
  };
  const firstAfter = async (t: number): Promise<number> => {
    let [lo, hi] = [0, sizes.length];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((await timeAt(mid)) >= t) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  };

  const ordered = [...wants.keys()].map((k) => ({ key: k, hint: hintOf(k) })).sort((a, b) => a.hint - b.hint);
  for (const { key, hint } of ordered) {
    for (let i = await firstAfter(hint - slack), reads = 0; !hits.has(key) && i < sizes.length && reads < maxReads; i++, reads++) {
      for (const l of await indexAt(sizes[i])) if (!hits.has(l.key) && wants.get(l.key) === l.sha256) hits.set(l.key, l.seq);
    }
  }

  // Never trust the index: the entry must name the key with that hash.
  const found = new Map<string, Located>();
  await Promise.all(
    [...hits].map(async ([key, seq]) => {
      const bytes = await store.get(ledgerKey(seq));
      if (!bytes) return;
      try {
        const e = parseEntry(bytes, ledgerKey(seq));
        if (e.key === key && e.sha256 === wants.get(key)) found.set(key, { seq, bytes });
      } catch {
        return;
      }
    }),
  );
  const missing = [...wants.keys()].filter((k) => !found.has(k));
  if (missing.length && opts.scan !== false) {
    opts.log?.warn({ records: missing.length }, 'ledger index did not locate every record; scanning the ledger');
    for (const [key, hit] of await scanLedger(store, new Map(missing.map((k) => [k, wants.get(k)!])))) found.set(key, hit);
  }
  return found;
}

/** The streaming fallback: every entry once, in order, bounded memory; the first matching entry wins. */
export async function scanLedger(store: ObjectStore, wants: ReadonlyMap<string, string>): Promise<Map<string, Located>> {
  let max = -1;
  for await (const k of store.list('ledger/')) max = Math.max(max, seqFromKey(k) ?? -1);
  const found = new Map<string, Located>();
  for await (const { seq, bytes } of streamEntries(store, 0, max + 1)) {
    if (!bytes) continue;
    let e;
    try {
      e = parseEntry(bytes, ledgerKey(seq));
    } catch {
      continue;
    }
    if (!found.has(e.key) && wants.get(e.key) === e.sha256) found.set(e.key, { seq, bytes });
    if (found.size === wants.size) break;
  }
  return found;
}
