// One request, as the fetchers send it from a vantage point with a logged-in session: the HTTP
// fetcher and a step planned via browser (real Chromium through its egress proxy, chained to the
// vantage's proxy). The origin sees the vantage (the proxy's x-sim-vantage) and the session cookie;
// the record names the vantage and the session's label and holds no cookie. The vantage proxy sits
// on another loopback address the SSRF guard would refuse as a destination: an operator's proxy is
// allowed, only destinations are guarded.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCapturer, type Capturer } from '../../src/capture/index.js';
import { SettingsSchema } from '../../src/config/schema.js';
import { createHttpFetcher } from '../../src/fetch/http-fetcher.js';
import { createStepFetcher } from '../../src/fetch/fetch-step.js';
import { parseStorageState, sessionCookies } from '../../src/fetch/session-state.js';
import type { ActiveSession } from '../../src/fetch/sessions.js';
import { startVantageProxy, type VantageProxy } from '../../src/sim/vantage-proxy.js';
import { startSocks5, type TestSocks5 } from '../helpers/socks5.js';

const SECRET = 'S3SSION-value-never-recorded';
let origin: Server;
let originUrl = '';
let kz: VantageProxy;
let capturer: Capturer;
let socks: TestSocks5;
const vantages = () => [{ id: 'direct' }, { id: 'kz-1', proxy: kz.url, country: 'KZ' }, { id: 'am-1', proxy: socks.url, country: 'AM' }];
const settings = () => SettingsSchema.parse({ network: { allowPrivate: ['127.0.0.1/32'], timeout: '20s', vantages: vantages() }, capture: { enabled: true } });
const session = (): ActiveSession => ({
  platform: 'x',
  label: 'desk-1',
  fileHash: 'h',
  cookies: sessionCookies(parseStorageState(JSON.stringify({ cookies: [{ name: 'auth_token', value: SECRET, domain: '.x.com', path: '/', expires: -1, httpOnly: true, secure: true, sameSite: 'Lax' }] }), 'desk-1.json')),
});

beforeAll(async () => {
  // Echoes what reached it: the vantage header and the cookie.
  origin = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'set-cookie': `auth_token=${SECRET}-refreshed; Path=/` });
    res.end(`<html><body><p id="v">${String(req.headers['x-sim-vantage'] ?? 'none')}</p><p id="c">${String(req.headers.cookie ?? 'none')}</p></body></html>`);
  });
  await new Promise<void>((r) => origin.listen(0, '127.0.0.1', r));
  originUrl = `http://127.0.0.1:${(origin.address() as AddressInfo).port}/profile`;
  kz = await startVantageProxy({ country: 'KZ', host: '127.0.0.3' });
  socks = await startSocks5('127.0.0.4');
  capturer = createCapturer({ settings: settings(), log: pino({ level: 'silent' }), putBlob: async (b) => ({ sha256: 'x', size: b.length }) });
});
afterAll(async () => {
  await capturer?.close();
  await kz?.close();
  await socks?.close();
  await new Promise((r) => origin?.close(r));
});

describe('a fetch from a vantage with a session', () => {
  it('HTTP: the origin sees KZ and the cookie; the record does not hold it', async () => {
    const f = createHttpFetcher({ network: settings().network, log: pino({ level: 'silent' }) });
    try {
      const r = await f.fetch({ via: 'http', url: originUrl, purpose: 'listing', needsSession: true }, { vantage: 'kz-1', session: session() });
      const body = r.body.toString();
      expect(body).toContain('<p id="v">KZ</p>');
      expect(body).toContain(`auth_token=${SECRET}`);
      expect(r.vantage).toEqual({ id: 'kz-1', country: 'KZ' });
      expect(r).toMatchObject({ loggedIn: true, session: 'desk-1' });
      expect(JSON.stringify({ request: r.request, headers: r.headers })).not.toContain(SECRET);
      expect(kz.requests).toContain(originUrl);
      // Direct (the default vantage), without a session: no header, no cookie.
      const d = await f.fetch({ via: 'http', url: originUrl, purpose: 'listing' });
      expect(d.body.toString()).toContain('<p id="v">none</p><p id="c">none</p>');
      expect(d.loggedIn).toBe(false);
    } finally {
      await f.close();
    }
  });

  it('a SOCKS5 vantage: the request goes through it (the guard still checked the destination)', async () => {
    const f = createHttpFetcher({ network: settings().network, log: pino({ level: 'silent' }) });
    try {
      const r = await f.fetch({ via: 'http', url: originUrl, purpose: 'listing' }, { vantage: 'am-1' });
      expect(r.status).toBe(200);
      expect(r.vantage).toEqual({ id: 'am-1', country: 'AM' });
      expect(socks.destinations).toContain(`127.0.0.1:${new URL(originUrl).port}`);
      // A destination the guard refuses is refused before any proxy sees it.
      await expect(f.fetch({ via: 'http', url: 'http://127.0.0.9:1/secret', purpose: 'listing' }, { vantage: 'am-1' })).rejects.toMatchObject({ code: 'VGL_FETCH_BLOCKED_ADDRESS' });
      expect(socks.destinations.some((d) => d.startsWith('127.0.0.9'))).toBe(false);
    } finally {
      await f.close();
    }
  });

  it('browser: the context loads the session, the page leaves through the vantage proxy; nothing secret recorded', async () => {
    const http = createHttpFetcher({ network: settings().network, log: pino({ level: 'silent' }) });
    const f = createStepFetcher({ http, browser: capturer, network: settings().network, vantages: vantages() });
    try {
      const r = await f.fetch({ via: 'browser', url: originUrl, purpose: 'listing', needsSession: true }, { vantage: 'kz-1', session: session() });
      const body = r.body.toString();
      expect(body).toContain('<p id="v">KZ</p>');
      expect(body).toContain(`auth_token=${SECRET}`);
      expect(r).toMatchObject({ loggedIn: true, session: 'desk-1', vantage: { id: 'kz-1', country: 'KZ' } });
      expect(JSON.stringify({ request: r.request, headers: r.headers })).not.toContain(SECRET);
    } finally {
      await f.close();
    }
  });
});
