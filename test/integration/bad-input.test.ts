// Bad input everywhere gives a clear error and changes nothing: config targets, target specs
// (the API's door), scenario files, and objects in the bucket that are corrupt (a truncated
// upload, a hand edit): verify reports them, reindex and the scheduler skip them with a warning
// naming the key, and everything else goes on. Real s3rver and Redis.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Queue } from 'bullmq';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTarget, syncTargets, type TargetsDeps } from '../../src/app/targets.js';
import { createArchive } from '../../src/archive/archive.js';
import { captureKey, eventKey, observationKey } from '../../src/archive/keys.js';
import type { CaptureManifest, EventRecord } from '../../src/archive/types.js';
import { verifyBucket } from '../../src/archive/verify/index.js';
import { createCatalog, reindex } from '../../src/catalog/index.js';
import { isVigilError } from '../../src/errors.js';
import { newId } from '../../src/ids.js';
import { parseSpec } from '../../src/scrapers/registry.js';
import { loadScenarioFile } from '../../src/sim/scenario.js';
import { startRedis, type TestRedis } from '../helpers/startRedis.js';
import { startS3, type TestS3 } from '../helpers/startS3.js';

let redis: TestRedis;
let s3: TestS3;
let dir: string;
let index: Queue;
beforeAll(async () => {
  [redis, s3] = await Promise.all([startRedis(), startS3()]);
  dir = await mkdtemp(join(tmpdir(), 'vigil-bad-'));
  index = new Queue('index', { connection: { url: redis.url }, prefix: 'bad' });
});
afterAll(async () => {
  await index?.close();
  await Promise.all([redis?.close(), s3?.close()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

const warnings = () => {
  const lines: { msg: string; key?: string }[] = [];
  const log = pino({ level: 'warn' }, new Writable({ write: (c, _e, cb) => (lines.push(...String(c).trim().split('\n').map((l) => JSON.parse(l) as never)), cb()) }));
  return { log, lines };
};
const code = async (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (isVigilError(e) ? e.code : `not a VigilError: ${String(e)}`));
const keysUnder = async (prefix: string) => {
  const out: string[] = [];
  for await (const k of s3.store.list(prefix)) out.push(k);
  return out;
};

describe('targets', () => {
  const scheduled: string[] = [];
  const deps = (log = pino({ level: 'silent' })): TargetsDeps => ({
    store: s3.store,
    scheduler: { schedule: async (id) => void scheduled.push(id), unschedule: async () => undefined },
    index,
    parseSpec,
    defaultEveryMs: 60_000,
    log,
  });

  it('a bad target (API, CLI or config file) is refused before anything is written; config targets are checked all first', async () => {
    expect(await code(addTarget(deps(), 'telegram:'))).toBe('VGL_SPEC_INVALID');
    expect(await code(addTarget(deps(), 'myspace:someone'))).toBe('VGL_PLATFORM_UNKNOWN');
    expect(await code(addTarget(deps(), 'telegram:durov', { every: 'soon' }))).toBe('VGL_BAD_REQUEST');
    expect(await code(addTarget(deps(), 'telegram:durov', { id: '../etc' }))).toBe('VGL_BAD_REQUEST');
    expect(await keysUnder('targets/')).toEqual([]);
    // One bad config entry names its path, and the good one before it is not added either.
    const err = await syncTargets(deps(), [{ spec: 'telegram:durov', tags: [] }, { spec: 'telegram:', tags: [] }]).catch((e: unknown) => e);
    expect(isVigilError(err, 'VGL_CONFIG_INVALID')).toBe(true);
    expect((err as Error).message).toMatch(/^config: targets\[1\]\.spec: /);
    expect(await keysUnder('targets/')).toEqual([]);
    expect(scheduled).toEqual([]);
  });

  it('a corrupt target definition in the bucket is skipped with a warning naming it; the others are scheduled', async () => {
    await addTarget(deps(), 'telegram:durov', { id: 'durov' });
    await s3.store.put('targets/broken.json', Buffer.from('{"id":"broken","spec":"tele'), { contentType: 'application/json' });
    scheduled.length = 0;
    const w = warnings();
    expect(await syncTargets(deps(w.log), [])).toBe(1);
    expect(scheduled).toEqual(['durov']);
    expect(w.lines.map((l) => [l.msg, l.key])).toEqual([['target definition is not valid JSON; skipped (rewrite it or remove the target)', 'targets/broken.json']]);
  });
});

describe('scenario files', () => {
  it('broken YAML is a VGL_CONFIG_INVALID naming the file', async () => {
    const file = join(dir, 'broken.yaml');
    await writeFile(file, 'channels:\n  - username: [unclosed\n');
    const err = await loadScenarioFile(file).catch((e: unknown) => e);
    expect(isVigilError(err, 'VGL_CONFIG_INVALID')).toBe(true);
    expect((err as Error).message).toContain(`${file} is not valid YAML`);
  });
});

describe('corrupt records in the bucket', () => {
  it('verify reports each one; reindex skips each with a warning naming it and indexes the rest', async () => {
    const archive = createArchive({ store: s3.store, log: pino({ level: 'silent' }) });
    const good: CaptureManifest = { v: 1, id: newId(), kind: 'http', status: 'done', target: 'durov', url: 'https://t.me/s/durov', tool: { name: 'vigil', version: '0.1.0' }, vantage: 'test', startedAt: '2026-01-01T00:00:00.000Z', finishedAt: '2026-01-01T00:00:01.000Z', artifacts: [] };
    await archive.putCapture(good);
    const ev: EventRecord = { v: 1, id: newId(), type: 'post_deleted', status: 'candidate', target: 'durov', postId: 'durov/1', detectedAt: '2026-01-01T00:00:00.000Z', window: { firstChangedAt: '2026-01-01T00:00:00.000Z' }, confidence: 0.7, rule: 'listing.missing_in_covered_range', evidence: [] };
    await archive.putEvent(ev);
    const bad = {
      empty: captureKey(newId()),
      truncated: eventKey(newId(), 'candidate'),
      wrongShape: observationKey(newId()),
    };
    await s3.store.put(bad.empty, Buffer.alloc(0), { contentType: 'application/json' });
    await s3.store.put(bad.truncated, Buffer.from('{"v":1,"id":"01J'), { contentType: 'application/json' });
    await s3.store.put(bad.wrongShape, Buffer.from('{"v":1,"hello":"world"}\n'), { contentType: 'application/json' });

    const report = await verifyBucket(s3.store);
    const codes = (k: string) => report.faults.filter((f) => f.key === k).map((f) => f.code).sort();
    expect(codes(bad.empty)).toContain('manifest_invalid');
    expect(codes(bad.truncated)).toContain('record_invalid');
    expect(codes(bad.wrongShape)).toContain('manifest_invalid');
    expect(report.ok).toBe(false);

    const catalog = await createCatalog({ dataDir: dir, database: {} }, pino({ level: 'silent' }), { inMemory: true });
    try {
      const w = warnings();
      const stats = await reindex(archive, catalog, w.log);
      // targets/broken.json (the test above) is one more corrupt record.
      expect(stats).toMatchObject({ targets: 1, captures: 1, events: 1, skipped: 4 });
      expect(w.lines.filter((l) => l.msg === 'reindex skipped record').map((l) => l.key).sort()).toEqual([...Object.values(bad), 'targets/broken.json'].sort());
      expect(await catalog.getCapture(good.id)).not.toBeNull();
      expect(await catalog.getEvent(ev.id)).not.toBeNull();
    } finally {
      await catalog.close();
    }
  });
});
