// Rate limits shared by every worker through Redis: a per-platform budget across the platform's
// hosts, a per-host pace, and a 429 that pauses that host only. Two limiters on two Redis
// connections stand for two worker processes. Real local servers, real redis-server.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadSettings } from '../../src/config/index.js';
import { createHttpFetcher, forPlatform } from '../../src/fetch/http-fetcher.js';
import { createRedisLimiter } from '../../src/fetch/rate-limit.js';
import { isVigilError } from '../../src/errors.js';
import { specPlatform } from '../../src/workers/pipeline-deps.js';
import { startRedis, type TestRedis } from '../helpers/startRedis.js';

let redisSrv: TestRedis;
let r1: Redis;
let r2: Redis;
const servers: Server[] = [];
const hits = new Map<string, number>();

async function serve(status: number, headers: Record<string, string> = {}): Promise<string> {
  const s = createServer((req, res) => {
    const host = req.headers.host ?? '';
    hits.set(host, (hits.get(host) ?? 0) + 1);
    res.writeHead(status, headers).end(status === 200 ? 'ok' : 'slow down');
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  servers.push(s);
  return `127.0.0.1:${(s.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  redisSrv = await startRedis();
  r1 = new Redis(redisSrv.url);
  r2 = new Redis(redisSrv.url);
});
afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    s.close();
  }
  await Promise.all([r1.quit(), r2.quit()]);
  await redisSrv.close();
});

const log = pino({ level: 'silent' });

it('a platform budget is shared by all workers across all of its hosts; other platforms are not slowed', async () => {
  // 0.1 req/s = one slot per 10 s: the fifth reservation is ~40 s out, whoever asks.
  const opts = { prefix: 'plat', perHostRps: 1000, perPlatformRps: { telegram: 0.1 } };
  const w1 = createRedisLimiter(r1, opts);
  const w2 = createRedisLimiter(r2, opts);
  const waits = [];
  for (let i = 0; i < 5; i++) waits.push(await (i % 2 ? w2 : w1).reserve(`host${i}.example`, 'telegram'));
  expect(Math.max(...waits)).toBeGreaterThan(25_000);
  // Hosts of a platform without a budget: per-host pace only.
  const other = [];
  for (let i = 0; i < 5; i++) other.push(await w2.reserve(`other${i}.example`, 'rss'));
  expect(Math.max(...other)).toBeLessThan(5_000);
});

it('a 429 with Retry-After pauses that host for every worker, and only that host', async () => {
  const limited = await serve(429, { 'retry-after': '120' });
  const fine = await serve(200);
  const network = { ...loadSettings({ env: {} }).network, allowPrivate: true, timeout: 5000 };
  const opts = { prefix: 'pause', perHostRps: 1000, perPlatformRps: { telegram: 1000 }, maxRetryAfterMs: network.maxRetryAfter };
  const worker1 = forPlatform(createHttpFetcher({ network, log, limiter: createRedisLimiter(r1, opts) }), specPlatform('telegram:x'));
  const worker2 = forPlatform(createHttpFetcher({ network, log, limiter: createRedisLimiter(r2, opts) }), specPlatform('telegram:y'));
  const get = (f: typeof worker1, host: string) => f.fetch({ via: 'http', url: `http://${host}/s/chan`, purpose: 'listing' }).then(() => 'ok', (e: unknown) => (isVigilError(e) ? e.code : String(e)));

  expect(await get(worker1, limited)).toBe('VGL_FETCH_RATE_LIMITED');
  expect(hits.get(limited)).toBe(1);
  // The other worker does not hit the paused host at all: the pause lives in Redis.
  expect(await get(worker2, limited)).toBe('VGL_FETCH_RATE_LIMITED');
  expect(hits.get(limited)).toBe(1);
  // Another host of the same platform keeps going, from both workers.
  expect(await get(worker1, fine)).toBe('ok');
  expect(await get(worker2, fine)).toBe('ok');
  expect(hits.get(fine)).toBe(2);
  const l = createRedisLimiter(r1, opts);
  expect(await l.pausedFor(limited)).toBeGreaterThan(60_000);
  expect(await l.pausedFor(fine)).toBe(0);
  await Promise.all([worker1.close(), worker2.close()]);
});
