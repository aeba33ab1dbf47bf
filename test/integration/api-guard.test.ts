// The API against a hostile browser: DNS rebinding (foreign Host), cross-site POSTs, token
// guessing on the login form, open redirects through `next`, and the session cookie's flags.
// Real PGlite catalog and a real archive over s3rver; requests through Fastify's inject.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { buildApi, type ApiDeps, type TargetsService } from '../../src/api/index.js';
import { createCatalog } from '../../src/catalog/index.js';
import type { Catalog, TargetDef } from '../../src/catalog/types.js';
import { createArchive } from '../../src/archive/archive.js';
import { VigilError, isVigilError } from '../../src/errors.js';
import { startS3, type TestS3 } from '../helpers/startS3.js';

const TOKEN = 'tok-9b1e55d2-guard-test';
const log = pino({ level: 'silent' });
let s3: TestS3;
let catalog: Catalog;
let base: Omit<ApiDeps, 'settings'>;
let defs: Map<string, TargetDef>;
const apis: FastifyInstance[] = [];

function targetsService(): TargetsService {
  return {
    async add(i) {
      const m = /^telegram:([a-z0-9_]{3,64})$/i.exec(i.spec);
      if (!m) throw new VigilError('VGL_SPEC_INVALID', `bad spec ${i.spec}`);
      const id = m[1].toLowerCase();
      const d: TargetDef = { id, spec: `telegram:${id}`, platform: 'telegram', key: id, everyMs: 300000, tags: [], createdAt: new Date().toISOString() };
      defs.set(id, d);
      return d;
    },
    list: async () => [...defs.values()],
    async remove(id) {
      if (!defs.delete(id)) throw new VigilError('VGL_TARGET_NOT_FOUND', `no target ${id}`);
    },
  };
}

const api = async (http: Partial<ApiDeps['settings']['http']> = {}): Promise<FastifyInstance> => {
  const a = await buildApi({ ...base, settings: { http: { host: '127.0.0.1', port: 8080, ...http } } });
  apis.push(a);
  return a;
};

beforeAll(async () => {
  catalog = await createCatalog({ dataDir: '/nonexistent', database: {} }, log, { inMemory: true });
  s3 = await startS3();
  defs = new Map();
  base = { log, catalog, archive: createArchive({ store: s3.store, log }), targets: targetsService() };
});

afterAll(async () => {
  for (const a of apis) await a.close();
  await catalog?.close();
  await s3?.close();
});

const LOCAL = { host: '127.0.0.1:8080' };
const SAME = { ...LOCAL, origin: 'http://127.0.0.1:8080' };

describe('Host (DNS rebinding)', () => {
  it('refuses a rebound name with 421 and never runs the route', async () => {
    const open = await api();
    const get = await open.inject({ url: '/api/targets', headers: { host: 'rebind.evil.example:8080' } });
    expect(get.statusCode).toBe(421);
    expect(get.json()).toMatchObject({ code: 'VGL_HOST_NOT_ALLOWED' });
    // The rebinding page's own POST is same-origin to itself: Host is what stops it.
    const post = await open.inject({
      method: 'POST',
      url: '/api/targets',
      headers: { host: 'rebind.evil.example:8080', origin: 'http://rebind.evil.example:8080' },
      payload: { spec: 'telegram:rebound' },
    });
    expect(post.statusCode).toBe(421);
    expect(defs.has('rebound')).toBe(false);
    for (const host of ['localhost.:8080', '127.0.0.1.evil.example', 'evil.example']) {
      const r = await open.inject({ url: '/', headers: { host } });
      expect(r.statusCode, `${host} -> ${r.body}`).toBe(421);
    }
  });

  it('answers loopback names and the configured ones on any port; /healthz to anyone', async () => {
    const open = await api({ publicUrl: 'https://vigil.example.org', allowedHosts: ['vigil-web'] });
    for (const host of ['127.0.0.1:8080', 'localhost:1234', '[::1]:8080', 'LOCALHOST', 'vigil.example.org', 'vigil-web:8080']) {
      expect((await open.inject({ url: '/api/targets', headers: { host } })).statusCode, host).toBe(200);
    }
    expect((await open.inject({ url: '/api/targets', headers: { host: 'other.example.org' } })).statusCode).toBe(421);
    expect((await open.inject({ url: '/healthz', headers: { host: '10.0.0.7:8080' } })).statusCode).toBe(200);
  });
});

