// Scheduler on a real redis-server: due targets become observe jobs exactly once, even with
// several schedulers ticking at the same time.
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createScheduler } from '../../src/workers/scheduler.js';
import { createStateStore } from '../../src/workers/state-store.js';
import { emptyState } from '../../src/detect/state.js';
import { deterministicId } from '../../src/ids.js';
import { startRedis, type TestRedis } from '../helpers/startRedis.js';

let srv: TestRedis;
let redis: Redis;
beforeAll(async () => {
  srv = await startRedis();
  redis = new Redis(srv.url, { maxRetriesPerRequest: null });
});
afterAll(async () => {
  await redis.quit();
  await srv.close();
});

it('several schedulers queue each due target once per due time', async () => {
  let now = 1_000_000;
  const observe = new Queue('observe', { connection: redis, prefix: 'sch' });
  const mk = () => createScheduler({ redis, prefix: 'sch', observe, log: pino({ level: 'silent' }), tickMs: 1000, jitterMs: 0, now: () => now });
  const a = mk();
  const b = mk();
  for (let i = 0; i < 50; i++) await a.schedule(`t${i}`, `telegram:chan${i}`, 60_000, { firstAt: now });
  await b.schedule('t0', 'telegram:chan0', 60_000); // re-scheduling keeps the existing due time
  const [n1, n2] = await Promise.all([a.tick(), b.tick()]);
  expect(n1 + n2).toBe(50);
  expect(await a.tick()).toBe(0); // nothing due until the next period
  now += 60_000;
  expect((await Promise.all([a.tick(), b.tick(), a.tick()])).reduce((x, y) => x + y)).toBe(50);
  const jobs = await observe.getJobs(['waiting']);
  expect(jobs).toHaveLength(100);
  expect(new Set(jobs.map((j) => j.id)).size).toBe(100);
  expect(jobs.find((j) => j.data.targetId === 't7')?.data.spec).toBe('telegram:chan7');
  await a.unschedule('t7');
  now += 60_000;
  expect(await a.tick()).toBe(49);
  await observe.close();
});

it('drains a backlog larger than one batch in one tick, bounded by maxPerTick', async () => {
  const now = 5_000_000;
  const observe = new Queue('observe', { connection: redis, prefix: 'sch-b' });
  const s = createScheduler({ redis, prefix: 'sch-b', observe, log: pino({ level: 'silent' }), tickMs: 1000, jitterMs: 0, batch: 10, maxPerTick: 30, now: () => now });
  for (let i = 0; i < 35; i++) await s.schedule(`t${i}`, `telegram:c${i}`, 60_000, { firstAt: now - i });
  // Targets not yet due cost nothing and are not touched.
  for (let i = 0; i < 200; i++) await s.schedule(`later${i}`, `telegram:l${i}`, 60_000, { firstAt: now + 1000 + i });
  expect(await s.tick()).toBe(30);
  expect(await s.tick()).toBe(5);
  expect(await s.tick()).toBe(0);
  expect(await observe.count()).toBe(35);
  await observe.close();
});

it('a scheduler that dies between claim and enqueue loses no target: it is due again after the lease', async () => {
  let now = 7_000_000;
  const observe = new Queue('observe', { connection: redis, prefix: 'sch-l' });
  const broken = { addBulk: async () => Promise.reject(new Error('connection lost')) } as unknown as Queue;
  const mk = (q: Queue) => createScheduler({ redis, prefix: 'sch-l', observe: q, log: pino({ level: 'silent' }), tickMs: 1000, jitterMs: 0, leaseMs: 30_000, now: () => now });
  const dying = mk(broken);
  for (let i = 0; i < 5; i++) await dying.schedule(`t${i}`, `telegram:c${i}`, 3_600_000, { firstAt: now });
  await expect(dying.tick()).rejects.toThrow('connection lost');
  const good = mk(observe);
  expect(await good.tick()).toBe(0); // claimed: nobody else takes them during the lease
  now += 30_001;
  expect(await good.tick()).toBe(5);
  expect(await observe.count()).toBe(5);
  // The real next due time is now one interval later, not the lease.
  expect(Number(await redis.zscore('sch-l:due', 't0'))).toBeGreaterThanOrEqual(now + 3_600_000 - 1);
  await observe.close();
});

it('adapts intervals from the tempo the workers write: hot faster, dormant slower, within bounds', async () => {
  const now = Date.UTC(2026, 5, 1);
  const observe = new Queue('observe', { connection: redis, prefix: 'sch-a' });
  const adaptive = { enabled: true, hotFactor: 0.25, minEvery: 30_000, dormantAfter: 14 * 86_400_000, dormantFactor: 4, maxEvery: 6 * 3_600_000 };
  const s = createScheduler({ redis, prefix: 'sch-a', observe, log: pino({ level: 'silent' }), tickMs: 1000, jitterMs: 0, adaptive, now: () => now });
  const states = createStateStore(redis, 'sch-a');
  const every = 600_000;
  for (const id of ['hot', 'dormant', 'normal', 'fresh']) await s.schedule(id, `telegram:${id}`, every, { firstAt: now });
  const candidate = { id: 'e1', key: 'post_deleted:1', type: 'post_deleted' as const, target: 'hot', rule: 'r', confidence: 0.9, detectedAt: '', firstChangedAt: '', agree: 1, lastAgreeAt: '', evidence: [] };
  await states.save('hot', { ...emptyState(), lastObservationId: deterministicId(now - 30 * 86_400_000, 'a'), open: [candidate] });
  await states.save('dormant', { ...emptyState(), lastObservationId: deterministicId(now - 30 * 86_400_000, 'b') });
  await states.save('normal', { ...emptyState(), lastObservationId: deterministicId(now - 86_400_000, 'c') });
  const r = await s.tickDetailed();
  expect(r).toEqual({ queued: 4, modes: { hot: 1, normal: 2, dormant: 1 } });
  const due = async (id: string) => Number(await redis.zscore('sch-a:due', id));
  expect(await due('hot')).toBe(now + 150_000);
  expect(await due('dormant')).toBe(now + 2_400_000);
  expect(await due('normal')).toBe(now + every);
  expect(await due('fresh')).toBe(now + every);
  // Removing a target forgets its tempo too.
  await s.unschedule('hot');
  expect(await redis.hexists('sch-a:tempo', 'hot')).toBe(0);
  await observe.close();
});
