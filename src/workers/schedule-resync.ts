// The scheduler's due-set lives in Redis. If Redis loses it (FLUSHALL, a Redis without its data),
// polling would stop silently. The scheduler role keeps a marker key next to it and checks it every
// few seconds: a missing marker means the due-set must be rebuilt from the target definitions in
// the bucket (syncTargets). Every `fullEveryMs` it re-syncs anyway (targets added or changed by
// another process, a due-set edited by hand); existing due times are kept (ZADD NX).
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { startMarkerLoop } from './state-recovery.js';

export const syncedKey = (prefix: string): string => `${prefix}:sched:synced`;

export interface ScheduleResyncDeps {
  redis: Redis;
  prefix: string;
  log: Logger;
  /** Schedules every stored target (idempotent); returns how many. */
  sync(): Promise<number>;
  checkEveryMs: number;
  fullEveryMs: number;
  now?: () => number;
}

/** Marks the due-set as synced (call after the start-up sync). */
export const markSynced = (redis: Redis, prefix: string): Promise<unknown> => redis.set(syncedKey(prefix), new Date().toISOString());

/** Starts the check loop; returns stop(). */
export function startScheduleResync(d: ScheduleResyncDeps): () => Promise<void> {
  const now = d.now ?? Date.now;
  const log = d.log.child({ component: 'scheduler' });
  let lastFull = now();
  const check = async () => {
    const lost = (await d.redis.exists(syncedKey(d.prefix))) === 0;
    if (!lost && now() - lastFull < d.fullEveryMs) return;
    const n = await d.sync();
    await markSynced(d.redis, d.prefix);
    lastFull = now();
    if (lost) log.warn({ targets: n }, 'the due-set was gone from Redis: rebuilt from the target definitions in the bucket');
    else log.info({ targets: n }, 'due-set re-synced');
  };
  return startMarkerLoop(check, d.checkEveryMs, log, 'schedule re-sync failed; retried');
}
