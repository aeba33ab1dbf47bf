// Wiring for a worker process: S3 store from settings, bucket ensured, capabilities probed,
// outbox under <dataDir>/outbox (drain loop started), Archive and seen-log. close() stops the
// loops, flushes the seen buffer and makes one last outbox drain.
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Settings } from '../config/schema.js';
import { isVigilError } from '../errors.js';
import { createArchive, type Archive } from './archive.js';
import { openOutbox } from './outbox.js';
import { createS3Store, type S3Store } from './s3-store.js';
import { createSeenLog, type SeenLog } from './seen-log.js';
import type { LedgerSink } from './types.js';

export interface OpenedArchive {
  archive: Archive;
  seen: SeenLog;
  store: S3Store;
  close(): Promise<void>;
}

export interface OpenArchiveDeps {
  /** `integrity.objectLockDays` turns on Object Lock retention for evidence puts when the bucket supports it. */
  settings: Pick<Settings, 'dataDir' | 's3' | 'archive'> & Partial<Pick<Settings, 'integrity'>>;
  log: Logger;
  ledger?: LedgerSink;
  /** Prometheus registry for the seen-log's spill/drop counters. */
  metrics?: Registry;
}

export async function openArchive(deps: OpenArchiveDeps): Promise<OpenedArchive> {
  const { settings, log } = deps;
  const store = createS3Store({ settings: settings.s3, log, objectLockDays: settings.integrity?.objectLockDays });
  try {
    await store.ensureBucket();
    await store.probe();
    await store.objectLock(); // checked (and warned about) once, at start
  } catch (err) {
    // A store that is down at boot is not fatal: writes go to the outbox until it is back.
    if (!isVigilError(err, 'VGL_STORE_UNAVAILABLE')) {
      store.close();
      throw err;
    }
    log.warn({ err }, 'object store unavailable at start; spooling to the outbox');
  }
  const outbox = await openOutbox({ dir: resolve(settings.dataDir, 'outbox'), log, retryMs: settings.archive.outboxRetry, maxBytes: settings.archive.outboxMaxBytes });
  const archive = createArchive({ store, log, ledger: deps.ledger, outbox, knownBlobs: settings.archive.knownBlobs });
  const seen = createSeenLog({
    archive,
    log,
    flushEveryMs: settings.archive.seenFlushEvery,
    maxEntries: settings.archive.seenMaxEntries,
    maxBuffered: settings.archive.seenMaxBuffered,
    metrics: deps.metrics,
  });
  archive.start();
  seen.start();
  return {
    archive,
    seen,
    store,
    async close() {
      await seen.stop().catch((err: unknown) => log.error({ err }, 'seen flush on close failed'));
      await archive.stop();
      store.close();
    },
  };
}
