// The real `vigil` CLI (tsx src/cli/main.ts) against a running API (buildApi on a loopback port)
// over a real PGlite catalog and a real archive on s3rver.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { buildApi, type TargetsService } from '../../src/api/index.js';
import { createCatalog } from '../../src/catalog/index.js';
import type { Catalog, TargetDef } from '../../src/catalog/types.js';
import { createArchive } from '../../src/archive/archive.js';
import { VigilError } from '../../src/errors.js';
import { sha256Hex } from '../../src/ids.js';
import { parseSpec } from '../../src/scrapers/registry.js';
import { freePort } from '../../src/services/ports.js';
import { runVigil, type CliResult } from '../helpers/cli.js';
import { startS3, type TestS3 } from '../helpers/startS3.js';
import { fixturePosts, postSha } from '../unit/catalog/fixturePosts.js';

const log = pino({ level: 'silent' });
let s3: TestS3;
let catalog: Catalog;
let api: FastifyInstance;
let url = '';
let lastExport: unknown;

/** Targets kept in memory, specs checked by the real scraper registry. */
function targetsService(): TargetsService {
  const defs = new Map<string, TargetDef>();
  return {
    async add(i) {
      const ref = parseSpec(i.spec);
      const id = i.id ?? `${ref.platform}-${ref.key}`;
      if (defs.has(id)) throw new VigilError('VGL_TARGET_EXISTS', `target "${id}" already exists`);
      const d: TargetDef = { id, spec: ref.spec, platform: ref.platform, key: ref.key, everyMs: 300000, tags: i.tags ?? [], ...(i.vantages ? { vantages: i.vantages } : {}), createdAt: new Date().toISOString() };
      defs.set(id, d);
      return d;
    },
    list: async () => [...defs.values()],
    async remove(id) {
      if (!defs.delete(id)) throw new VigilError('VGL_TARGET_NOT_FOUND', `no target ${id}`);
    },
  };
}

function vigil(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return runVigil(args, { ...process.env, VIGIL_API_URL: url, ...env });
}

beforeAll(async () => {
  catalog = await createCatalog({ dataDir: '/nonexistent', database: {} }, log, { inMemory: true });
  s3 = await startS3();
  const targets = targetsService();
  // Capture/export services stand in for the capture worker and the exporter (owned elsewhere):
  // the capture "finishes" by indexing its manifest, as the real index queue would.
  const captures = {
    enqueue: async (u: string, target?: string) => {
      const id = '01JD0000000000000000000C07';
      const png = Buffer.from('not really a png');
      await catalog.applyCapture({ v: 1, id, kind: 'browser', status: 'done', target, url: u, tool: { name: 'vigil', version: '0' }, vantage: 'test', startedAt: '2024-11-12T10:00:00.000Z', finishedAt: '2024-11-12T10:00:02.000Z', artifacts: [{ name: 'screenshot.png', sha256: sha256Hex(png), size: png.length, type: 'image/png' }] });
      return id;
    },
  };
  const exporter = { export: async (q: { target?: string }) => ((lastExport = q), { body: Buffer.from(`PK-fake-zip-for-${q.target}`), filename: `case-${q.target}.zip` }) };
  api = await buildApi({ settings: { http: { host: '127.0.0.1', port: 0 } }, log, catalog, archive: createArchive({ store: s3.store, log }), targets, captures, exporter });
  url = await api.listen({ host: '127.0.0.1', port: 0 });
  // One observed target with posts and a confirmed deletion.
  const def = await targets.add({ spec: 'telegram:topwar_official' });
  await catalog.upsertTarget(def);
  const posts = fixturePosts().slice(0, 3);
  await catalog.applyObservation(
    { v: 1, id: '01JD0000000000000000000B01', target: def.id, platform: 'telegram', url: 'https://t.me/s/topwar_official', observedAt: '2024-11-12T10:00:00.000Z', state: 'ok', captures: [], posts: posts.map((p) => ({ id: p.id, key: p.key, order: p.order, sha256: postSha(p) })), contentDigest: sha256Hex('o') },
    posts.map((p) => ({ record: p, sha256: postSha(p) })),
  );
  await catalog.applyEvent({ v: 1, id: '01JD0000000000000000000E01', type: 'post_deleted', status: 'confirmed', target: def.id, postId: posts[0].id, detectedAt: '2024-11-13T09:00:00.000Z', confirmedAt: '2024-11-13T09:10:00.000Z', window: { firstChangedAt: '2024-11-13T09:00:00.000Z' }, confidence: 0.9, rule: 'post_missing_in_range', evidence: ['01JD0000000000000000000B01'] });
});

afterAll(async () => {
  await api?.close();
  await catalog?.close();
  await s3?.close();
});

