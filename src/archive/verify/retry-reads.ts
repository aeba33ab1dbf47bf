// Verify reads every object of a large bucket; under load an S3 server drops a connection now and
// then (ECONNRESET mid-body, a 503). Such a read is retried a few times with backoff before verify
// gives up, and when it does give up it says the store failed (VGL_STORE_UNAVAILABLE naming the
// key), never that the object is missing or altered: a fault in the report is about the evidence.
import { VigilError, isVigilError } from '../../errors.js';
import { isUnavailable } from '../store-errors.js';
import type { StreamingStore } from './bucket.js';

export interface ReadRetry {
  /** Tries per read, the first included (default 4). */
  attempts?: number;
  /** First backoff; doubled per retry, with jitter (default 250 ms). */
  baseMs?: number;
  /** Hears each retry (logging); tests count them. */
  onRetry?: (info: { key: string; attempt: number; err: unknown }) => void;
  /** Injected in tests. */
  sleep?: (ms: number) => Promise<void>;
}

/** A failure that says "try again": the store's own classification, or a raw network error of a body stream. */
export const isTransientRead = (err: unknown): boolean => isVigilError(err, 'VGL_STORE_UNAVAILABLE') || (!isVigilError(err) && isUnavailable(err));

const defaultSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Runs one read of `key`, retrying transient failures; the last one is rethrown as VGL_STORE_UNAVAILABLE. */
export async function retryRead<T>(key: string, read: () => Promise<T>, o: ReadRetry = {}): Promise<T> {
  const attempts = Math.max(1, o.attempts ?? 4);
  const base = o.baseMs ?? 250;
  const sleep = o.sleep ?? defaultSleep;
  for (let attempt = 1; ; attempt++) {
    try {
      return await read();
    } catch (err) {
      if (!isTransientRead(err)) throw err;
      if (attempt >= attempts) {
        if (isVigilError(err)) throw err;
        const why = (err as { code?: string }).code ?? (err as Error).message;
        throw new VigilError('VGL_STORE_UNAVAILABLE', `reading ${key} failed ${attempts} times (${why}); the object store is unreliable right now, run verify again when it is healthy`, { cause: err, details: { key } });
      }
      o.onRetry?.({ key, attempt, err });
      await sleep(base * 2 ** (attempt - 1) * (0.75 + Math.random() / 2));
    }
  }
}

/** The store with get/head retried (getStream is retried by whoever consumes the whole stream). */
export function retryingReads(store: StreamingStore, o: ReadRetry = {}): StreamingStore {
  return {
    put: (k, b, opts) => store.put(k, b, opts),
    list: (p) => store.list(p),
    ping: () => store.ping(),
    get: (k) => retryRead(k, () => store.get(k), o),
    head: (k) => retryRead(k, () => store.head(k), o),
    ...(store.getStream ? { getStream: (k: string) => store.getStream!(k) } : {}),
  };
}
