// kill -9 of a worker process mid-capture (Chromium at work) and mid-upload (its S3 requests in
// flight, the store frozen): each capture job is retried by the next worker, the archive ends with
// exactly one manifest per capture job, every manifest's artifacts are stored, and the ledger
// holds each manifest exactly once. Real child-process workers, redis-server, s3rver, Chromium.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { CaptureManifest } from '../../src/archive/types.js';
import { createLedger, parseEntry, seqFromKey } from '../../src/archive/ledger/index.js';
import { verifyBucket } from '../../src/archive/verify/index.js';
import { blobKey } from '../../src/ids.js';
import { startCapturePagesServer, type CapturePagesServer } from '../../src/sim/pages/index.js';
import { startRedis, type TestRedis } from '../helpers/startRedis.js';
import { startS3, type TestS3 } from '../helpers/startS3.js';
import { until } from '../helpers/pipeline.js';

const PREFIX = 'crashcap';
const SIM_HOST = '127.0.0.2';
let redis: TestRedis;
let s3: TestS3;
let pages: CapturePagesServer;
const dirs: string[] = [];
const children: ChildProcess[] = [];

beforeAll(async () => {
  [redis, s3, pages] = await Promise.all([startRedis(), startS3({ mode: 'child' }), startCapturePagesServer({ host: SIM_HOST })]);
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  s3?.resume();
  await Promise.all([redis?.close(), s3?.close(), pages?.close()]);
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function worker(): Promise<ChildProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-crashcap-'));
  dirs.push(dataDir);
  const settings = {
    dataDir,
    logLevel: 'silent',
    redis: { url: redis.url, prefix: PREFIX },
    s3: { endpoint: s3.endpoint, bucket: s3.bucket },
    network: { allowPrivate: [SIM_HOST] },
    capture: { enabled: true, concurrency: 2, networkIdleTimeout: '2s', totalTimeout: '60s' },
  };
  // The ledger is on (the default): every manifest is ledgered by the worker that lands it.
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/app/worker-main.ts'], {
    env: { ...process.env, VIGIL_SETTINGS_JSON: JSON.stringify(settings), VIGIL_WORKER_TUNING: JSON.stringify({ lockDuration: 3000, stalledInterval: 1000 }) },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`worker exited ${code}`)));
  });
  return child;
}

const kill9 = async (c: ChildProcess) => {
  const gone = new Promise((r) => c.once('exit', r));
  c.kill('SIGKILL');
  await gone;
};

/** Bytes a request sent to the frozen S3 server that it has not read: an upload in flight. */
// Read from /proc/net/tcp{,6} (what `ss` reads; a fresh Debian has no iproute2): the receive
// queue of established sockets whose local port is the server's.
const queuedAtS3 = (): number => {
  const port = Number(new URL(s3.endpoint).port).toString(16).toUpperCase().padStart(4, '0');
  let queued = 0;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const [, local, , state, queues] = line.trim().split(/\s+/);
      if (state === '01' && local?.endsWith(`:${port}`)) queued += parseInt(queues!.split(':')[1]!, 16);
    }
  }
  return queued;
};

it('kill -9 mid-capture and mid-upload: one manifest per capture, each ledgered once, nothing missing', async () => {
  const M = 4;
  const conn = { url: redis.url };
  const q = new Queue('capture', { connection: conn, prefix: PREFIX });
  const qe = new QueueEvents('capture', { connection: conn, prefix: PREFIX });
  await qe.waitUntilReady();
  const completed = new Set<string>();
  qe.on('completed', ({ jobId }) => completed.add(jobId));
  await q.addBulk(Array.from({ length: M }, (_, i) => ({ name: 'capture', data: { targetId: 'crash', url: `${pages.url}/press-release?n=${i}`, reason: 'test' }, opts: { jobId: `crashcap-${i}`, attempts: 6, backoff: { type: 'fixed', delay: 500 } } })));

  // 1. Mid-capture: Chromium is rendering the first pages.
  const a = await worker();
  await until(async () => ((await q.getActiveCount()) > 0 ? true : undefined), 'a capture in progress');
  await kill9(a);
  expect(completed.size).toBeLessThan(M);

  // 2. Mid-upload: the store is frozen, so the next worker's artifact uploads hang in flight.
  const b = await worker();
  s3.pause();
  await until(async () => (queuedAtS3() > 0 ? true : undefined), 'an upload in flight to the frozen store', { tries: 400 });
  await kill9(b);
  s3.resume();

  // 3. A third worker finishes everything.
  const c = await worker();
  await until(async () => (completed.size >= M ? true : undefined), async () => `only ${completed.size} of ${M} captures completed: ${JSON.stringify(await q.getJobCounts())} ${JSON.stringify((await q.getJobs(['active', 'wait', 'delayed', 'failed'])).map((j) => [j.id, j.attemptsMade, j.stalledCounter, j.failedReason]))}`, { tries: 1600 });
  expect(await q.getFailedCount()).toBe(0);
  const stopped = new Promise((r) => c.once('exit', r));
  c.kill('SIGTERM');
  await stopped;

  // The killed writers' ledger intents are finished by repair (every ledger-writing process runs it periodically).
  const r = new Redis(redis.url);
  const ledger = createLedger({ redis: r, store: s3.store, log: pino({ level: 'silent' }), prefix: PREFIX });
  await ledger.repair({ graceMs: 0 });
  r.disconnect();

  const manifests: CaptureManifest[] = [];
  for await (const key of s3.store.list('captures/')) manifests.push(CaptureManifest.parse(JSON.parse((await s3.store.get(key))!.toString())));
  expect(manifests.map((m) => m.url).sort()).toEqual(Array.from({ length: M }, (_, i) => `${pages.url}/press-release?n=${i}`).sort());
  for (const m of manifests) for (const art of m.artifacts) expect(await s3.store.head(blobKey(art.sha256)), art.name).not.toBeNull();

  const ledgered = new Map<string, number>();
  for await (const k of s3.store.list('ledger/')) {
    if (seqFromKey(k) === null) continue;
    const e = parseEntry((await s3.store.get(k))!, k);
    ledgered.set(e.key, (ledgered.get(e.key) ?? 0) + 1);
  }
  const captureEntries = [...ledgered].filter(([k]) => k.startsWith('captures/'));
  expect(captureEntries.length).toBe(M);
  expect(captureEntries.every(([, n]) => n === 1)).toBe(true);
  const report = await verifyBucket(s3.store);
  expect(report.faults.filter((f) => f.code !== 'key_missing')).toEqual([]);
  await qe.close();
  await q.close();
}, 600_000);
