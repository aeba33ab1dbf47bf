// A worker process SIGKILLed mid-job: another worker retakes the stalled jobs; every poll ends
// with exactly one observation record (deterministic ids) whose blobs all exist.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { afterAll, expect, it } from 'vitest';
import { ObservationRecord } from '../../src/archive/types.js';
import { blobKey } from '../../src/ids.js';
import { usePipeline } from '../helpers/pipeline.js';

// Only the services and the simulator here: the workers are separate processes.
const h = usePipeline({ prefix: 'crash', sim: true });
const dirs: string[] = [];
const children: ChildProcess[] = [];

// Registered after usePipeline's hooks, so it runs before the services are stopped.
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function worker(): Promise<ChildProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-crash-'));
  dirs.push(dataDir);
  const settings = h.settings(dataDir, {
    // Slow pacing keeps many jobs in flight when the worker is killed.
    network: { allowPrivate: true, timeout: '5s', perHostRps: 15, concurrency: 8 },
    platforms: { telegram: { rescanPages: 1 } },
    detection: { confirm: { minSpan: '1s' } },
    capture: { enabled: false },
    archive: { archiveMedia: false, seenFlushEvery: '500ms' },
  });
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/app/worker-main.ts'], {
    env: { ...process.env, VIGIL_SETTINGS_JSON: JSON.stringify(settings), VIGIL_LEDGER: '0', VIGIL_WORKER_TUNING: JSON.stringify({ lockDuration: 2000, stalledInterval: 1000 }) },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`worker exited ${code}`)));
  });
  return child;
}

it('no lost or duplicated record after SIGKILL mid-job', async () => {
  const N = 30;
  for (let i = 0; i < N; i++) {
    h.sim.world.addChannel({ username: `crash${i}`, title: `Crash ${i}` });
    h.sim.apply({ type: 'post', channel: `crash${i}`, count: 8 });
  }
  const conn = { url: h.redis.url };
  const observe = new Queue('observe', { connection: conn, prefix: 'crash' });
  const qe = new QueueEvents('observe', { connection: conn, prefix: 'crash' });
  await qe.waitUntilReady();
  const completed = new Set<string>();
  qe.on('completed', ({ jobId }) => completed.add(jobId));

  const a = await worker();
  await observe.addBulk(Array.from({ length: N }, (_, i) => ({ name: 'observe', data: { targetId: `c${i}`, spec: `telegram:crash${i}`, dueAt: 1 }, opts: { jobId: `crash-${i}`, attempts: 5, backoff: { type: 'fixed', delay: 200 } } })));
  while (completed.size < 3) await new Promise((r) => setTimeout(r, 20));
  a.kill('SIGKILL');
  await new Promise((r) => a.once('exit', r));
  const atKill = completed.size;
  expect(atKill).toBeLessThan(N); // jobs were in flight or waiting when the worker died

  const b = await worker();
  for (let i = 0; i < 600 && completed.size < N; i++) await new Promise((r) => setTimeout(r, 100));
  expect(completed.size).toBe(N);
  expect(await observe.getFailedCount()).toBe(0);

  // Exactly one observation per target; every blob it references is in the bucket.
  const perTarget = new Map<string, number>();
  for await (const key of h.s3.store.list('observations/')) {
    const rec = ObservationRecord.parse(JSON.parse((await h.s3.store.get(key))!.toString()));
    perTarget.set(rec.target, (perTarget.get(rec.target) ?? 0) + 1);
    for (const p of rec.posts) expect(await h.s3.store.head(blobKey(p.sha256))).not.toBeNull();
    expect(rec.posts).toHaveLength(8);
  }
  expect(perTarget.size).toBe(N);
  expect([...perTarget.values()].every((n) => n === 1)).toBe(true);

  // SIGTERM drains and exits cleanly.
  b.kill('SIGTERM');
  expect(await new Promise((r) => b.once('exit', (code) => r(code)))).toBe(0);
  await qe.close();
  await observe.close();
});
