// SIGTERM to a worker process with jobs in flight: jobs that can finish within shutdown.grace
// finish, the rest (stuck on a hanging platform) are aborted and put back in their queue without
// spending an attempt; the process exits 0; a new worker completes every job, with exactly one
// observation per target and nothing half-written (no temp files, every referenced blob stored).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue, QueueEvents } from 'bullmq';
import { afterAll, expect, it } from 'vitest';
import { ObservationRecord } from '../../src/archive/types.js';
import { blobKey } from '../../src/ids.js';
import { until, usePipeline } from '../helpers/pipeline.js';

const h = usePipeline({ prefix: 'drain', sim: { hangMs: 120_000 } });
const dirs: string[] = [];
const children: ChildProcess[] = [];

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function worker(dataDir: string): Promise<ChildProcess> {
  const settings = h.settings(dataDir, {
    network: { allowPrivate: true, timeout: '90s', perHostRps: 50, concurrency: 8 },
    platforms: { telegram: { rescanPages: 0, sweepPagesPerPoll: 0 } },
    capture: { enabled: false },
    archive: { archiveMedia: false, seenFlushEvery: '500ms' },
    shutdown: { grace: '2s' },
  });
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/app/worker-main.ts'], {
    env: { ...process.env, VIGIL_SETTINGS_JSON: JSON.stringify(settings), VIGIL_LEDGER: '0' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`worker exited ${code}`)));
  });
  return child;
}

const tmpFiles = async (dir: string): Promise<string[]> => {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      if (e.isDirectory()) await walk(join(d, e.name));
      else if (e.name.startsWith('.tmp-') || e.name.endsWith('.inflight')) out.push(join(d, e.name));
    }
  };
  await walk(dir);
  return out;
};

it('SIGTERM: in-flight jobs finish or go back to the queue; the process exits 0; nothing is lost or doubled', async () => {
  const N = 12;
  const HANGING = 4;
  for (let i = 0; i < N; i++) h.channel(`drain${i}`, 5);
  // The first HANGING channels hang every request: their jobs cannot finish within the grace.
  for (let i = 0; i < HANGING; i++) h.sim.faults.add({ kind: 'hang', channel: `drain${i}`, durationMs: 600_000 });
  const conn = { url: h.redis.url };
  const observe = new Queue('observe', { connection: conn, prefix: 'drain' });
  const qe = new QueueEvents('observe', { connection: conn, prefix: 'drain' });
  await qe.waitUntilReady();
  const completed = new Set<string>();
  qe.on('completed', ({ jobId }) => completed.add(jobId));

  const dataA = await mkdtemp(join(tmpdir(), 'vigil-drain-'));
  dirs.push(dataA);
  const a = await worker(dataA);
  await observe.addBulk(Array.from({ length: N }, (_, i) => ({ name: 'observe', data: { targetId: `d${i}`, spec: `telegram:drain${i}`, dueAt: 1 }, opts: { jobId: `drain-${i}`, attempts: 3, backoff: { type: 'fixed', delay: 200 } } })));
  await until(async () => (completed.size >= N - HANGING && (await observe.getActiveCount()) >= HANGING ? true : undefined), 'the free jobs to finish while the hanging ones are in flight');

  const exited = new Promise<number | null>((r) => a.once('exit', (code) => r(code)));
  a.kill('SIGTERM');
  expect(await exited).toBe(0);
  const counts = await observe.getJobCounts('active', 'failed', 'delayed', 'wait', 'completed');
  expect({ active: counts.active, failed: counts.failed }).toEqual({ active: 0, failed: 0 });
  expect(counts.delayed + counts.wait).toBe(HANGING); // returned, not failed
  for (let i = 0; i < HANGING; i++) expect((await observe.getJob(`drain-${i}`))!.attemptsMade).toBe(0);
  expect(await tmpFiles(dataA)).toEqual([]);

  // The platform answers again; a new worker takes the returned jobs.
  h.sim.faults.clear();
  const dataB = await mkdtemp(join(tmpdir(), 'vigil-drain-'));
  dirs.push(dataB);
  const b = await worker(dataB);
  await until(async () => (completed.size >= N ? true : undefined), async () => `only ${completed.size} of ${N} jobs completed`, { tries: 400 });
  expect(await observe.getFailedCount()).toBe(0);

  const perTarget = new Map<string, number>();
  for await (const key of h.s3.store.list('observations/')) {
    const rec = ObservationRecord.parse(JSON.parse((await h.s3.store.get(key))!.toString()));
    perTarget.set(rec.target, (perTarget.get(rec.target) ?? 0) + 1);
    for (const p of rec.posts) expect(await h.s3.store.head(blobKey(p.sha256))).not.toBeNull();
  }
  expect(perTarget.size).toBe(N);
  expect([...perTarget.values()].every((n) => n === 1)).toBe(true);

  b.kill('SIGTERM');
  expect(await new Promise((r) => b.once('exit', (code) => r(code)))).toBe(0);
  await qe.close();
  await observe.close();
});
