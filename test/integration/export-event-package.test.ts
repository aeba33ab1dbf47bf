// A confirmed post_deleted event's package, as a report author gets it from GET /api/export?event=
// (what `vigil export --event` downloads): real redis-server, s3rver, PGlite catalog, the real
// ledger and Chromium for the offline rendering. The package holds the deleted post (both its
// versions), the raw pages it was read from, the answer that confirmed the deletion, a rendering,
// citations for each — and not the other posts of the same polls. It still verifies.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../src/api/index.js';
import { createArchive, type Archive } from '../../src/archive/archive.js';
import { jsonBytes } from '../../src/archive/json.js';
import { verifyPackage } from '../../src/archive/export/index.js';
import { unzipFiles, zipFiles } from '../../src/archive/export/zip.js';
import type { CaptureManifest, EventRecord } from '../../src/archive/types.js';
import { createCatalog, reindex, type Catalog } from '../../src/catalog/index.js';
import { SettingsSchema } from '../../src/config/schema.js';
import { sha256Hex } from '../../src/ids.js';
import { openEvidence, type Evidence } from '../../src/integrity/index.js';
import { startRedis, type TestRedis } from '../helpers/startRedis.js';
import { startS3, type TestS3 } from '../helpers/startS3.js';
import { IDS, TID, seedWorld, type World } from './integrity-fixture.js';

const log = pino({ level: 'silent' });
const EV = '01JCRX0000000000000000EV02';
const OBS2 = '01JCRX00000000000000NB0002';
const PAGE2 = '01JCRX000000000000000PAGE2';
const ANSWER = '01JCRX0000000000000ANSWER1';
let catalog: Catalog;
let redisSrv: TestRedis;
let s3: TestS3;
let redis: Redis;
let dir: string;
let evidence: Evidence;
let archive: Archive;
let api: FastifyInstance;
let world: World;
let files: Map<string, Buffer>;
let zip: Buffer;

beforeAll(async () => {
  catalog = await createCatalog({ dataDir: '/nonexistent', database: {} }, log, { inMemory: true });
  [redisSrv, s3] = await Promise.all([startRedis(), startS3()]);
  redis = new Redis(redisSrv.url);
  dir = await mkdtemp(join(tmpdir(), 'vigil-evpkg-'));
  const settings = SettingsSchema.parse({ dataDir: dir, redis: { prefix: 'evpkg' }, s3: s3.settings, http: { host: '127.0.0.1', port: 8080 } });
  evidence = await openEvidence({ settings, log, redis, store: s3.store, catalog, actor: 'test', chromiumPath: settings.capture.chromiumPath });
  archive = createArchive({ store: s3.store, log, ledger: evidence.integrity.ledger });
  world = await seedWorld(archive, s3.store);
  // A second poll: post 2 edited, post 0 unchanged; then post 2's own URL answers "not found".
  const [p0, , p2] = world.posts;
  const edited = { ...p2, text: `${p2.text} (updated)`, edited: true };
  const page2 = await archive.putBlob(Buffer.from(`<html><body><div data-post="${p2.id}"><div class="tgme_widget_message_text">${edited.text}</div></div><div data-post="${p0.id}">${p0.text}</div></body></html>`), 'text/html');
  const base = { v: 1 as const, target: TID, tool: { name: 'vigil', version: '0.1.0' }, vantage: 'test' };
  await archive.putCapture({
    ...base, id: PAGE2, kind: 'http', status: 'done', url: 'https://t.me/s/topwar', startedAt: '2024-11-13T10:00:00.000Z', finishedAt: '2024-11-13T10:00:01.000Z',
    response: { status: 200, headers: { 'content-type': 'text/html' }, finalUrl: 'https://t.me/s/topwar' },
    artifacts: [{ name: 'page.html', sha256: page2.sha256, size: page2.size, type: 'text/html' }],
  });
  const refs = [];
  for (const p of [edited, p0]) refs.push({ id: p.id, key: p.key, order: p.order, sha256: (await archive.putBlob(jsonBytes(p), 'application/json')).sha256 });
  await archive.putObservation({ v: 1, id: OBS2, target: TID, platform: 'telegram', url: 'https://t.me/s/topwar', observedAt: '2024-11-13T10:00:01.000Z', state: 'ok', captures: [PAGE2], posts: refs, contentDigest: sha256Hex(refs.map((r) => r.sha256).join()) });
  const notFound = await archive.putBlob(Buffer.from('<html><body><div class="tgme_widget_message_error">Post not found</div></body></html>'), 'text/html');
  const answer: CaptureManifest = {
    ...base, id: ANSWER, kind: 'http', status: 'done', postId: p2.id, url: `${p2.url}?embed=1`, startedAt: '2024-11-16T09:00:00.000Z', finishedAt: '2024-11-16T09:00:01.000Z',
    response: { status: 404, headers: { 'content-type': 'text/html' }, finalUrl: `${p2.url}?embed=1` },
    artifacts: [{ name: 'page.html', sha256: notFound.sha256, size: notFound.size, type: 'text/html' }], metadata: { purpose: 'post', answered: 'missing' },
  };
  await archive.putCapture(answer);
  const ev: EventRecord = {
    v: 1, id: EV, type: 'post_deleted', status: 'candidate', target: TID, postId: p2.id, postKey: p2.key, detectedAt: '2024-11-16T08:00:00.000Z',
    window: { lastOkAt: '2024-11-13T10:00:01.000Z', firstChangedAt: '2024-11-16T08:00:00.000Z' }, confidence: 0.6, rule: 'post_missing_in_range', evidence: [OBS2],
  };
  await archive.putEvent(ev);
  await archive.putEvent({ ...ev, status: 'confirmed', confirmedAt: '2024-11-16T09:00:01.000Z', confidence: 0.95, evidence: [OBS2, ANSWER] });
  await reindex(archive, catalog, log);
  api = await buildApi({ settings: { http: { host: '127.0.0.1', port: 0 } }, log, catalog, archive, targets: { add: async () => world.def, list: async () => [world.def], remove: async () => undefined }, exporter: evidence });
  const res = await api.inject({ url: `/api/export?event=${EV}` });
  expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
  zip = res.rawPayload;
  files = await unzipFiles(zip);
}, 120_000);

