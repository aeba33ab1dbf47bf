// HTTP API against a real PGlite catalog rebuilt (reindex) from a real archive over s3rver.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { buildApi, type ApiDeps, type TargetsService } from '../../src/api/index.js';
import { createCatalog, reindex } from '../../src/catalog/index.js';
import type { Catalog, TargetDef } from '../../src/catalog/types.js';
import { createArchive, type Archive } from '../../src/archive/archive.js';
import { jsonBytes } from '../../src/archive/json.js';
import { VigilError } from '../../src/errors.js';
import { sha256Hex } from '../../src/ids.js';
import { startS3, type TestS3 } from '../helpers/startS3.js';
import { fixturePosts } from '../unit/catalog/fixturePosts.js';

const TOKEN = 'tok-3f9a1c7e-very-secret';
const lines: string[] = [];
const sink = new Writable({ write: (c, _e, cb) => { lines.push(...String(c).split('\n').filter(Boolean)); cb(); } });
const log = pino({ level: 'debug' }, sink);

let s3: TestS3;
let archive: Archive;
let catalog: Catalog;
let open: FastifyInstance; // no token: loopback only
let locked: FastifyInstance; // with token
let base: Omit<ApiDeps, 'settings'>;
const posts = fixturePosts();
const xss = { ...posts[4], text: '<script>alert(1)</script> evil', html: '' };
const TID = 'topwar';
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');
let pngSha = '';
const EVENT_ID = '01JD0000000000000000000E01';
const CAPTURE_ID = '01JD0000000000000000000C01';

/** In-memory target service (the real one lives in src/app/targets.ts). */
function targetsService(): TargetsService {
  const defs = new Map<string, TargetDef>();
  return {
    async add(i) {
      const m = /^telegram:([a-z0-9_]{3,64})$/i.exec(i.spec);
      if (!m) throw new VigilError('VGL_SPEC_INVALID', `target spec ${JSON.stringify(i.spec)}: expected telegram:<username>`);
      const id = i.id ?? m[1].toLowerCase();
      if (defs.has(id)) throw new VigilError('VGL_TARGET_EXISTS', `target ${id} exists`);
      const d: TargetDef = { id, spec: `telegram:${m[1].toLowerCase()}`, platform: 'telegram', key: m[1].toLowerCase(), everyMs: 300000, tags: i.tags ?? [], createdAt: new Date().toISOString() };
      defs.set(id, d);
      return d;
    },
    list: async () => [...defs.values()],
    async remove(id) {
      if (!defs.delete(id)) throw new VigilError('VGL_TARGET_NOT_FOUND', `no target ${id}`);
    },
  };
}

beforeAll(async () => {
  // PGlite first: its WASM start blocks the event loop for seconds, which would let s3rver
  // drop the SDK's idle keep-alive socket in the middle of our S3 calls.
  catalog = await createCatalog({ dataDir: '/nonexistent', database: {} }, log, { inMemory: true });
  s3 = await startS3();
  archive = createArchive({ store: s3.store, log: pino({ level: 'silent' }) });
  const targets = targetsService();
  const def = await targets.add({ spec: 'telegram:topwar', tags: ['media'] });
  await s3.store.put(`targets/${def.id}.json`, jsonBytes(def), { contentType: 'application/json' });
  const all = [...posts.slice(0, 4), xss];
  const refs = [];
  for (const p of all) refs.push({ id: p.id, key: p.key, order: p.order, sha256: (await archive.putBlob(jsonBytes(p), 'application/json')).sha256 });
  await archive.putObservation({ v: 1, id: '01JD0000000000000000000B01', target: TID, platform: 'telegram', url: 'https://t.me/s/topwar', observedAt: '2024-11-12T10:00:00.000Z', state: 'ok', captures: [], posts: refs, contentDigest: sha256Hex('x') });
  pngSha = (await archive.putBlob(PNG, 'image/png')).sha256;
  await archive.putCapture({ v: 1, id: CAPTURE_ID, kind: 'browser', status: 'done', target: TID, postId: posts[0].id, url: posts[0].url, tool: { name: 'vigil', version: '0.1.0' }, vantage: 'test', startedAt: '2024-11-12T10:00:01.000Z', finishedAt: '2024-11-12T10:00:03.000Z', artifacts: [{ name: 'screenshot.png', sha256: pngSha, size: PNG.length, type: 'image/png' }] });
  const ev = { v: 1 as const, id: EVENT_ID, type: 'post_deleted' as const, status: 'candidate' as const, target: TID, postId: posts[1].id, detectedAt: '2024-11-13T09:00:00.000Z', window: { lastOkAt: '2024-11-12T10:00:00.000Z', firstChangedAt: '2024-11-13T09:00:00.000Z' }, confidence: 0.6, rule: 'post_missing_in_range', evidence: [CAPTURE_ID] };
  await archive.putEvent(ev);
  await archive.putEvent({ ...ev, status: 'confirmed', confirmedAt: '2024-11-13T09:10:00.000Z', confidence: 0.95 });

  const stats = await reindex(archive, catalog);
  expect(stats).toMatchObject({ targets: 1, observations: 1, events: 2, captures: 1, skipped: 0 });

  base = { log, catalog, archive, targets };
  open = await buildApi({ ...base, settings: { http: { host: '127.0.0.1', port: 0 } } });
  locked = await buildApi({ ...base, settings: { http: { host: '127.0.0.1', port: 0, apiToken: TOKEN } } });
});

