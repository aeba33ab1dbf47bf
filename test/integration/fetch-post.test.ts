// POST steps (a platform API its web client asks by POST, e.g. YouTube's /youtubei/v1/next) through
// the real HTTP fetcher against a real local server: the body arrives and is recorded, redirects
// follow the browser rules (303 → GET without body, 307 → POST again), and the SSRF guard and the
// body cap refuse before anything is sent.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpFetcher, MAX_POST_BYTES } from '../../src/fetch/http-fetcher.js';
import { createStepFetcher } from '../../src/fetch/fetch-step.js';
import { isVigilError } from '../../src/errors.js';
import type { FetchStep } from '../../src/scrapers/types.js';

let server: Server;
let base: string;
const seen: { method: string; url: string; type?: string; body: string }[] = [];

const bodyOf = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

beforeAll(async () => {
  server = createServer((req, res) => {
    void bodyOf(req).then((body) => {
      seen.push({ method: req.method!, url: req.url!, type: req.headers['content-type'], body });
      if (req.url === '/api/see-other') return res.writeHead(303, { location: '/api/echo' }).end();
      if (req.url === '/api/temporary') return res.writeHead(307, { location: '/api/echo' }).end();
      if (req.url === '/api/echo') return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ method: req.method, body }));
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const net = { allowPrivate: true, userAgent: 'vigil-test', timeout: 3000, maxPageBytes: 4096 };
const log = pino({ level: 'silent' });
const code = async (p: Promise<unknown>) => p.then(() => 'ok', (e) => (isVigilError(e) ? e.code : String(e)));
const post = (path: string, body: string): FetchStep => ({ via: 'http', method: 'POST', url: `${base}${path}`, purpose: 'interactions', headers: { 'content-type': 'application/json' }, body });

describe('http fetcher: POST steps', () => {
  it('sends the body with its content type and records method and body in the result', async () => {
    const f = createHttpFetcher({ network: net, log });
    const body = JSON.stringify({ context: { client: { clientName: 'WEB' } }, continuation: 'abc' });
    const page = await f.fetch(post('/api/echo', body));
    expect(JSON.parse(page.body.toString())).toEqual({ method: 'POST', body });
    expect(seen.at(-1)).toMatchObject({ method: 'POST', type: 'application/json', body });
    expect(page.request).toMatchObject({ method: 'POST', body, headers: { 'content-type': 'application/json' } });
    // A GET step records no body.
    const get = await f.fetch({ via: 'http', url: `${base}/api/echo`, purpose: 'listing' });
    expect(get.request.method).toBe('GET');
    expect(get.request.body).toBeUndefined();
    await f.close();
  });

  it('a 303 is followed by a GET without body, a 307 posts again', async () => {
    const f = createHttpFetcher({ network: net, log });
    const a = await f.fetch(post('/api/see-other', '{"x":1}'));
    expect(JSON.parse(a.body.toString())).toEqual({ method: 'GET', body: '' });
    // The record says which hop was the POST: the request is the step's, the redirect hop names its method.
    expect(a.request.method).toBe('POST');
    expect(a.redirects).toEqual([{ url: `${base}/api/see-other`, status: 303, location: `${base}/api/echo`, method: 'POST' }]);
    const b = await f.fetch(post('/api/temporary', '{"x":2}'));
    expect(JSON.parse(b.body.toString())).toEqual({ method: 'POST', body: '{"x":2}' });
    expect(b.redirects.map((h) => h.method)).toEqual(['POST']);
    await f.close();
  });

  it('refuses a private address, an oversized body, a body on a GET and a POST in the browser, sending nothing', async () => {
    const before = seen.length;
    const guarded = createHttpFetcher({ network: { ...net, allowPrivate: false }, log });
    expect(await code(guarded.fetch(post('/api/echo', '{}')))).toBe('VGL_FETCH_BLOCKED_ADDRESS');
    await guarded.close();
    const f = createHttpFetcher({ network: net, log });
    expect(await code(f.fetch(post('/api/echo', 'x'.repeat(MAX_POST_BYTES + 1))))).toBe('VGL_BAD_REQUEST');
    expect(await code(f.fetch({ via: 'http', url: `${base}/api/echo`, purpose: 'listing', body: '{}' }))).toBe('VGL_BAD_REQUEST');
    const steps = createStepFetcher({ http: f, network: net, browser: { render: () => Promise.reject(new Error('must not render')) } });
    expect(await code(steps.fetch({ ...post('/api/echo', '{}'), via: 'browser' }))).toBe('VGL_BAD_REQUEST');
    expect(seen.length).toBe(before);
    await f.close();
  });
});
