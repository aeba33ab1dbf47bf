// All roles in one process: targets added through the API are scheduled, polled by the workers,
// and the catalog (fed only by the index queue from bucket records) serves the confirmed events.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SettingsSchema } from '../../src/config/schema.js';
import { CaptureManifest } from '../../src/archive/types.js';
import { createSim, startSimServer, type Sim, type SimServer } from '../../src/sim/index.js';
import { startApp, type App } from '../../src/app/start.js';
import { startRedis, type TestRedis } from '../helpers/startRedis.js';
import { startS3, type TestS3 } from '../helpers/startS3.js';

let redis: TestRedis;
let s3: TestS3;
let sim: Sim;
let server: SimServer;
let app: App;
let dir: string;

beforeAll(async () => {
  [redis, s3] = await Promise.all([startRedis(), startS3()]);
  sim = createSim();
  server = await startSimServer({ sim });
  dir = await mkdtemp(join(tmpdir(), 'vigil-web-'));
  const settings = SettingsSchema.parse({
    dataDir: dir,
    logLevel: 'silent',
    redis: { url: redis.url, prefix: 'web' },
    s3: { endpoint: s3.endpoint, bucket: s3.bucket },
    http: { port: 0 },
    network: { allowPrivate: true, perHostRps: 1000 },
    platforms: { telegram: { baseUrl: server.url } },
    detection: { confirm: { minSpan: '1s' } },
    scheduler: { tick: '200ms', jitter: 0 },
    capture: { enabled: false },
    archive: { archiveMedia: true, seenFlushEvery: '500ms' },
  });
  app = await startApp({ settings, log: pino({ level: 'silent' }), roles: ['worker', 'scheduler', 'web'], ledger: false });
});
afterAll(async () => {
  await app?.stop();
  await server?.close();
  await Promise.all([redis?.close(), s3?.close()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

const api = async (path: string, init?: RequestInit) => {
  const r = await fetch(`${app.apiUrl}${path}`, init);
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
};

async function until<T>(f: () => Promise<T | undefined>, what: string): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const v = await f();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`timed out waiting for ${what}`);
}

it('API target -> scheduled polls -> catalog events', async () => {
  sim.world.addChannel({ username: 'webchan', title: 'Web channel' });
  sim.apply({ type: 'post', channel: 'webchan', count: 4 });
  sim.apply({ type: 'post', channel: 'webchan', text: 'photo report', media: [{ kind: 'photo' }] });
  const add = await api('/api/targets', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ spec: 'telegram:webchan', every: '1s', id: 'webchan' }) });
  expect(add.status).toBeLessThan(300);
  await until(async () => {
    const t = await app.core.states.load('webchan');
    return t.state === 'ok' ? t : undefined;
  }, 'first poll');
  sim.apply({ type: 'block', channel: 'webchan' });
  const ev = await until(async () => {
    const r = await api('/api/events?target=webchan');
    const list = (r.body.events ?? []) as { type: string; status: string }[];
    return list.find((e) => e.type === 'account_restricted' && e.status === 'confirmed');
  }, 'confirmed account_restricted in the catalog');
  expect(ev).toBeDefined();
  const t = await api('/api/targets');
  expect(JSON.stringify(t.body)).toContain('webchan');
  // The photo of the new post was archived as a blob with its own capture manifest.
  const media = await until(async () => {
    for await (const key of app.core.archive.listKeys('captures/')) {
      const m = await app.core.archive.getJson(key, CaptureManifest);
      if (m?.artifacts.some((a) => a.name.startsWith('media/'))) return m;
    }
    return undefined;
  }, 'media capture');
  expect(media.postId).toMatch(/^webchan\//);
  expect(await app.core.archive.getBlob(media.artifacts[0].sha256)).not.toBeNull();
});
