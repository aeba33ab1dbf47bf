// Buffers "polled, unchanged" entries and writes them as one seen/… object per flush, so an
// unchanged poll adds ~150 bytes to the bucket and no blob. Flushes every `flushEveryMs`, when
// `maxEntries` are buffered, and on stop(). The buffer is in memory: a crash loses at most one
// flush interval of "still there" proofs, never content (changed polls are full observations).
import type { Logger } from 'pino';
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
}

export interface SeenLogDeps {
  archive: Pick<Archive, 'putSeen'>;
  log: Logger;
  flushEveryMs: number;
  maxEntries: number;
  now?: () => number;
}

/** Pure: the batch object for a set of entries, sorted by time then target so retries are stable. */
export function buildSeenBatch(id: string, entries: readonly SeenEntry[]): SeenBatch {
  const sorted = [...entries].sort((a, b) => (a.at === b.at ? a.target.localeCompare(b.target) : a.at < b.at ? -1 : 1));
  return { v: 1, id, from: sorted[0]?.at ?? '', to: sorted.at(-1)?.at ?? '', entries: sorted };
}

export function createSeenLog(deps: SeenLogDeps): SeenLog {
  const log = deps.log.child({ component: 'seen-log' });
  const now = deps.now ?? Date.now;
  let buffer: SeenEntry[] = [];
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<StoredRef | null> | undefined;

  const flushOnce = async (): Promise<StoredRef | null> => {
    if (buffer.length === 0) return null;
    const entries = buffer;
    buffer = [];
    try {
      const ref = await deps.archive.putSeen(buildSeenBatch(newId(now()), entries));
      log.debug({ key: ref.key, entries: entries.length, size: ref.size }, 'seen batch written');
      return ref;
    } catch (err) {
      buffer = entries.concat(buffer); // keep them for the next flush
      throw err;
    }
  };

  const seen: SeenLog = {
    record(entry) {
      buffer.push(SeenEntry.parse(entry));
      if (buffer.length >= deps.maxEntries) void seen.flush().catch((err: unknown) => log.warn({ err }, 'seen flush failed'));
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
      await seen.flush();
    },
    buffered: () => buffer.length,
  };
  return seen;
}