describe('Origin on state-changing requests', () => {
  it('refuses cross-site POST/DELETE without a token (loopback mode)', async () => {
    const open = await api();
    const cases: Record<string, string>[] = [
      { ...LOCAL, origin: 'http://evil.example' },
      { ...LOCAL, origin: 'null' },
      { ...LOCAL, origin: 'http://127.0.0.1:9999' },
      { ...LOCAL, origin: 'https://127.0.0.1:8080' },
      { ...LOCAL, 'sec-fetch-site': 'cross-site' },
      { ...LOCAL, 'sec-fetch-site': 'same-site' },
    ];
    for (const headers of cases) {
      const r = await open.inject({ method: 'POST', url: '/api/targets', headers, payload: { spec: 'telegram:csrfvictim' } });
      expect(r.statusCode, JSON.stringify(headers)).toBe(403);
      expect(r.json()).toMatchObject({ code: 'VGL_CROSS_ORIGIN' });
    }
    expect(defs.has('csrfvictim')).toBe(false);
    defs.set('keepme', { id: 'keepme', spec: 'telegram:keepme', platform: 'telegram', key: 'keepme', everyMs: 1, tags: [], createdAt: '2024-01-01T00:00:00.000Z' });
    expect((await open.inject({ method: 'DELETE', url: '/api/targets/keepme', headers: { ...LOCAL, origin: 'http://evil.example' } })).statusCode).toBe(403);
    expect(defs.has('keepme')).toBe(true);
  });

  it('lets the UI (same origin) and the CLI (no Origin) through', async () => {
    const open = await api();
    expect((await open.inject({ method: 'POST', url: '/api/targets', headers: SAME, payload: { spec: 'telegram:fromui' } })).statusCode).toBe(201);
    expect((await open.inject({ method: 'POST', url: '/api/targets', headers: LOCAL, payload: { spec: 'telegram:fromcli' } })).statusCode).toBe(201);
    const fetchSameOrigin = { ...LOCAL, 'sec-fetch-site': 'same-origin' };
    expect((await open.inject({ method: 'DELETE', url: '/api/targets/fromcli', headers: fetchSameOrigin })).statusCode).toBe(200);
  });

  it('applies with a token too: a bearer token does not make a cross-site POST acceptable', async () => {
    const locked = await api({ apiToken: TOKEN });
    const auth = { ...LOCAL, authorization: `Bearer ${TOKEN}` };
    const cross = await locked.inject({ method: 'POST', url: '/api/targets', headers: { ...auth, origin: 'http://evil.example' }, payload: { spec: 'telegram:withtoken' } });
    expect(cross.statusCode).toBe(403);
    expect(cross.json().code).toBe('VGL_CROSS_ORIGIN');
    expect((await locked.inject({ method: 'POST', url: '/api/targets', headers: auth, payload: { spec: 'telegram:withtoken' } })).statusCode).toBe(201);
    // Login CSRF: a foreign page cannot log the operator's browser in either.
    const login = await locked.inject({ method: 'POST', url: '/login', headers: { ...LOCAL, origin: 'http://evil.example', 'content-type': 'application/x-www-form-urlencoded' }, payload: `token=${TOKEN}&next=/` });
    expect(login.statusCode).toBe(403);
    expect(login.headers['set-cookie']).toBeUndefined();
  });
});