afterAll(async () => {
  await api?.close();
  await evidence?.close();
  redis?.disconnect();
  await catalog?.close();
  await Promise.all([redisSrv?.close(), s3?.close()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]+/g, '_');

describe('export --event for a confirmed post_deleted', () => {
  it('verifies', async () => {
    const r = await verifyPackage(zip);
    expect(r.faults).toEqual([]);
    expect(r.ok).toBe(true);
  });

  it('holds the post in both versions, the raw pages, the confirming answer; not the other posts of those polls', () => {
    const [p0, p1, p2, p3] = world.posts;
    const index = JSON.parse(files.get('package-index.json')!.toString()) as { items: { kind: string; id: string; posts?: string[] }[] };
    const obs = index.items.filter((i) => i.kind === 'observation');
    expect(obs.map((o) => o.id).sort()).toEqual([IDS.observation, OBS2].sort());
    for (const o of obs) expect(o.posts).toEqual([p2.id]);
    // Both versions of the post, each in the observation that listed it.
    const v1 = JSON.parse(files.get(`artifacts/${IDS.observation}/posts/${safe(p2.id)}.json`)!.toString());
    const v2 = JSON.parse(files.get(`artifacts/${OBS2}/posts/${safe(p2.id)}.json`)!.toString());
    expect(v1.text).toBe(p2.text);
    expect(v2.text).toBe(`${p2.text} (updated)`);
    // The raw page bytes both were parsed from, and the post's URL answering 404.
    expect(files.get(`artifacts/${IDS.page}/page.html`)!.length).toBeGreaterThan(1000);
    expect(files.get(`artifacts/${PAGE2}/page.html`)!.toString()).toContain('(updated)');
    expect(files.get(`artifacts/${ANSWER}/page.html`)!.toString()).toContain('Post not found');
    expect(index.items.filter((i) => i.kind === 'capture').map((i) => i.id).sort()).toEqual([ANSWER, IDS.page, PAGE2].sort());
    // Unrelated posts of the same polls are not in it.
    const names = [...files.keys()].join('\n');
    for (const p of [p0, p1, p3]) expect(names).not.toContain(safe(p.id) + '.json');
  });

  it('cites every item: the post (each version), the event, each capture, with what happened, SHA-256 and ledger position', () => {
    const p2 = world.posts[2];
    const md = files.get('citations.md')!.toString();
    const lines = md.split('\n').filter((l) => l.startsWith('- '));
    expect(lines, md).toHaveLength(2 + 1 + 3);
    const post = lines.filter((l) => l.includes(p2.url));
    expect(post[0]).toMatch(/deleted by 2024-11-16 08:00:00 UTC/);
    expect(post[0]).toContain('Version 1 of 2; edited (2 versions archived); deleted by');
    expect(post[0]).toMatch(/ledger entry \d+/);
    expect(post[0]).toContain(sha256Hex(files.get(`artifacts/${IDS.observation}/posts/${safe(p2.id)}.json`)!));
    expect(lines.find((l) => l.includes('Post deleted between'))).toMatch(/confirmed 2024-11-16 09:00:01 UTC/);
    expect(lines.find((l) => l.includes(ANSWER))).toContain('Answered HTTP 404');
    const csv = files.get('citations.csv')!.toString().trim().split('\r\n');
    expect(csv).toHaveLength(1 + 6);
    expect(csv[0]).toContain('kind,happened,ledger_seq,ledger_key');
    const csl = JSON.parse(files.get('citations.json')!.toString()) as { id: string; note: string }[];
    expect(csl.filter((c) => c.id === p2.id)).toHaveLength(2);
  });

  it('renders the post offline from the archived page (no live capture exists)', () => {
    const p2 = world.posts[2];
    const png = files.get(`renderings/${safe(p2.id)}.png`)!;
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    const about = JSON.parse(files.get(`renderings/${safe(p2.id)}.json`)!.toString());
    expect(about).toMatchObject({ post: p2.id, offline: true, scripts: false, renderer: expect.stringMatching(/^Chromium\//) });
    expect(about.renderedFrom.sha256).toBe(sha256Hex(files.get(about.renderedFrom.path)!));
  });

  it('a package whose sealed index names a post it does not carry fails verification', async () => {
    const p2 = world.posts[2];
    const cut = new Map(files);
    cut.delete(`artifacts/${OBS2}/posts/${safe(p2.id)}.json`);
    const r = await verifyPackage(await zipFiles(cut));
    expect(r.faults.map((f) => f.code)).toContain('artifact_missing');
  });
});
