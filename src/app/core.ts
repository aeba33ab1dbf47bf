// Shared plumbing of one Vigil process: embedded services when no URLs are set, Redis, the
// object store, the Archive (outbox + ledger), queues, hot state, fetcher and scheduler.
import type { Redis } from 'ioredis';
import { createRedisClient } from './redis-client.js';
import type { Logger } from 'pino';
import { Registry } from 'prom-client';
import type { Settings } from '../config/schema.js';
import type { Archive } from '../archive/archive.js';
import { openArchive } from '../archive/open.js';
import type { SeenLog } from '../archive/seen-log.js';
import { createS3Store, type S3Store } from '../archive/s3-store.js';
import { createLedger, startLedgerRepair } from '../archive/ledger/index.js';
import { startServices } from '../services/index.js';
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
  /** Prometheus registry of this process (served on /metrics by the web role). */
  metrics: Registry;
  close(): Promise<void>;
}

export interface CoreOptions {
  /** Append every record to the ledger (default true). */
  ledger?: boolean;
}

export async function openCore(settings: Settings, log: Logger, opts: CoreOptions = {}): Promise<Core> {
  const stops: (() => Promise<void>)[] = [];
  try {
    // Embedded redis-server / s3rver when no URL is set; a second process on the same data dir
    // joins the first one's services (<dataDir>/run/services.json) instead of starting its own.
    const services = await startServices(settings, log);
    stops.unshift(() => services.stop());
    const { redisUrl, s3 } = services;
    const redis = createRedisClient(settings.redis, redisUrl);
    stops.unshift(async () => void (await redis.quit().catch(() => undefined)));
    const prefix = settings.redis.prefix;
    const s3Settings = { ...settings, s3 };
    // The ledger gets its own store client; the Archive appends to it after each durable write.
    let ledger;
    if (opts.ledger !== false) {
      const ledgerStore = createS3Store({ settings: s3, log });
      stops.unshift(async () => ledgerStore.close());
      ledger = createLedger({ redis, store: ledgerStore, log, prefix });
      // Crash repair runs wherever the ledger is written (worker, scheduler or web), not only in web.
      const stopRepair = await startLedgerRepair(ledger, log);
      stops.unshift(async () => stopRepair());
    }
    const metrics = new Registry();
    const opened = await openArchive({ settings: s3Settings, log, ledger, metrics });
    stops.unshift(() => opened.close());
    const { archive, seen, store } = opened;
    const fetcher = createHttpFetcher({
      network: settings.network,
      log,
      limiter: createRedisLimiter(redis, { prefix, perHostRps: settings.network.perHostRps, perPlatformRps: settings.network.perPlatformRps, maxRetryAfterMs: settings.network.maxRetryAfter }),
      connections: Math.max(16, settings.network.concurrency * 2),
    });
    stops.unshift(() => fetcher.close());
    const queues = createQueues(redis, prefix);
    stops.unshift(() => closeQueues(queues));
    const sch = settings.scheduler;
    const scheduler = createScheduler({ redis, prefix, observe: queues.observe, log, tickMs: sch.tick, jitterMs: sch.jitter, batch: sch.batch, maxPerTick: sch.maxPerTick, leaseMs: sch.claimLease, adaptive: sch.adaptive });
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
      metrics,
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
