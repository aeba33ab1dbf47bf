// Buffers "polled, unchanged" entries and writes them as one seen/… object per flush, so an
// unchanged poll adds ~150 bytes to the bucket and no blob. Flushes every `flushEveryMs`, when
// `maxEntries` are buffered, and on stop(). The buffer is in memory: a crash loses at most one
// flush interval of "still there" proofs, never content (changed polls are full observations).
//
// Bounded while the bucket is down or hangs: a full buffer whose flush is still running (or has
// failed) is spilled to the on-disk outbox as a seen batch, ledgered when the drain lands it.
// Only if spilling fails too (no outbox, disk error) are the oldest entries beyond `maxBuffered`
// dropped, counted (vigil_seen_dropped_entries_total) and warned about: seen entries are "still
// unchanged" proofs, so losing some loses little, but nothing is dropped while the disk takes it.
import type { Logger } from 'pino';
import { Counter, Gauge, type Registry } from 'prom-client';
import { newId } from '../ids.js';
import type { Archive, StoredRef } from './archive.js';
import { SeenEntry, type SeenBatch } from './seen-format.js';

export interface SeenLog {
  record(entry: SeenEntry): void;
  /** Writes the buffered entries as one object; null when there was nothing to write. */
  flush(): Promise<StoredRef | null>;
  start(): void;
  /** Stops the timer and flushes what is left. */
  stop(): Promise<void>;
  buffered(): number;
  /** Entries spilled to the outbox and dropped since start. */
  stats(): { buffered: number; spilled: number; dropped: number };
}

export interface SeenLogDeps {
  archive: Pick<Archive, 'putSeen' | 'spoolSeen'>;
  log: Logger;
  flushEveryMs: number;
  maxEntries: number;
  /** Hard bound of the buffer (archive.seenMaxBuffered); default 4 × maxEntries. */
  maxBuffered?: number;
  /** Where the spill/drop counters go (Prometheus). */
  metrics?: Registry;
  now?: () => number;
}

/** Pure: the batch object for a set of entries, sorted by time then target so retries are stable. */
export function buildSeenBatch(id: string, entries: readonly SeenEntry[]): SeenBatch {
  const sorted = [...entries].sort((a, b) => (a.at === b.at ? a.target.localeCompare(b.target) : a.at < b.at ? -1 : 1));
  return { v: 1, id, from: sorted[0]?.at ?? '', to: sorted.at(-1)?.at ?? '', entries: sorted };
}

function counters(registry: Registry | undefined) {
  const one = <T>(name: string, make: () => T): T => (registry?.getSingleMetric(name) as T | undefined) ?? make();
  const registers = registry ? [registry] : [];
  return {
    spilled: one('vigil_seen_spilled_entries_total', () => new Counter({ name: 'vigil_seen_spilled_entries_total', help: 'Seen entries written to the outbox because the bucket was slow or down', registers })),
    dropped: one('vigil_seen_dropped_entries_total', () => new Counter({ name: 'vigil_seen_dropped_entries_total', help: 'Seen entries dropped (oldest first) because neither the bucket nor the outbox took them', registers })),
    buffered: one('vigil_seen_buffered_entries', () => new Gauge({ name: 'vigil_seen_buffered_entries', help: 'Seen entries waiting in memory', registers })),
  };
}

export function createSeenLog(deps: SeenLogDeps): SeenLog {
  const log = deps.log.child({ component: 'seen-log' });
  const now = deps.now ?? Date.now;
  const maxBuffered = Math.max(deps.maxBuffered ?? deps.maxEntries * 4, deps.maxEntries);
  const m = counters(deps.metrics);
  let buffer: SeenEntry[] = [];
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<StoredRef | null> | undefined;
  let spilling: Promise<void> | undefined;
  let spilled = 0;
  let dropped = 0;
  let lastDropWarn = 0;

  const batchOf = (entries: SeenEntry[]) => buildSeenBatch(newId(now()), entries);

  /** Drops the oldest entries beyond the hard bound; counted and warned (at most every 10 s). */
  const bound = () => {
    const over = buffer.length - maxBuffered;
    if (over > 0) {
      buffer = buffer.slice(over);
      dropped += over;
      m.dropped.inc(over);
      if (now() - lastDropWarn >= 10_000) {
        lastDropWarn = now();
        log.warn({ dropped, maxBuffered }, 'seen buffer full and the outbox refused a spill: oldest entries dropped');
      }
    }
    m.buffered.set(buffer.length);
  };

  /** Writes `entries` to the outbox; on failure they go back to the buffer (then bounded). */
  const spillEntries = async (entries: SeenEntry[]): Promise<StoredRef | null> => {
    try {
      const ref = await deps.archive.spoolSeen(batchOf(entries));
      spilled += entries.length;
      m.spilled.inc(entries.length);
      log.warn({ entries: entries.length, key: ref.key }, 'seen entries spilled to the outbox (bucket slow or down)');
      return ref;
    } catch (err) {
      buffer = entries.concat(buffer);
      bound();
      throw err;
    }
  };

  /** A full buffer goes to the store, or to disk while a flush is still stuck in the store. */
  const drainFull = () => {
    if (buffer.length < deps.maxEntries) return;
    if (flushing) spill();
    else void seen.flush().catch((err: unknown) => log.warn({ err }, 'seen flush failed'));
  };

  const spill = () => {
    if (spilling || buffer.length === 0) return;
    const entries = buffer;
    buffer = [];
    m.buffered.set(0);
    spilling = spillEntries(entries).then(
      () => {
        spilling = undefined;
        drainFull(); // filled up again while we wrote: the disk takes it, go on
      },
      (err: unknown) => {
        spilling = undefined; // no retry loop: the next record or the timer tries again
        log.warn({ err }, 'seen spill to the outbox failed');
      },
    );
  };

  const flushOnce = async (): Promise<StoredRef | null> => {
    if (buffer.length === 0) return null;
    const entries = buffer;
    buffer = [];
    m.buffered.set(0);
    try {
      const ref = await deps.archive.putSeen(batchOf(entries));
      log.debug({ key: ref.key, entries: entries.length, size: ref.size }, 'seen batch written');
      return ref;
    } catch (err) {
      // The store failed in a way the Archive did not spool (or the ledger refused): spill them.
      log.warn({ err, entries: entries.length }, 'seen flush failed; spilling to the outbox');
      return spillEntries(entries);
    }
  };

  const seen: SeenLog = {
    record(entry) {
      buffer.push(SeenEntry.parse(entry));
      // A flush still running means the bucket is slow or hanging: don't wait for it in memory.
      drainFull();
      bound();
    },
    async flush() {
      // Serialize flushes; a flush requested during one runs right after it.
      while (flushing) await flushing.catch(() => undefined);
      flushing = flushOnce().finally(() => {
        flushing = undefined;
      });
      return flushing;
    },
    start() {
      if (timer) return;
      timer = setInterval(() => {
        void seen.flush().catch((err: unknown) => log.warn({ err }, 'seen flush failed'));
      }, deps.flushEveryMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await spilling;
      await seen.flush();
    },
    buffered: () => buffer.length,
    stats: () => ({ buffered: buffer.length, spilled, dropped }),
  };
  return seen;
}
