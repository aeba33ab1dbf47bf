// Shared plumbing of one Vigil process: embedded services when no URLs are set, Redis, the
// object store, the Archive (outbox + ledger), queues, hot state, fetcher and scheduler.
import { join } from 'node:path';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Settings } from '../config/schema.js';
import { createArchive, type Archive } from '../archive/archive.js';
import { openOutbox } from '../archive/outbox.js';
import { createSeenLog, type SeenLog } from '../archive/seen-log.js';
import { createS3Store, type S3Store } from '../archive/s3-store.js';
import { createLedger } from '../archive/ledger/index.js';
import { startEmbeddedRedis } from '../services/redis.js';
import { startEmbeddedS3 } from '../services/s3.js';
import { createHttpFetcher, type HttpFetcher } from '../fetch/http-fetcher.js';
import { createRedisLimiter } from '../fetch/rate-limit.js';
import { createStateStore, type StateStore } from '../workers/state-store.js';
import { createQueues, closeQueues, type Queues } from '../workers/runtime.js';
import { createScheduler, type Scheduler } from '../workers/scheduler.js';

export interface Core {
  settings: Settings;
  log: Logger;
  redis: Redis;
  redisUrl: string;
  store: S3Store;
  archive: Archive;
  seen: SeenLog;
  fetcher: HttpFetcher;
  states: StateStore;
  queues: Queues;
  scheduler: Scheduler;
  close(): Promise<void>;
}

export interface CoreOptions {
  /** Append every record to the ledger (default true). */
  ledger?: boolean;
  seenFlushMs?: number;
}

export async function openCore(settings: Settings, log: Logger, opts: CoreOptions = {}): Promise<Core> {
  const stops: (() => Promise<void>)[] = [];
  try {
    let redisUrl = settings.redis.url;
    if (!redisUrl) {
      const r = await startEmbeddedRedis({ dataDir: settings.dataDir, log });
      stops.unshift(() => r.stop());
      redisUrl = r.url;
    }
    let s3 = settings.s3;
    if (!s3.endpoint) {
      const e = await startEmbeddedS3({ dataDir: settings.dataDir, bucket: s3.bucket, log });
      stops.unshift(() => e.stop());
      s3 = { ...s3, endpoint: e.endpoint, accessKeyId: e.accessKeyId, secretAccessKey: e.secretAccessKey };
    }
    const redis = new Redis(redisUrl, { maxRetriesPerRequest: null, enableAutoPipelining: true });
    stops.unshift(async () => void (await redis.quit().catch(() => undefined)));
    const store = createS3Store({ settings: s3, log, maxAttempts: 2 });
    stops.unshift(async () => store.close());
    await store.ensureBucket();
    const prefix = settings.redis.prefix;
    const outbox = await openOutbox({ dir: join(settings.dataDir, 'outbox'), log, retryMs: settings.archive.outboxRetry });
    const ledger = opts.ledger === false ? undefined : createLedger({ redis, store, log, prefix });
    const archive = createArchive({ store, log, outbox, ledger });
    archive.start();
    stops.unshift(() => archive.stop());
    const seen = createSeenLog({ archive, log, flushEveryMs: opts.seenFlushMs ?? 10_000, maxEntries: 5000 });
    seen.start();
    stops.unshift(() => seen.stop());
    const fetcher = createHttpFetcher({
      network: settings.network,
      log,
      limiter: createRedisLimiter(redis, { prefix, perHostRps: settings.network.perHostRps }),
      connections: Math.max(16, settings.network.concurrency * 2),
    });
    stops.unshift(() => fetcher.close());
    const queues = createQueues(redis, prefix);
    stops.unshift(() => closeQueues(queues));
    const scheduler = createScheduler({ redis, prefix, observe: queues.observe, log, tickMs: settings.scheduler.tick, jitterMs: settings.scheduler.jitter });
    stops.unshift(() => scheduler.stop());
    return {
      settings,
      log,
      redis,
      redisUrl,
      store,
      archive,
      seen,
      fetcher,
      states: createStateStore(redis, prefix),
      queues,
      scheduler,
      close: () => runAll(stops),
    };
  } catch (e) {
    await runAll(stops);
    throw e;
  }
}

async function runAll(stops: (() => Promise<void>)[]): Promise<void> {
  for (const s of stops) await s().catch(() => undefined);
}
