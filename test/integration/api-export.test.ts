// GET /api/export and /api/captures/:id/citation on real redis-server, s3rver and a PGlite
// catalog: records go through a real Archive + ledger (openEvidence), the ZIP comes back over
// HTTP and is verified twice — by verifyPackage and by the shell commands of its own VERIFY.md.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../src/api/index.js';
import { createArchive, type Archive } from '../../src/archive/archive.js';
import { captureKey } from '../../src/archive/keys.js';
import { parseEntry, seqFromKey } from '../../src/archive/ledger/index.js';
import { verifyCommands, verifyPackage } from '../../src/archive/export/index.js';
import { unzipFiles } from '../../src/archive/export/zip.js';
import { verifyBucket } from '../../src/archive/verify/index.js';
import { createCatalog, reindex, type Catalog } from '../../src/catalog/index.js';
import { SettingsSchema } from '../../src/config/schema.js';
import { sha256Hex } from '../../src/ids.js';
import { openEvidence, type Evidence } from '../../src/integrity/index.js';
import { createLedgerPositions } from '../../src/archive/ledger/positions.js';
import { startRedis, type TestRedis } from '../helpers/startRedis.js';
import { startS3, type TestS3 } from '../helpers/startS3.js';
import { FIXTURE } from '../unit/catalog/fixturePosts.js';
import { IDS, TID, seedWorld, type World } from './integrity-fixture.js';

const sh = promisify(execFile);
const log = pino({ level: 'silent' });
let catalog: Catalog;
let redisSrv: TestRedis;
let s3: TestS3;
let redis: Redis;
let dir: string;
let evidence: Evidence;
let archive: Archive;
let api: FastifyInstance;
let world: World;

beforeAll(async () => {
  // PGlite first: its WASM start blocks the event loop, which would stall s3rver sockets.
  catalog = await createCatalog({ dataDir: '/nonexistent', database: {} }, log, { inMemory: true });
  [redisSrv, s3] = await Promise.all([startRedis(), startS3()]);
  redis = new Redis(redisSrv.url);
  dir = await mkdtemp(join(tmpdir(), 'vigil-apiexp-'));
  const settings = SettingsSchema.parse({ dataDir: dir, redis: { prefix: 'apiexp' }, s3: s3.settings, http: { host: '127.0.0.1', port: 8080 } });
  evidence = await openEvidence({ settings, log, redis, store: s3.store, catalog, actor: 'test' });
  archive = createArchive({ store: s3.store, log, ledger: evidence.integrity.ledger });
  world = await seedWorld(archive, s3.store);
  await reindex(archive, catalog, log);
  expect(await evidence.integrity.checkpointer.checkpoint()).toMatchObject({ size: 6 });
  api = await buildApi({ settings: { http: { host: '127.0.0.1', port: 0 } }, log, catalog, archive, targets: { add: async () => world.def, list: async () => [world.def], remove: async () => undefined }, exporter: evidence, ledgerPositions: createLedgerPositions(s3.store) });
});

