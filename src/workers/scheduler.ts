// Scheduler: a due-set in Redis (ZSET target -> next due time). Each tick atomically takes the
// due targets and pushes their next due time forward, then queues observe jobs whose ids are
// derived from (target, due time): several schedulers never create duplicate polls.
import { createHash } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { DEFAULT_JOB_OPTS, jobId } from './queues.js';

const TAKE_DUE = `
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'LIMIT', 0, tonumber(ARGV[2]))
local now = tonumber(ARGV[1])
local out = {}
for _, id in ipairs(ids) do
  local due = tonumber(redis.call('ZSCORE', KEYS[1], id))
  local def = redis.call('HGET', KEYS[2], id)
  if def then
    local every = tonumber(cjson.decode(def).everyMs)
    local nxt = due + every
    if nxt <= now then nxt = now + every end
    redis.call('ZADD', KEYS[1], nxt, id)
    table.insert(out, id)
    table.insert(out, tostring(due))
    table.insert(out, def)
  else
    redis.call('ZREM', KEYS[1], id)
  end
end
return out
`;

export interface SchedulerDeps {
  redis: Redis;
  prefix: string;
  observe: Queue;
  log: Logger;
  tickMs: number;
  jitterMs: number;
  /** Max targets queued per tick. */
  batch?: number;
  now?: () => number;
}

export interface Scheduler {
  schedule(targetId: string, spec: string, everyMs: number, opts?: { firstAt?: number }): Promise<void>;
  unschedule(targetId: string): Promise<void>;
  /** Queue every due target once; returns how many were queued. */
  tick(): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

/** Deterministic spread of first polls over the jitter window. */
const jitterFor = (id: string, jitterMs: number): number =>
  jitterMs <= 0 ? 0 : createHash('sha256').update(id).digest().readUInt32BE(0) % jitterMs;

export function createScheduler(d: SchedulerDeps): Scheduler {
  const dueKey = `${d.prefix}:due`;
  const defKey = `${d.prefix}:sched`;
  const now = d.now ?? Date.now;
  const log = d.log.child({ component: 'scheduler' });
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();

  async function tick(): Promise<number> {
    const raw = (await d.redis.eval(TAKE_DUE, 2, dueKey, defKey, String(now()), String(d.batch ?? 5000))) as string[];
    const jobs = [];
    for (let i = 0; i < raw.length; i += 3) {
      const [id, due, def] = [raw[i], Number(raw[i + 1]), JSON.parse(raw[i + 2]) as { spec: string }];
      jobs.push({ name: 'observe', data: { targetId: id, spec: def.spec, dueAt: due, reason: 'scheduled' as const }, opts: { ...DEFAULT_JOB_OPTS, jobId: jobId('obs', id, due) } });
    }
    if (jobs.length) await d.observe.addBulk(jobs);
    if (jobs.length) log.debug({ queued: jobs.length }, 'tick');
    return jobs.length;
  }

  return {
    async schedule(targetId, spec, everyMs, opts = {}) {
      const first = opts.firstAt ?? now() + jitterFor(targetId, d.jitterMs);
      await d.redis.multi().hset(defKey, targetId, JSON.stringify({ spec, everyMs })).zadd(dueKey, 'NX', first, targetId).exec();
    },
    async unschedule(targetId) {
      await d.redis.multi().hdel(defKey, targetId).zrem(dueKey, targetId).exec();
    },
    tick,
    start() {
      timer = setInterval(() => {
        running = tick().catch((err) => log.warn({ err }, 'tick failed'));
      }, d.tickMs);
    },
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
