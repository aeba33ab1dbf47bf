// The replay origin (src/api/replay.ts) and the capture screen over a real archive (s3rver) and a
// real PGlite catalog: the viewer and its service worker are served, WACZ bytes answer ranges and
// follow the API's access rule, the capture page points at the replay origin (never its own), and
// the UI's forms work with the session cookie while /api writes still need the Bearer token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../../src/api/index.js';
import { buildReplayServer } from '../../src/api/replay.js';
import { createCatalog } from '../../src/catalog/index.js';
import type { Catalog, TargetDef } from '../../src/catalog/types.js';
import { createArchive, type Archive } from '../../src/archive/archive.js';
import type { CaptureManifest } from '../../src/archive/types.js';
import { startS3, type TestS3 } from '../helpers/startS3.js';

const log = pino({ level: 'silent' });
const TOKEN = 'tok-replay-7c1e-very-secret';
const ID = '01JD0000000000000000000C77';
const WACZ = Buffer.from('PK\u0003\u0004 not really a zip, but bytes to range over');
let s3: TestS3;
let archive: Archive;
let catalog: Catalog;
let replay: FastifyInstance;
let replayLocked: FastifyInstance;
let api: FastifyInstance;
const defs = new Map<string, TargetDef>();

beforeAll(async () => {
  catalog = await createCatalog({ dataDir: '/nonexistent', database: {} }, log, { inMemory: true });
  s3 = await startS3();
  archive = createArchive({ store: s3.store, log });
  const sha = (await archive.putBlob(WACZ, 'application/wacz')).sha256;
  const m: CaptureManifest = { v: 1, id: ID, kind: 'browser', status: 'done', url: 'https://example.org/a', tool: { name: 'vigil', version: '0.1.0' }, vantage: 'test',
    startedAt: '2024-11-12T10:00:01.000Z', finishedAt: '2024-11-12T10:00:03.000Z', artifacts: [{ name: 'capture.wacz', sha256: sha, size: WACZ.length, type: 'application/wacz' }] };
  await archive.putCapture(m);
  await catalog.applyCapture(m);
  const d: TargetDef = { id: 'press', spec: 'rss:https://example.org/rss', platform: 'rss', key: 'k', everyMs: 300_000, tags: [], createdAt: '2024-11-01T00:00:00.000Z' };
  defs.set(d.id, d);
  await catalog.upsertTarget(d);
  const targets = {
    add: async () => { throw new Error('not used'); },
    list: async () => [...defs.values()],
    remove: async () => undefined,
    update: async (id: string, c: { every?: string; tags?: string[]; paused?: boolean }) => {
      const next = { ...defs.get(id)!, ...(c.tags ? { tags: c.tags } : {}), ...(c.paused !== undefined ? { paused: c.paused } : {}) };
      defs.set(id, next);
      return next;
    },
  };
  const deps = { log, catalog, archive, targets };
  replay = await buildReplayServer({ ...deps, settings: { http: { host: '127.0.0.1', port: 0 } } });
  replayLocked = await buildReplayServer({ ...deps, settings: { http: { host: '127.0.0.1', port: 0, apiToken: TOKEN } } });
  api = await buildApi({ ...deps, settings: { http: { host: '127.0.0.1', port: 0, apiToken: TOKEN } } });
  await api.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await Promise.all([replay?.close(), replayLocked?.close(), api?.close()]);
  await catalog?.close();
  await s3?.close();
});