afterAll(async () => {
  await open?.close();
  await locked?.close();
  await catalog?.close();
  await s3?.close();
});

const auth = { authorization: `Bearer ${TOKEN}` };

describe('auth', () => {
  it('healthz is public and reports readiness', async () => {
    const r = await locked.inject({ url: '/healthz' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ ok: true });
  });

  it('requires the bearer token when one is configured', async () => {
    const none = await locked.inject({ url: '/api/targets' });
    expect(none.statusCode).toBe(401);
    expect(none.json()).toMatchObject({ code: 'VGL_UNAUTHORIZED' });
    expect((await locked.inject({ url: '/api/targets', headers: { authorization: 'Bearer nope' } })).statusCode).toBe(401);
    expect((await locked.inject({ url: '/metrics' })).statusCode).toBe(401);
    expect((await locked.inject({ url: '/api/targets', headers: auth })).statusCode).toBe(200);
  });

  it('without a token serves loopback clients only', async () => {
    const far = await open.inject({ url: '/api/targets', remoteAddress: '10.1.2.3' });
    expect(far.statusCode).toBe(403);
    expect(far.json()).toMatchObject({ code: 'VGL_FORBIDDEN' });
    expect((await open.inject({ url: '/', remoteAddress: '192.168.1.9' })).statusCode).toBe(403);
    expect((await open.inject({ url: '/api/targets', remoteAddress: '::1' })).statusCode).toBe(200);
  });

  it('UI: ?token= becomes an HttpOnly cookie, usable for GET only', async () => {
    expect((await locked.inject({ url: '/' })).headers.location).toMatch(/^\/login/);
    const r = await locked.inject({ url: `/events?token=${TOKEN}&type=post_deleted` });
    expect(r.statusCode).toBe(302);
    expect(r.headers.location).toBe('/events?type=post_deleted');
    const cookie = String(r.headers['set-cookie']).split(';')[0];
    expect(String(r.headers['set-cookie'])).toContain('HttpOnly');
    expect((await locked.inject({ url: '/events', headers: { cookie } })).statusCode).toBe(200);
    expect((await locked.inject({ method: 'POST', url: '/api/targets', headers: { cookie }, payload: { spec: 'telegram:abcdef' } })).statusCode).toBe(401);
    const login = await locked.inject({ method: 'POST', url: '/login', payload: `token=${TOKEN}&next=/search`, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(login.headers.location).toBe('/search');
    expect(String(login.headers['set-cookie'])).toContain('vigil_token=');
  });

  it('never logs the token', async () => {
    await locked.inject({ url: `/?token=${TOKEN}` });
    await locked.inject({ url: '/api/events', headers: auth });
    await locked.inject({ url: '/api/events', headers: { authorization: `Bearer ${TOKEN}x` } });
    const parsed = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(parsed.some((l) => l.msg === 'request' && String(l.url).includes('token=[Redacted]'))).toBe(true);
    expect(lines.filter((l) => l.includes(TOKEN))).toEqual([]);
  });
});

describe('routes', () => {
  it('GET /api/targets lists targets with state', async () => {
    const r = await open.inject({ url: '/api/targets' });
    expect(r.json().targets).toMatchObject([{ id: TID, spec: 'telegram:topwar', state: 'ok', postCount: 5, tags: ['media'] }]);
  });

  it('POST/GET/DELETE /api/targets', async () => {
    const add = await open.inject({ method: 'POST', url: '/api/targets', payload: { spec: 'telegram:Meduzalive', tags: ['news'] } });
    expect(add.statusCode).toBe(201);
    expect(add.json().target).toMatchObject({ id: 'meduzalive', state: 'pending', postCount: 0 });
    const one = await open.inject({ url: '/api/targets/meduzalive' });
    expect(one.json().target).toMatchObject({ id: 'meduzalive', spec: 'telegram:meduzalive', hot: null });
    expect((await open.inject({ method: 'POST', url: '/api/targets', payload: { spec: 'telegram:Meduzalive' } })).json().code).toBe('VGL_TARGET_EXISTS');
    expect((await open.inject({ method: 'DELETE', url: '/api/targets/meduzalive' })).json()).toEqual({ ok: true, id: 'meduzalive' });
    const gone = await open.inject({ url: '/api/targets/meduzalive' });
    expect(gone.statusCode).toBe(404);
    expect(gone.json()).toMatchObject({ code: 'VGL_TARGET_NOT_FOUND' });
  });

  it('bad input gives {code, message} 400 and never a stack', async () => {
    for (const [payload, code] of [[{ spec: 'facebook' }, 'VGL_SPEC_INVALID'], [{ spec: 'telegram:abcdef', every: 'soon' }, 'VGL_BAD_REQUEST'], [{}, 'VGL_BAD_REQUEST']] as const) {
      const r = await open.inject({ method: 'POST', url: '/api/targets', payload });
      expect(r.statusCode).toBe(400);
      expect(r.json()).toMatchObject({ code, message: expect.any(String) });
      expect(r.body).not.toMatch(/at .*\.ts:\d+/);
    }
    const badJson = await open.inject({ method: 'POST', url: '/api/targets', payload: '{nope', headers: { 'content-type': 'application/json' } });
    expect(badJson.statusCode).toBe(400);
    expect(badJson.json()).toMatchObject({ code: 'VGL_BAD_REQUEST', message: 'request body is not valid JSON' });
    expect((await open.inject({ url: '/api/events?type=exploded' })).json().code).toBe('VGL_BAD_REQUEST');
    expect((await open.inject({ url: '/api/blobs/xyz' })).statusCode).toBe(400);
    // before= is a post's num: digits within 64 bits, never silently rounded.
    for (const before of ['1e5', '99999999999999999999', 'abc']) {
      const r = await open.inject({ url: `/api/targets/${TID}/posts?before=${before}` });
      expect(r.statusCode, before).toBe(400);
      expect(r.json().code).toBe('VGL_BAD_REQUEST');
    }
  });

  it('GET /api/targets/:id/posts has the documented shape', async () => {
    const r = await open.inject({ url: `/api/targets/${TID}/posts` });
    const list = r.json().posts as Record<string, unknown>[];
    expect(list).toHaveLength(5);
    for (const p of list) expect(Object.keys(p).sort()).toEqual(['artifacts', 'citation', 'deleted', 'edited', 'id', 'key', 'num', 'publishedAt', 'text', 'url', 'versions', 'views']);
    expect(r.json().next).toBeNull(); // all 5 fit the default page
    const p0 = list.find((p) => p.id === posts[0].id)!;
    // `key` is the post's address in its account, `num` its order (both decimal strings for Telegram).
    expect([p0.key, p0.num]).toEqual([posts[0].key, posts[0].order]);
    expect(p0.artifacts).toEqual([{ name: 'screenshot.png', sha256: pngSha, size: PNG.length, type: 'image/png', captureId: CAPTURE_ID }]);
    expect(p0.versions).toEqual([{ text: posts[0].text, sha256: sha256Hex(jsonBytes(posts[0])), observedAt: '2024-11-12T10:00:00.000Z' }]);
    expect(list.find((p) => p.id === posts[1].id)).toMatchObject({ deleted: true });
    // Every post carries its citation: what happened, the version's hash, the ledgered record that lists it.
    const c1 = (list.find((p) => p.id === posts[1].id) as { citation: Record<string, unknown> }).citation;
    expect(c1).toMatchObject({ kind: 'post', platform: 'telegram', url: posts[1].url, happened: expect.stringMatching(/^deleted/), sha256: sha256Hex(jsonBytes(posts[1])), ledgerKey: expect.stringMatching(/^observations\//), archiveUrl: `http://localhost:80/api/targets/${TID}/posts/${encodeURIComponent(posts[1].id)}` });
    expect(c1.markdown).toMatch(/^Telegram, .*Deleted.*SHA-256 [0-9a-f]{64}/);
    // The archive link answers with that post, and its citation comes as CSV too.
    const one = await open.inject({ url: `/api/targets/${TID}/posts/${encodeURIComponent(posts[1].id)}` });
    expect(one.statusCode, one.body).toBe(200);
    expect(one.json().post).toMatchObject({ id: posts[1].id, target: TID, deleted: true, citation: { sha256: c1.sha256 } });
    const csv = await open.inject({ url: `/api/targets/${TID}/posts/${encodeURIComponent(posts[1].id)}/citation?format=csv` });
    expect(csv.body.split('\r\n')[1]).toContain(',post,deleted');
    expect((await open.inject({ url: `/api/targets/${TID}/posts/nope%2F1` })).json().code).toBe('VGL_NOT_FOUND');
    // Pages: 2 at a time with `next` cursors, until next is null; together exactly the full list.
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const pg = (await open.inject({ url: `/api/targets/${TID}/posts?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}` })).json() as { posts: { id: string }[]; next: string | null };
      seen.push(...pg.posts.map((p) => p.id));
      cursor = pg.next;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen).toEqual(list.map((p) => p.id));
    const bad = await open.inject({ url: `/api/targets/${TID}/posts?cursor=bogus` });
    expect([bad.statusCode, bad.json().code]).toEqual([400, 'VGL_BAD_REQUEST']);
    // Paging: before=<a row's num> gives the rows after it, newest first.
    const rest = (await open.inject({ url: `/api/targets/${TID}/posts?before=${list[0].num}` })).json().posts as { id: string }[];
    expect(rest.map((p) => p.id)).toEqual(list.slice(1).map((p) => p.id));
  });

  it('GET /api/events with filters', async () => {
    const res = (await open.inject({ url: '/api/events' })).json();
    expect(res.next).toBeNull();
    const all = res.events.map(({ citation, ...e }: { citation: unknown }) => e);
    expect(all).toEqual([{ id: EVENT_ID, type: 'post_deleted', status: 'confirmed', target: TID, postId: posts[1].id, detectedAt: '2024-11-13T09:00:00.000Z', confirmedAt: '2024-11-13T09:10:00.000Z', evidence: [CAPTURE_ID], window: { lastOkAt: '2024-11-12T10:00:00.000Z', firstChangedAt: '2024-11-13T09:00:00.000Z' }, confidence: 0.95, rule: 'post_missing_in_range' }]);
    expect(res.events[0].citation).toMatchObject({ kind: 'event', happened: 'post deleted between 2024-11-12 10:00:00 UTC and 2024-11-13 09:00:00 UTC (confirmed 2024-11-13 09:10:00 UTC)', url: posts[1].url, ledgerKey: expect.stringMatching(/^events\/.*\.confirmed\.json$/) });
    const md = await open.inject({ url: `/api/events/${EVENT_ID}/citation` });
    expect(md.body).toContain('Post deleted between');
    expect((await open.inject({ url: '/api/events?status=candidate' })).json().events).toEqual([]);
    expect((await open.inject({ url: `/api/events?target=${TID}&type=post_deleted` })).json().events).toHaveLength(1);
  });

  it('captures and blobs', async () => {
    const m = await open.inject({ url: `/api/captures/${CAPTURE_ID}` });
    expect(m.json()).toMatchObject({ id: CAPTURE_ID, status: 'done', artifacts: [{ name: 'screenshot.png', sha256: pngSha }], citation: { kind: 'capture', ledgerKey: expect.stringMatching(/^captures\//) } });
    const b = await open.inject({ url: `/api/blobs/${pngSha}` });
    expect(b.headers['content-type']).toBe('image/png');
    expect(b.headers['content-security-policy']).toBe('sandbox');
    expect(b.rawPayload.equals(PNG)).toBe(true);
    expect((await open.inject({ url: `/api/blobs/${'0'.repeat(64)}` })).statusCode).toBe(404);
    const off = await open.inject({ method: 'POST', url: '/api/captures', payload: { url: 'https://t.me/topwar/1' } });
    expect(off.statusCode).toBe(501);
    expect(off.json().code).toBe('VGL_NOT_ENABLED');
    const withCap = await buildApi({ ...base, settings: { http: { host: '127.0.0.1', port: 0 } }, captures: { enqueue: async (url, target) => `CAP-${target}-${url.length}`.replace(/[^0-9A-Za-z]/g, '') } });
    const r = await withCap.inject({ method: 'POST', url: '/api/captures', payload: { url: 'https://t.me/topwar/1', target: TID } });
    expect(r.statusCode).toBe(202);
    expect(r.json()).toEqual({ id: 'CAPtopwar21' });
    expect((await withCap.inject({ method: 'POST', url: '/api/captures', payload: { url: 'file:///etc/passwd' } })).statusCode).toBe(400);
    await withCap.close();
  });

  it('search, metrics, export', async () => {
    const word = posts[2].text.split(/\s+/).find((w) => w.length > 6)!.replace(/[^\p{L}]/gu, '');
    const s = (await open.inject({ url: `/api/search?q=${encodeURIComponent(word)}` })).json().posts;
    expect(s.map((p: { id: string }) => p.id)).toContain(posts[2].id);
    expect(s[0].target).toBe(TID);
    expect((await open.inject({ url: '/api/search?q=' })).json().code).toBe('VGL_BAD_REQUEST');
    const m = await open.inject({ url: '/metrics' });
    expect(m.body).toContain('vigil_api_requests_total');
    expect((await open.inject({ url: `/api/export?target=${TID}` })).json().code).toBe('VGL_NOT_ENABLED');
    expect((await open.inject({ url: `/api/export?target=${TID}&event=x` })).json().code).toBe('VGL_BAD_REQUEST');
  });

  it('reindex from the bucket is idempotent (the catalog is derived)', async () => {
    const before = [await catalog.listTargets(), await catalog.listPosts(TID, { limit: 100 }), await catalog.listEvents()];
    const stats = await reindex(archive, catalog);
    expect(stats.skipped).toBe(0);
    expect([await catalog.listTargets(), await catalog.listPosts(TID, { limit: 100 }), await catalog.listEvents()]).toEqual(before);
  });

  it('UI pages render, mark deleted posts, and escape archived text', async () => {
    const home = await open.inject({ url: '/' });
    expect(home.headers['content-type']).toContain('text/html');
    expect(home.body).toContain('/t/topwar');
    const page = await open.inject({ url: `/t/${TID}` });
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.body).not.toContain('<script>alert(1)');
    expect(page.body).toContain('class="post deleted"');
    expect(page.body).toContain(`/api/blobs/${pngSha}`);
    expect((await open.inject({ url: '/events?type=post_deleted&status=' })).body).toContain(EVENT_ID);
    expect((await open.inject({ url: `/search?q=${encodeURIComponent('evil')}` })).body).toContain('1 post(s)');
    expect((await open.inject({ url: '/t/nope' })).statusCode).toBe(404);
  });
});