describe('login', () => {
  const form = (token: string, next = '/') => `token=${encodeURIComponent(token)}&next=${encodeURIComponent(next)}`;
  const post = (a: FastifyInstance, body: string, remoteAddress = '127.0.0.1', extra: Record<string, string> = {}) =>
    a.inject({ method: 'POST', url: '/login', remoteAddress, headers: { ...SAME, 'content-type': 'application/x-www-form-urlencoded', ...extra }, payload: body });

  it('an empty token is a config error, not loopback mode', async () => {
    const err = await api({ apiToken: '' }).catch((e: unknown) => e);
    expect(isVigilError(err, 'VGL_CONFIG_INVALID')).toBe(true);
    expect(String((err as Error).message)).toMatch(/apiToken/);
  });

  it('rate-limits wrong tokens per client address: 429 with Retry-After, even for the right token', async () => {
    const locked = await api({ apiToken: TOKEN });
    for (let i = 0; i < 5; i++) {
      const r = await post(locked, form(`guess-${i}`), '192.0.2.10');
      expect(r.statusCode).toBe(302);
      expect(r.headers.location).toMatch(/^\/login\?failed=1/);
    }
    const blocked = await post(locked, form(TOKEN), '192.0.2.10');
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(blocked.headers['set-cookie']).toBeUndefined();
    expect(blocked.body).toContain('too many wrong tokens');
    // Another address is not affected.
    const other = await post(locked, form(TOKEN), '192.0.2.11');
    expect(other.statusCode).toBe(302);
    expect(String(other.headers['set-cookie'])).toContain('vigil_token=');
    // Bearer guesses count the same way.
    for (let i = 0; i < 5; i++) {
      expect((await locked.inject({ url: '/api/targets', remoteAddress: '192.0.2.12', headers: { ...LOCAL, authorization: `Bearer nope-${i}` } })).statusCode).toBe(401);
    }
    const api429 = await locked.inject({ url: '/api/targets', remoteAddress: '192.0.2.12', headers: { ...LOCAL, authorization: `Bearer ${TOKEN}` } });
    expect(api429.statusCode).toBe(429);
    expect(api429.json()).toMatchObject({ code: 'VGL_LOGIN_RATE_LIMITED' });
    expect(Number(api429.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('refuses every off-site `next` (falls back to /) and keeps same-site paths', async () => {
    const locked = await api({ apiToken: TOKEN, loginAttempts: 1000 });
    const offsite = [
      '/\\evil.example', '//evil.example', 'https://evil.example', '/%5Cevil.example', '/%5cevil.example', '/%2F%2Fevil.example',
      '/\t/evil.example', '/\n/evil.example', '\t//evil.example', ' //evil.example', 'javascript:alert(1)', 'http:evil.example',
      '\\\\evil.example', '/\\/evil.example', '//%09/evil.example', 'evil.example', '/%0d%0aSet-Cookie:%20x=1',
    ];
    for (const next of offsite) {
      const r = await post(locked, form(TOKEN, next));
      expect(r.statusCode, JSON.stringify(next)).toBe(302);
      expect(r.headers.location, JSON.stringify(next)).toBe('/');
      // The login page never echoes it back into its form either.
      const page = await locked.inject({ url: `/login?next=${encodeURIComponent(next)}`, headers: LOCAL });
      expect(page.body, JSON.stringify(next)).toContain('name="next" value="/"');
    }
    const ok = await post(locked, form(TOKEN, '/t/topwar?x=1'));
    expect(ok.headers.location).toBe('/t/topwar?x=1');
  });

  it('session cookie is Secure behind https (publicUrl, or a trusted proxy), not on plain loopback', async () => {
    const plain = await api({ apiToken: TOKEN });
    const c1 = String((await post(plain, form(TOKEN))).headers['set-cookie']);
    expect(c1).toMatch(/HttpOnly/);
    expect(c1).not.toMatch(/Secure/);
    // An untrusted client cannot claim https.
    const spoofed = String((await post(plain, form(TOKEN), '127.0.0.1', { 'x-forwarded-proto': 'https' })).headers['set-cookie']);
    expect(spoofed).not.toMatch(/Secure/);

    const pub = await api({ apiToken: TOKEN, publicUrl: 'https://vigil.example.org' });
    const r = await pub.inject({
      method: 'POST',
      url: '/login',
      headers: { host: 'vigil.example.org', origin: 'https://vigil.example.org', 'content-type': 'application/x-www-form-urlencoded' },
      payload: form(TOKEN),
    });
    expect(r.statusCode).toBe(302);
    expect(String(r.headers['set-cookie'])).toMatch(/; Secure/);
    const tokenLink = await pub.inject({ url: `/?token=${TOKEN}`, headers: { host: 'vigil.example.org' } });
    expect(String(tokenLink.headers['set-cookie'])).toMatch(/; Secure/);

    const proxied = await api({ apiToken: TOKEN, trustProxy: ['127.0.0.1'] });
    const viaProxy = await proxied.inject({
      method: 'POST',
      url: '/login',
      remoteAddress: '127.0.0.1',
      headers: { ...LOCAL, origin: 'https://127.0.0.1:8080', 'x-forwarded-proto': 'https', 'x-forwarded-for': '198.51.100.4', 'content-type': 'application/x-www-form-urlencoded' },
      payload: form(TOKEN),
    });
    expect(String(viaProxy.headers['set-cookie'])).toMatch(/; Secure/);
  });

  it('without a token, a proxied remote client is not "loopback"', async () => {
    const open = await api({ trustProxy: ['127.0.0.1'] });
    const far = await open.inject({ url: '/api/targets', remoteAddress: '127.0.0.1', headers: { ...LOCAL, 'x-forwarded-for': '198.51.100.4' } });
    expect(far.statusCode).toBe(403);
    expect((await open.inject({ url: '/api/targets', remoteAddress: '127.0.0.1', headers: LOCAL })).statusCode).toBe(200);
  });
});