describe('replay origin', () => {
  it('serves the viewer page, ui.js and the service worker under /replay/', async () => {
    const page = await replay.inject({ url: '/replay/?source=x' });
    expect(page.body).toContain('<replay-app-main>');
    const sw = await replay.inject({ url: '/replay/sw.js' });
    expect(sw.headers['content-type']).toContain('javascript');
    expect(sw.body.length).toBeGreaterThan(100_000);
    expect((await replay.inject({ url: '/api/targets' })).statusCode).toBe(404); // nothing of Vigil's API here
    expect((await replay.inject({ method: 'POST', url: '/replay/' })).statusCode).toBe(405);
    expect((await replay.inject({ url: '/replay/', headers: { host: 'evil.example' } })).statusCode).toBe(421);
  });

  it('answers WACZ ranges, and follows the access rule of the API', async () => {
    const full = await replay.inject({ url: `/wacz/${ID}.wacz` });
    expect(full.rawPayload.equals(WACZ)).toBe(true);
    expect(full.headers['accept-ranges']).toBe('bytes');
    const part = await replay.inject({ url: `/wacz/${ID}.wacz`, headers: { range: 'bytes=0-3' } });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 0-3/${WACZ.length}`);
    expect(part.rawPayload.equals(WACZ.subarray(0, 4))).toBe(true);
    expect((await replay.inject({ url: `/wacz/${ID}.wacz`, headers: { range: 'bytes=999-' } })).statusCode).toBe(416);
    expect((await replay.inject({ url: '/wacz/01JD0000000000000000000X99.wacz' })).statusCode).toBe(404);
    expect((await replay.inject({ url: `/wacz/${ID}.wacz`, remoteAddress: '10.0.0.9' })).statusCode).toBe(403);
    expect((await replayLocked.inject({ url: `/wacz/${ID}.wacz` })).statusCode).toBe(401);
    expect((await replayLocked.inject({ url: `/wacz/${ID}.wacz`, headers: { cookie: `vigil_token=${TOKEN}` } })).statusCode).toBe(200);
  });
});

describe('capture screen and UI forms', () => {
  const cookie = `vigil_token=${TOKEN}`;
  it('the capture page embeds the viewer with the replay origin, allowed as a frame source only', async () => {
    const port = (api.server.address() as { port: number }).port;
    const r = await api.inject({ url: `/c/${ID}`, headers: { cookie, host: `127.0.0.1:${port}` } });
    expect(r.statusCode).toBe(200);
    const base = /replaybase="(http:\/\/127\.0\.0\.1:(\d+))\/replay\/"/.exec(r.body);
    expect(base).not.toBeNull();
    expect(Number(base![2])).not.toBe(port); // another origin than Vigil's
    expect(r.body).toContain(`source="${base![1]}/wacz/${ID}.wacz"`);
    expect(String(r.headers['content-security-policy'])).toContain(`frame-src ${base![1]}`);
    expect(String(r.headers['content-security-policy'])).toContain("script-src 'self'");
    // The replay origin really listens beside the API and serves that capture.
    const w = await fetch(`${base![1]}/wacz/${ID}.wacz`, { headers: { cookie } });
    expect(Buffer.from(await w.arrayBuffer()).equals(WACZ)).toBe(true);
  });

  it('form POSTs to UI paths work with the cookie; /api writes still need the Bearer token', async () => {
    const origin = `http://127.0.0.1:${(api.server.address() as { port: number }).port}`;
    const form = { 'content-type': 'application/x-www-form-urlencoded', cookie, host: origin.slice(7), origin };
    const r = await api.inject({ method: 'POST', url: '/targets/press/pause', headers: form, payload: '' });
    expect(r.statusCode).toBe(302);
    expect(defs.get('press')?.paused).toBe(true);
    expect((await api.inject({ method: 'POST', url: '/targets/press/tags', headers: { ...form, origin: 'http://evil.example' }, payload: 'tags=x' })).statusCode).toBe(403);
    expect((await api.inject({ method: 'PATCH', url: '/api/targets/press', headers: { cookie, host: form.host }, payload: { paused: false } })).statusCode).toBe(401);
    const ok = await api.inject({ method: 'PATCH', url: '/api/targets/press', headers: { authorization: `Bearer ${TOKEN}`, host: form.host }, payload: { paused: false, tags: ['court'] } });
    expect(ok.json().target).toMatchObject({ id: 'press', paused: false, tags: ['court'] });
  });
});
