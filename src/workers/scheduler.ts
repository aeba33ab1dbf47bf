// Scheduler: a due-set in Redis (ZSET target -> next due time). A tick costs O(due · log N), never
// O(watched): one Lua script atomically claims up to `batch` due targets (their score moves to
// now + lease, so a second scheduler cannot take them), the observe jobs are queued in one bulk
// call with ids derived from (target, due time) (BullMQ drops duplicates), and only then is each
// target's real next due time written (adaptive interval + jitter, tempo.ts). A scheduler that dies
// between claim and enqueue loses nothing: the lease expires and the target is due again.
// All keys share `redis.prefix`, so a `{hash-tag}` prefix keeps them in one Redis Cluster slot.
import { createHash } from 'node:crypto';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { DEFAULT_JOB_OPTS, jobId } from './queues.js';
import { decodeTempo, intervalFor, modeOf, nextDue, type AdaptiveSettings, type TempoMode } from './tempo.js';

// KEYS: due, sched, tempo. ARGV: now, batch, lease until. Returns [id, due, def, tempo]*.
const CLAIM_DUE = `
local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[1], 'WITHSCORES', 'LIMIT', 0, tonumber(ARGV[2]))
local out = {}
for i = 1, #ids, 2 do
  local id = ids[i]
  local def = redis.call('HGET', KEYS[2], id)
  if def then
    redis.call('ZADD', KEYS[1], 'XX', ARGV[3], id)
    table.insert(out, id)
    table.insert(out, ids[i + 1])
    table.insert(out, def)
    table.insert(out, redis.call('HGET', KEYS[3], id) or '')
  else
    redis.call('ZREM', KEYS[1], id)
  end
end
return out
`;

export const ADAPTIVE_OFF: AdaptiveSettings = { enabled: false, hotFactor: 1, minEvery: 0, dormantAfter: Infinity, dormantFactor: 1, maxEvery: Infinity };

export interface SchedulerDeps {
  redis: Redis;
  prefix: string;
  observe: Queue;
  log: Logger;
  tickMs: number;
  jitterMs: number;
  /** Max targets claimed per Lua call (a tick loops until the due set is drained or maxPerTick). */
  batch?: number;
  /** Max targets queued per tick (back-pressure on a huge backlog). */
  maxPerTick?: number;
  /** A claimed target becomes due again after this if its scheduler dies before queuing it. */
  leaseMs?: number;
  adaptive?: AdaptiveSettings;
  now?: () => number;
}

export interface TickResult {
  queued: number;
  modes: Record<TempoMode, number>;
}

export interface Scheduler {
  schedule(targetId: string, spec: string, everyMs: number, opts?: { firstAt?: number }): Promise<void>;
  unschedule(targetId: string): Promise<void>;
  /** Queue every due target once; returns how many were queued. */
  tick(): Promise<number>;
  /** tick() with how many targets ran hot / normal / dormant. */
  tickDetailed(): Promise<TickResult>;
  start(): void;
  stop(): Promise<void>;
}

/** Deterministic spread of first polls over the jitter window. */
const jitterFor = (id: string, jitterMs: number): number =>
  jitterMs <= 0 ? 0 : createHash('sha256').update(id).digest().readUInt32BE(0) % jitterMs;

export const scheduleKeys = (prefix: string) => ({ due: `${prefix}:due`, sched: `${prefix}:sched`, tempo: `${prefix}:tempo` });

export function createScheduler(d: SchedulerDeps): Scheduler {
  const k = scheduleKeys(d.prefix);
  const now = d.now ?? Date.now;
  const log = d.log.child({ component: 'scheduler' });
  const batch = d.batch ?? 2000;
  const maxPerTick = d.maxPerTick ?? 50_000;
  const leaseMs = d.leaseMs ?? Math.max(30_000, d.tickMs * 10);
  const adaptive = d.adaptive ?? ADAPTIVE_OFF;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;

  async function claimAndQueue(t: number, out: TickResult): Promise<number> {
    const raw = (await d.redis.eval(CLAIM_DUE, 3, k.due, k.sched, k.tempo, String(t), String(batch), String(t + leaseMs))) as string[];
    if (!raw.length) return 0;
    const jobs = [];
    const nexts: (string | number)[] = [];
    for (let i = 0; i < raw.length; i += 4) {
      const id = raw[i];
      const due = Number(raw[i + 1]);
      let def: { spec: string; everyMs: number };
      try {
        def = JSON.parse(raw[i + 2]) as { spec: string; everyMs: number };
      } catch {
        log.error({ targetId: id }, 'unreadable schedule entry; target left claimed until re-synced');
        continue;
      }
      const mode = modeOf(decodeTempo(raw[i + 3]), t, adaptive);
      out.modes[mode]++;
      nexts.push(nextDue(id, due, t, intervalFor(def.everyMs, mode, adaptive), d.jitterMs), id);
      jobs.push({ name: 'observe', data: { targetId: id, spec: def.spec, dueAt: due, reason: 'scheduled' as const }, opts: { ...DEFAULT_JOB_OPTS, jobId: jobId('obs', id, due) } });
    }
    if (jobs.length) await d.observe.addBulk(jobs);
    // Only now the real next due time: XX, so a target unscheduled meanwhile stays gone.
    if (nexts.length) await d.redis.zadd(k.due, 'XX', ...nexts);
    return raw.length / 4;
  }

  async function tickDetailed(): Promise<TickResult> {
    const out: TickResult = { queued: 0, modes: { hot: 0, normal: 0, dormant: 0 } };
    const t = now();
    // Drain what is due now in batches; targets claimed here are no longer due, so this ends.
    while (out.queued < maxPerTick) {
      const n = await claimAndQueue(t, out);
      out.queued += n;
      if (n < batch) break;
    }
    if (out.queued) log.debug({ queued: out.queued, ...out.modes }, 'tick');
    return out;
  }

  return {
    async schedule(targetId, spec, everyMs, opts = {}) {
      const first = opts.firstAt ?? now() + jitterFor(targetId, d.jitterMs);
      await d.redis.multi().hset(k.sched, targetId, JSON.stringify({ spec, everyMs })).zadd(k.due, 'NX', first, targetId).exec();
    },
    async unschedule(targetId) {
      await d.redis.multi().hdel(k.sched, targetId).zrem(k.due, targetId).hdel(k.tempo, targetId).exec();
    },
    tick: async () => (await tickDetailed()).queued,
    tickDetailed,
    start() {
      timer = setInterval(() => {
        if (busy) return; // a slow tick (huge backlog) is never overlapped by the next one
        busy = true;
        running = tickDetailed()
          .catch((err) => log.warn({ err }, 'tick failed'))
          .finally(() => (busy = false));
      }, d.tickMs);
    },
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}