describe('vigil CLI', () => {
  it('targets add / list', async () => {
    const add = await vigil(['targets', 'add', 'telegram:durov', '--tags', 'founder,tech']);
    expect(add).toMatchObject({ code: 0, stdout: 'added telegram-durov (telegram:durov)\n' });
    const list = await vigil(['targets', 'list', '--json']);
    expect(list.code).toBe(0);
    const body = JSON.parse(list.stdout) as { targets: { id: string; state: string; tags: string[] }[] };
    expect(body.targets.map((t) => [t.id, t.state])).toEqual([['telegram-durov', 'pending'], ['telegram-topwar_official', 'ok']]);
    expect(body.targets[0].tags).toEqual(['founder', 'tech']);
  });

  it('targets add --vantage (repeatable) sends the vantages', async () => {
    const add = await vigil(['targets', 'add', 'x:SomeAccount', '--vantage', 'kz-1', '--vantage', 'de-1', '--json']);
    expect(add.code).toBe(0);
    expect((JSON.parse(add.stdout) as { target: { vantages: string[] } }).target.vantages).toEqual(['kz-1', 'de-1']);
  });

  it('events --json and posts --json', async () => {
    const ev = JSON.parse((await vigil(['events', '--status', 'confirmed', '--json'])).stdout) as { events: { id: string; type: string; status: string }[] };
    expect(ev.events).toMatchObject([{ id: '01JD0000000000000000000E01', type: 'post_deleted', status: 'confirmed' }]);
    const posts = await vigil(['posts', 'telegram-topwar_official', '--json']);
    expect(posts.code).toBe(0);
    const list = (JSON.parse(posts.stdout) as { posts: { id: string; deleted: boolean; versions: unknown[] }[] }).posts;
    expect(list).toHaveLength(3);
    expect(list.filter((p) => p.deleted).map((p) => p.id)).toEqual(['topwar_official/70989']);
    expect(list.every((p) => p.versions.length === 1)).toBe(true);
  });

  it('capture waits for the manifest; export writes the package', async () => {
    const c = await vigil(['capture', 'https://t.me/durov/1', '--target', 'telegram-durov', '--json']);
    expect(c.code).toBe(0);
    expect(JSON.parse(c.stdout)).toMatchObject({ id: '01JD0000000000000000000C07', status: 'done', target: 'telegram-durov', artifacts: [{ name: 'screenshot.png' }] });
    const dir = await mkdtemp(join(tmpdir(), 'vigil-export-'));
    const out = join(dir, 'case.zip');
    const e = await vigil(['export', '--target', 'telegram-durov', '--out', out]);
    expect(e.code).toBe(0);
    expect(await readFile(out, 'utf8')).toBe('PK-fake-zip-for-telegram-durov');
    expect(e.stdout).toContain(`sha256 ${sha256Hex('PK-fake-zip-for-telegram-durov')}`);
    await rm(dir, { recursive: true, force: true });
  });

  it('export takes several events, captures and posts for one package; a mix with --target is refused', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vigil-export-'));
    const e = await vigil(['export', '--event', '01JD0000000000000000000E01', '--event', '01JD0000000000000000000E02', '--capture', '01JD0000000000000000000C07', '--post', 'telegram-topwar_official|topwar_official/70989', '--out', join(dir, 'case.zip')]);
    expect(e.code, e.stderr).toBe(0);
    expect(lastExport).toEqual({ event: ['01JD0000000000000000000E01', '01JD0000000000000000000E02'], capture: '01JD0000000000000000000C07', post: 'telegram-topwar_official|topwar_official/70989' });
    const mixed = await vigil(['export', '--target', 'telegram-durov', '--event', '01JD0000000000000000000E01', '--out', join(dir, 'x.zip')]);
    expect(mixed.code).not.toBe(0);
    expect(mixed.stderr).toMatch(/VGL_BAD_REQUEST.*one or more of --event, --capture, --post/);
    const badPost = await vigil(['export', '--post', 'topwar_official/70989', '--out', join(dir, 'x.zip')]);
    expect(badPost.code).not.toBe(0);
    expect(badPost.stderr).toContain("'<target>|<postId>'");
    await rm(dir, { recursive: true, force: true });
  });

  it('search prints hits with matches in brackets, filters, pages; export --search sends the same filters', async () => {
    // «аэропорта» is another form of the «аэропорт» of posts 70989 (deleted) and 70990.
    const all = await vigil(['search', 'аэропорта']);
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toMatch(/topwar_official\/70989\s+DELETED\s+.*\[аэропорт\]/);
    expect(all.stdout).toContain('topwar_official/70990');
    const deleted = JSON.parse((await vigil(['search', 'аэропорта', '--deleted', '--json'])).stdout) as { hits: { postId: string; deleted: boolean }[]; next: string | null };
    expect(deleted).toEqual({ hits: [expect.objectContaining({ postId: 'topwar_official/70989', deleted: true })], next: null });
    const first = await vigil(['search', 'аэропорта', '--limit', '1']);
    const cursor = /--cursor (\S+)/.exec(first.stderr)?.[1];
    expect(cursor).toBeTruthy();
    const second = await vigil(['search', 'аэропорта', '--limit', '1', '--cursor', cursor!]);
    expect(second.stdout.split('\n')[1].split(/\s+/)[2]).not.toBe(first.stdout.split('\n')[1].split(/\s+/)[2]);
    const dir = await mkdtemp(join(tmpdir(), 'vigil-export-'));
    const e = await vigil(['export', '--search', 'аэропорта', '--target', 'telegram-topwar_official', '--tag', 'media', '--deleted', '--out', join(dir, 'case.zip')]);
    expect(e.code, e.stderr).toBe(0);
    expect(lastExport).toEqual({ q: 'аэропорта', target: 'telegram-topwar_official', tag: 'media', deleted: true });
    await rm(dir, { recursive: true, force: true });
  });

  it('a bad spec is a clear error with a hint and a non-zero exit', async () => {
    const r = await vigil(['targets', 'add', 'telegram:a']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/^error \[VGL_SPEC_INVALID\]: .+\nhint: .+/);
    expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
    const unknown = await vigil(['posts', 'nobody']);
    expect(unknown.stderr).toMatch(/^error \[VGL_TARGET_NOT_FOUND\]/);
  });

  it('an unreachable API says how to start Vigil', async () => {
    const port = await freePort();
    const r = await vigil(['--api', `http://127.0.0.1:${port}`, 'targets', 'list']);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/^error \[VGL_API_UNREACHABLE\]: cannot reach Vigil at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\); start Vigil with `vigil run` or pass --api/);
  });
});
