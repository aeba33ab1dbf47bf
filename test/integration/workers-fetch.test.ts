// HTTP fetcher against a real local server and a real redis-server: redirects, caps, error mapping,
// the Retry-After pause shared through Redis, and DNS rebinding refused at connect time.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpFetcher } from '../../src/fetch/http-fetcher.js';
import { createRedisLimiter } from '../../src/fetch/rate-limit.js';
import { isVigilError } from '../../src/errors.js';
import { fetchMedia } from '../../src/capture/media.js';
import { judgeRequest } from '../../src/capture/request-guard.js';
import { startRedis, type TestRedis } from '../helpers/startRedis.js';

let server: Server;
let base: string;
let redisSrv: TestRedis;
let redis: Redis;
const hits: Record<string, number> = {};

beforeAll(async () => {
  redisSrv = await startRedis();
  redis = new Redis(redisSrv.url);
  server = createServer((req, res) => {
    hits[req.url!] = (hits[req.url!] ?? 0) + 1;
    if (req.url === '/redirect') return res.writeHead(302, { location: '/ok' }).end();
    if (req.url === '/ok') return res.writeHead(200, { 'content-type': 'text/html', 'x-a': 'b' }).end('<html>ok</html>');
    if (req.url === '/big') return res.writeHead(200).end(Buffer.alloc(4096));
    if (req.url === '/429') return res.writeHead(429, { 'retry-after': '30' }).end('slow down');
    if (req.url === '/500') return res.writeHead(503).end('down');
    if (req.url === '/hang') return; // never answers
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
  await redis.quit();
  await redisSrv.close();
});

const net = { allowPrivate: true, userAgent: 'vigil-test', timeout: 1500, maxPageBytes: 1024 };
const log = pino({ level: 'silent' });
const code = async (p: Promise<unknown>) => p.then(() => 'ok', (e) => (isVigilError(e) ? e.code : String(e)));

describe('http fetcher', () => {
  it('follows redirects by hand and records them', async () => {
    const f = createHttpFetcher({ network: net, log });
    const page = await f.fetch({ via: 'http', url: `${base}/redirect`, purpose: 'listing' });
    expect(page.status).toBe(200);
    expect(page.finalUrl).toBe(`${base}/ok`);
    expect(page.body.toString()).toBe('<html>ok</html>');
    expect(page.headers['x-a']).toBe('b');
    expect(page.redirects).toEqual([{ url: `${base}/redirect`, status: 302, location: `${base}/ok`, method: 'GET' }]);
    await f.close();
  });
  it('maps errors to codes', async () => {
    const f = createHttpFetcher({ network: net, log });
    expect(await code(f.fetch({ via: 'http', url: `${base}/500`, purpose: 'listing' }))).toBe('VGL_FETCH_FAILED');
    expect(await code(f.fetch({ via: 'http', url: `${base}/hang`, purpose: 'listing' }))).toBe('VGL_FETCH_TIMEOUT');
    expect(await code(f.fetch({ via: 'http', url: `${base}/big`, purpose: 'listing' }))).toBe('VGL_FETCH_FAILED');
    expect(await code(f.fetch({ via: 'http', url: 'file:///etc/passwd', purpose: 'listing' }))).toBe('VGL_FETCH_UNSUPPORTED_SCHEME');
    await f.close();
  });
  it('refuses loopback unless allowPrivate', async () => {
    const f = createHttpFetcher({ network: { ...net, allowPrivate: false }, log });
    expect(await code(f.fetch({ via: 'http', url: `${base}/ok`, purpose: 'listing' }))).toBe('VGL_FETCH_BLOCKED_ADDRESS');
    await f.close();
  });
  it('429 stores Retry-After in Redis; other processes wait for it', async () => {
    const limiter = createRedisLimiter(redis, { prefix: 't429', perHostRps: 1000 });
    const f = createHttpFetcher({ network: net, log, limiter });
    const err = await f.fetch({ via: 'http', url: `${base}/429`, purpose: 'listing' }).catch((e) => e);
    expect(err.code).toBe('VGL_FETCH_RATE_LIMITED');
    expect(err.opts.details.retryAfterMs).toBe(30_000);
    // A second fetcher (as in another worker process) refuses to hit the host during the pause.
    const other = createHttpFetcher({ network: net, log, limiter: createRedisLimiter(redis, { prefix: 't429', perHostRps: 1000 }) });
    const before = hits['/ok'] ?? 0;
    expect(await code(other.fetch({ via: 'http', url: `${base}/ok`, purpose: 'listing' }))).toBe('VGL_FETCH_RATE_LIMITED');
    expect(hits['/ok'] ?? 0).toBe(before);
    await f.close();
    await other.close();
  });
  it('paces requests per host through Redis', async () => {
    const limiter = createRedisLimiter(redis, { prefix: 'tpace', perHostRps: 10 });
    // Four slots 100 ms apart, the first no earlier than t0: the last is at least t0 + 300, and it
    // was handed out no later than t1. Timed from both ends, so a loaded machine that spreads the
    // four calls out cannot make correct pacing look short.
    const t0 = Date.now();
    const waits = await Promise.all([1, 2, 3, 4].map(() => limiter.reserve('h')));
    const t1 = Date.now();
    expect(Math.max(...waits)).toBeGreaterThanOrEqual(300 - (t1 - t0) - 1);
    expect(Math.max(...waits)).toBeGreaterThan(0);
    // The host's next free slot is four intervals after the first.
    expect(Number(await redis.get('tpace:net:slot:h'))).toBeGreaterThanOrEqual(t0 + 400 - 1);
  });
});

describe('fetchers connect only to the address they checked (DNS rebinding)', () => {
  // rebind.test answers a public address to the check and loopback to everything after it.
  const rebinding = () => {
    let n = 0;
    return async (host: string) => {
      if (host !== 'rebind.test') throw new Error(`ENOTFOUND ${host}`);
      return [{ address: n++ === 0 ? '93.184.216.34' : '127.0.0.1', family: 4 }];
    };
  };
  const port = () => (server.address() as AddressInfo).port;

  it('http fetcher: a name that rebinds to loopback between check and connect is refused at connect', async () => {
    const f = createHttpFetcher({ network: { ...net, allowPrivate: false }, log, lookup: rebinding() });
    const before = hits['/ok'] ?? 0;
    try {
      expect(await code(f.fetch({ via: 'http', url: `http://rebind.test:${port()}/ok`, purpose: 'listing' }))).toBe('VGL_FETCH_BLOCKED_ADDRESS');
      expect(hits['/ok'] ?? 0).toBe(before);
    } finally {
      await f.close();
    }
  });

  it('media fetcher: the same rebinding is refused at connect', async () => {
    const guard = { allowPrivate: false, lookup: rebinding() };
    const before = hits['/ok'] ?? 0;
    const r = await fetchMedia(`http://rebind.test:${port()}/ok`, {
      maxBytes: 1024,
      timeoutMs: 5000,
      userAgent: 'vigil-test',
      judge: (u) => judgeRequest(u, { ...guard, blockHosts: [], log }),
      guard,
    });
    expect(r).toEqual({ ok: false, url: `http://rebind.test:${port()}/ok`, reason: 'refused: private_address' });
    expect(hits['/ok'] ?? 0).toBe(before);
  });

  it('with an allow-list, only the listed address is reachable', async () => {
    const f = createHttpFetcher({ network: { ...net, allowPrivate: ['127.0.0.2/32'] }, log });
    try {
      expect(await code(f.fetch({ via: 'http', url: `${base}/ok`, purpose: 'listing' }))).toBe('VGL_FETCH_BLOCKED_ADDRESS');
      expect(await code(f.fetch({ via: 'http', url: `http://localhost.:${port()}/ok`, purpose: 'listing' }))).toBe('VGL_FETCH_BLOCKED_ADDRESS');
    } finally {
      await f.close();
    }
  });
});
