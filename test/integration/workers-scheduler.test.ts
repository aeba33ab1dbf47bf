// Scheduler on a real redis-server: due targets become observe jobs exactly once, even with
// several schedulers ticking at the same time.
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createScheduler } from '../../src/workers/scheduler.js';
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