afterAll(async () => {
  await api?.close();
  await evidence?.close();
  redis?.disconnect();
  await catalog?.close();
  await Promise.all([redisSrv?.close(), s3?.close()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

const ledgerEntries = async () => {
  const out = [];
  for await (const k of s3.store.list('ledger/')) if (seqFromKey(k) !== null) out.push(parseEntry((await s3.store.get(k))!, k));
  return out.sort((a, b) => a.seq - b.seq);
};

describe('GET /api/export', () => {
  it('exports a target as a ZIP that passes verifyPackage and its own VERIFY.md commands, and leaves a custody entry', async () => {
    const before = await ledgerEntries();
    const res = await api.inject({ url: `/api/export?target=${TID}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="vigil-target-topwar-\d{8}T\d{6}Z\.zip"$/);
    const zip = res.rawPayload;
    expect(res.headers['x-vigil-sha256']).toBe(sha256Hex(zip));

    const zipPath = join(dir, 'case.zip');
    await writeFile(zipPath, zip);
    const r = await verifyPackage(zipPath);
    expect(r.faults).toEqual([]);
    expect(r.ok).toBe(true);

    // Everything about the target: its page capture, observation, both post captures, both event records.
    const files = await unzipFiles(zip);
    const index = JSON.parse(files.get('package-index.json')!.toString()) as { items: { kind: string; id: string }[] };
    expect(index.items.map((i) => `${i.kind}:${i.id}`).sort()).toEqual(
      [`capture:${IDS.page}`, `capture:${IDS.cap1}`, `capture:${IDS.cap2}`, `event:${IDS.event}`, `event:${IDS.event}`, `observation:${IDS.observation}`].sort(),
    );
    expect(files.get(`artifacts/${IDS.page}/page.html`)!.equals(await readFile(FIXTURE))).toBe(true);
    expect(files.has('SHA256SUMS.sig')).toBe(true);

    // The package's own instructions, run with the system's sha256sum and openssl only.
    const out = join(dir, 'unzipped');
    await sh('unzip', ['-q', zipPath, '-d', out]);
    const cmds = verifyCommands(files.get('VERIFY.md')!.toString());
    expect(cmds[0]).toBe('sha256sum -c SHA256SUMS');
    expect(cmds.filter((c) => c.startsWith('openssl pkeyutl -verify'))).toHaveLength(2);
    for (const c of cmds) await sh('sh', ['-c', c], { cwd: out }); // rejects on any non-zero exit

    // The export is a custody entry in the ledger, and the bucket still verifies end to end.
    const after = await ledgerEntries();
    expect(after.length).toBe(before.length + 1);
    const custody = after[after.length - 1];
    expect(custody.type).toBe('custody');
    const record = JSON.parse((await s3.store.get(custody.key))!.toString()) as { action: string; actor: string; details: { sha256: string; selection: unknown } };
    // The custody entry names who exported: here loopback in open mode (no users, no token).
    expect(record).toMatchObject({ action: 'export', actor: 'api:local@127.0.0.1', details: { sha256: sha256Hex(zip), selection: { targetIds: [TID] } } });
    const b = await verifyBucket(s3.store);
    expect(b.faults).toEqual([]);
  });

  it('narrows by since/until, finds posts by full-text search, and takes an event with its evidence', async () => {
    const ids = async (query: string) => {
      const res = await api.inject({ url: `/api/export?${query}` });
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      expect((await verifyPackage(res.rawPayload)).faults).toEqual([]);
      const idx = JSON.parse((await unzipFiles(res.rawPayload)).get('package-index.json')!.toString()) as { items: { kind: string; id: string }[] };
      return [...new Set(idx.items.map((i) => `${i.kind}:${i.id}`))].sort();
    };
    // From 13 Nov on: the later post capture and the deletion (which brings its evidence, the
    // observation, and with it the raw page it was parsed from).
    expect(await ids(`target=${TID}&since=2024-11-13`)).toEqual([`capture:${IDS.page}`, `capture:${IDS.cap2}`, `event:${IDS.event}`, `observation:${IDS.observation}`].sort());
    // Up to the end of 12 Nov (date-only until covers the day): no event, no later capture.
    expect(await ids(`target=${TID}&until=2024-11-12`)).toEqual([`capture:${IDS.page}`, `capture:${IDS.cap1}`, `observation:${IDS.observation}`].sort());
    const words = world.posts[0].text.split(/\s+/).filter((w) => /^\p{L}{5,}$/u.test(w)).slice(0, 2).join(' ');
    expect(await ids(`q=${encodeURIComponent(words)}`)).toContain(`capture:${IDS.cap1}`);
    expect(await ids(`event=${IDS.event}`)).toEqual([`capture:${IDS.page}`, `capture:${IDS.cap2}`, `event:${IDS.event}`, `observation:${IDS.observation}`].sort());
  });

  it('q= selects what GET /api/search lists: word forms, and the same filters (deleted, target, since/until)', async () => {
    const ids = async (query: string) => {
      const res = await api.inject({ url: `/api/export?${query}` });
      expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
      const idx = JSON.parse((await unzipFiles(res.rawPayload)).get('package-index.json')!.toString()) as { items: { kind: string; id: string }[] };
      return [...new Set(idx.items.filter((i) => i.kind === 'capture').map((i) => i.id))].sort();
    };
    const listed = async (query: string) => ((await api.inject({ url: `/api/search?${query}` })).json() as { hits: { postId: string }[] }).hits.map((h) => h.postId);
    // «аэропорта» is another form of the «аэропорт» both posts 0 and 1 say; post 1 is confirmed deleted.
    const q = `q=${encodeURIComponent('аэропорта')}`;
    expect(await listed(q)).toEqual(expect.arrayContaining([world.posts[0].id, world.posts[1].id]));
    expect(await ids(q)).toEqual(expect.arrayContaining([IDS.cap1, IDS.cap2]));
    expect(await listed(`${q}&deleted=true`)).toEqual([world.posts[1].id]);
    expect(await ids(`${q}&deleted=true`)).toEqual([IDS.cap2]);
    expect(await listed(`${q}&deleted=false&target=${TID}`)).not.toContain(world.posts[1].id);
    expect(await ids(`${q}&deleted=false&target=${TID}`)).not.toContain(IDS.cap2);
    // Posts are first seen 2024-11-12 (no published time): a window before that selects none of them.
    expect(await listed(`${q}&until=2024-11-11`)).toEqual([]);
    // No post of an rss target matches: nothing to package, said so.
    const none = await api.inject({ url: `/api/export?${q}&platform=rss` });
    expect(none.statusCode).toBe(400);
    expect(none.json().message).toContain('matched no records');
    // Filters without a search are refused.
    const bad = await api.inject({ url: `/api/export?target=${TID}&deleted=true` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('give q as well');
  });

  it('packages several chosen items at once: events, captures and posts in one ZIP that verifies', async () => {
    const post = world.posts[2]; // seen by the observation, never browser-captured, no event
    const res = await api.inject({ url: `/api/export?event=${IDS.event}&capture=${IDS.cap1}&post=${encodeURIComponent(`${TID}|${post.id}`)}` });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(200);
    expect(res.headers['content-disposition']).toMatch(/filename="vigil-items-3-\d{8}T\d{6}Z\.zip"/);
    const r = await verifyPackage(res.rawPayload);
    expect(r.faults).toEqual([]);
    expect(r.ok).toBe(true);
    const idx = JSON.parse((await unzipFiles(res.rawPayload)).get('package-index.json')!.toString()) as { items: { kind: string; id: string; posts?: string[] }[] };
    expect([...new Set(idx.items.map((i) => `${i.kind}:${i.id}`))].sort()).toEqual(
      [`capture:${IDS.page}`, `capture:${IDS.cap1}`, `capture:${IDS.cap2}`, `event:${IDS.event}`, `observation:${IDS.observation}`].sort(),
    );
    // The observation carries only the chosen post and the event's post, not the poll's others.
    expect(idx.items.find((i) => i.kind === 'observation')!.posts!.sort()).toEqual([world.posts[1].id, post.id].sort());
    // A post alone: its versions (the observation, scoped to it) and the page it was read from.
    const one = await api.inject({ url: `/api/export?post=${encodeURIComponent(`${TID}|${post.id}`)}` });
    expect(one.statusCode, one.body.slice(0, 300)).toBe(200);
    expect((await verifyPackage(one.rawPayload)).faults).toEqual([]);
    const missing = await api.inject({ url: `/api/export?post=${encodeURIComponent(`${TID}|nope/1`)}&event=${IDS.event}` });
    expect([missing.statusCode, missing.json().code]).toEqual([404, 'VGL_NOT_FOUND']);
    expect((await api.inject({ url: `/api/export?event=${IDS.event}&q=x` })).json().code).toBe('VGL_BAD_REQUEST');
  });

  it('answers 400 with a code when no selector (or two) is given, 404 for an unknown target', async () => {
    for (const q of ['', 'since=2024-11-01', `target=${TID}&event=${IDS.event}`]) {
      const res = await api.inject({ url: `/api/export?${q}` });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'VGL_BAD_REQUEST', message: expect.stringContaining('exactly one of capture, event, target, q') });
    }
    const res = await api.inject({ url: '/api/export?target=nobody' });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('VGL_TARGET_NOT_FOUND');
  });
});

describe('GET /api/captures/:id/citation', () => {
  it('gives the markdown line (default), CSV and CSL-JSON with the ledgered manifest hash', async () => {
    const stored = (await s3.store.get(captureKey(IDS.cap1)))!;
    const sha = sha256Hex(stored);
    const entry = (await ledgerEntries()).find((e) => e.key === captureKey(IDS.cap1))!;
    expect(entry.sha256).toBe(sha);
    const md = await api.inject({ url: `/api/captures/${IDS.cap1}/citation` });
    expect(md.statusCode).toBe(200);
    expect(md.headers['content-type']).toMatch(/^text\/markdown/);
    const title = world.posts[0].text.replace(/\s+/g, ' ').trim().split(' ').slice(0, 12).join(' ');
    expect(md.body).toBe(
      `- Telegram, @topwar: “${title}…” (published 2024-11-11 08:30:00 UTC). <${world.posts[0].url}>. Archived 2024-11-12 10:01:00 UTC by Vigil; SHA-256 ${sha}; ledger entry ${entry.seq}; http://localhost:80/api/captures/${IDS.cap1}\n`,
    );
    const csv = await api.inject({ url: `/api/captures/${IDS.cap1}/citation?format=csv` });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    const [head, row] = csv.body.trim().split('\r\n');
    expect(head).toBe('platform,account,title,url,published_utc,archived_utc,sha256,archive_url,kind,happened,ledger_seq,ledger_key');
    expect(row).toContain(`,2024-11-11T08:30:00.000Z,2024-11-12T10:01:00.000Z,${sha},`);
    const csl = (await api.inject({ url: `/api/captures/${IDS.cap1}/citation?format=csl` })).json() as Record<string, unknown>[];
    expect(csl).toMatchObject([{ id: IDS.cap1, type: 'post', URL: world.posts[0].url, 'container-title': 'Telegram', note: `Archived 2024-11-12T10:01:00.000Z; SHA-256 ${sha}; ledger entry ${entry.seq}` }]);
  });

  it('404 for an unknown capture, 400 for a bad format', async () => {
    expect((await api.inject({ url: '/api/captures/01JCRX00000000000000NONE00/citation' })).json().code).toBe('VGL_NOT_FOUND');
    const bad = await api.inject({ url: `/api/captures/${IDS.cap1}/citation?format=bibtex` });
    expect(bad.statusCode).toBe(400);
  });
});
