// Retry-After is honoured but capped (network.maxRetryAfter): a platform, or a hostile page, that
// answers 429 with a pause of years must not park a target (or a whole host, through the Redis
// pause every worker shares) for longer than the cap. Real local server, real redis-server.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSettings } from '../../src/config/index.js';
import { createHttpFetcher } from '../../src/fetch/http-fetcher.js';
import { createRedisLimiter } from '../../src/fetch/rate-limit.js';
import { isVigilError, type VigilError } from '../../src/errors.js';
import { startRedis, type TestRedis } from '../helpers/startRedis.js';

const HOUR = 3_600_000;
const ASK: Record<string, string> = {
  '/years': String(10 * 365 * 86_400), // ten years, in seconds
  '/overflow': '9'.repeat(30), // more than a double holds exactly; more than Redis PX accepts
  '/date': 'Fri, 31 Dec 9999 23:59:59 GMT',
  '/short': '2',
};
let server: Server;
let base: string;
let host: string;
let redisSrv: TestRedis;
let redis: Redis;

beforeAll(async () => {
  redisSrv = await startRedis();
  redis = new Redis(redisSrv.url);
  server = createServer((req, res) => res.writeHead(429, { 'retry-after': ASK[req.url ?? ''] ?? '1' }).end('slow down'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  base = `http://${host}`;
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await redis.quit();
  await redisSrv.close();
});

const log = pino({ level: 'silent' });
const rateLimited = async (p: Promise<unknown>): Promise<VigilError> => {
  const e = await p.then(() => null, (x: unknown) => x);
  if (!isVigilError(e, 'VGL_FETCH_RATE_LIMITED')) throw new Error(`expected VGL_FETCH_RATE_LIMITED, got ${String(e)}`);
  return e;
};
const details = (e: VigilError) => e.opts.details as { retryAfterMs: number; retryAfterCapped?: boolean };

describe('Retry-After cap', () => {
  it('defaults to 1 h: years, an overflowing number and a far date all become at most an hour, in the error and in Redis', async () => {
    const network = { ...loadSettings({ env: {} }).network, allowPrivate: true, timeout: 5000 };
    expect(network.maxRetryAfter).toBe(HOUR);
    for (const path of ['/years', '/overflow', '/date']) {
      const prefix = `cap${path.slice(1)}`;
      const limiter = createRedisLimiter(redis, { prefix, perHostRps: 1000, maxRetryAfterMs: network.maxRetryAfter });
      const f = createHttpFetcher({ network, log, limiter });
      const e = await rateLimited(f.fetch({ via: 'http', url: `${base}${path}`, purpose: 'listing' }));
      expect(details(e).retryAfterMs, path).toBe(HOUR);
      expect(details(e).retryAfterCapped, path).toBe(true);
      expect(e.message).toContain('network.maxRetryAfter');
      // The pause every worker shares is bounded too.
      const paused = await limiter.pausedFor(host);
      expect(paused, path).toBeGreaterThan(0);
      expect(paused, path).toBeLessThanOrEqual(HOUR);
      expect(Number(await redis.pttl(`${prefix}:net:nb:${host}`)), path).toBeLessThanOrEqual(HOUR);
      await f.close();
    }
  });

  it('honours a configured cap and leaves shorter pauses as asked', async () => {
    const network = { ...loadSettings({ env: {}, overrides: { network: { maxRetryAfter: '90s' } } }).network, allowPrivate: true, timeout: 5000 };
    const limiter = createRedisLimiter(redis, { prefix: 'capcfg', perHostRps: 1000, maxRetryAfterMs: network.maxRetryAfter });
    const f = createHttpFetcher({ network, log, limiter });
    expect(details(await rateLimited(f.fetch({ via: 'http', url: `${base}/years`, purpose: 'listing' }))).retryAfterMs).toBe(90_000);
    const fresh = createHttpFetcher({ network, log, limiter: createRedisLimiter(redis, { prefix: 'capshort', perHostRps: 1000, maxRetryAfterMs: network.maxRetryAfter }) });
    const short = await rateLimited(fresh.fetch({ via: 'http', url: `${base}/short`, purpose: 'listing' }));
    await fresh.close();
    expect(details(short).retryAfterMs).toBe(2000);
    expect(details(short).retryAfterCapped).toBeUndefined();
    await f.close();
    // A limiter is bounded on its own, whoever calls it.
    await limiter.notBefore('other.example', 50 * HOUR);
    expect(await limiter.pausedFor('other.example')).toBeLessThanOrEqual(90_000);
  });
});
