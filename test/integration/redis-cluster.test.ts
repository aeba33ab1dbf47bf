// Vigil on a real 3-node Redis Cluster (loopback ports): the scheduler's Lua claim, BullMQ queues,
// the rate limiter, the hot state and the ledger's lock all run with a `{hash-tag}` prefix, two
// worker apps (separate clients, as separate processes would have) share the queues, and the
// archive ends with one ledger entry per record. Real s3rver and simulator.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SettingsSchema } from '../../src/config/schema.js';
import { startApp, type App } from '../../src/app/start.js';
import { createSim, startSimServer, type Sim, type SimServer } from '../../src/sim/index.js';
import { parseEntry, seqFromKey } from '../../src/archive/ledger/entry.js';
import { verifyBucket } from '../../src/archive/verify/index.js';
import { startRedisCluster, type TestRedisCluster } from '../helpers/startRedisCluster.js';
import { startS3, type TestS3 } from '../helpers/startS3.js';
import { until } from '../helpers/pipeline.js';

const run = promisify(execFile);
const CHANNELS = ['cl_alpha', 'cl_bravo', 'cl_charlie'];
let cluster: TestRedisCluster;
let s3: TestS3;
let sim: Sim;
let server: SimServer;
const apps: App[] = [];
const dirs: string[] = [];

beforeAll(async () => {
  [cluster, s3] = await Promise.all([startRedisCluster(3), startS3()]);
  sim = createSim();
  server = await startSimServer({ sim });
  for (const c of CHANNELS) {
    sim.world.addChannel({ username: c, title: `Channel ${c}` });
    sim.apply({ type: 'post', channel: c, count: 5 });
  }
});
afterAll(async () => {
  for (const a of apps) await a.stop().catch(() => undefined);
  await server?.close();
  await Promise.all([cluster?.close(), s3?.close()]);
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

const settingsFor = async (withTargets: boolean) => {
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-cluster-'));
  dirs.push(dataDir);
  return SettingsSchema.parse({
    dataDir,
    logLevel: 'silent',
    redis: { cluster: cluster.urls, prefix: '{vtest}' },
    s3: { endpoint: s3.endpoint, bucket: s3.bucket },
    network: { allowPrivate: true, timeout: '5s', perHostRps: 1000, perPlatformRps: { telegram: 1000 }, concurrency: 4 },
    platforms: { telegram: { baseUrl: server.url } },
    capture: { enabled: false },
    archive: { archiveMedia: false, seenFlushEvery: '1s' },
    scheduler: { tick: '200ms', jitter: 0 },
    targets: withTargets ? CHANNELS.map((c) => ({ id: c, spec: `telegram:${c}`, every: '1s' })) : [],
  });
};

it('the scheduler, queues, limiter, hot state and ledger work on a Redis Cluster with a hash-tagged prefix', async () => {
  apps.push(await startApp({ settings: await settingsFor(true), log: pino({ level: 'silent' }), roles: ['worker', 'scheduler'], ledger: true }));
  apps.push(await startApp({ settings: await settingsFor(false), log: pino({ level: 'silent' }), roles: ['worker'], ledger: true }));
  const store = s3.store;
  const observations = async () => {
    const keys: string[] = [];
    for await (const k of store.list('observations/')) keys.push(k);
    return keys;
  };
  // First polls (backfill) are scheduled, not queued by hand.
  await until(async () => ((await observations()).length >= CHANNELS.length ? true : undefined), 'first observations of every channel', { tries: 300, everyMs: 200 });
  // New content: later scheduled polls archive it.
  for (const c of CHANNELS) sim.apply({ type: 'post', channel: c, count: 2 });
  await until(async () => ((await observations()).length >= CHANNELS.length * 2 ? true : undefined), 'second observations', { tries: 300, everyMs: 200 });
  for (const a of apps.splice(0)) await a.stop();

  // One ledger entry per record: two workers never wrote (or ledgered) the same record twice.
  const entries = [];
  for await (const k of store.list('ledger/')) if (seqFromKey(k) !== null) entries.push(parseEntry((await store.get(k))!, k));
  const keys = entries.map((e) => e.key);
  expect(keys.length).toBeGreaterThanOrEqual(CHANNELS.length * 2);
  expect(new Set(keys).size).toBe(keys.length);
  const report = await verifyBucket(store);
  expect(report.faults).toEqual([]);

  // Every key Vigil and BullMQ wrote carries the hash tag, so they all live in one slot.
  const all: string[] = [];
  for (const p of cluster.ports) all.push(...(await run('redis-cli', ['-p', String(p), '--scan'])).stdout.split('\n').filter(Boolean));
  expect(all.length).toBeGreaterThan(10);
  expect(all.filter((k) => !k.startsWith('{vtest}:'))).toEqual([]);
  expect(all.some((k) => k.startsWith('{vtest}:observe:'))).toBe(true);
  expect(all).toContain('{vtest}:due');
});
