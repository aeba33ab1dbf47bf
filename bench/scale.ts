// Scale: 100 000 targets in Redis. Prints one JSON line last:
//   redis_bytes_per_target  Redis memory per scheduled target (due-set + definition + tempo)
//   hot_state_bytes_per_polled_target  the detection state a polled target adds (40-post channels)
//   tick_ms_1k/10k/100k     one scheduler tick with the same number of due targets (SCALE_DUE,
//                           default 1000) among 1k, 10k and 100k watched (median of 5)
//   polls_per_s_1w/2w/4w    observe jobs per second end to end (fetch from the simulator, parse,
//                           diff, archive, ledger ON) with 1, 2 and 4 worker PROCESSES; before each
//                           round about one channel in ten gets a new post, so ~10% of polls write
//                           records (and ledger entries).
// Real redis-server, s3rver (child process) and simulator on 127.0.0.1.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import pino from 'pino';
import { SettingsSchema } from '../src/config/schema.js';
import { parseEntry, seqFromKey } from '../src/archive/ledger/entry.js';
import { benchScenario, runSim } from '../src/sim/index.js';
import { createScheduler } from '../src/workers/scheduler.js';
import { encodeTempo } from '../src/workers/tempo.js';
import { createStateStore } from '../src/workers/state-store.js';
import { startRedis } from '../test/helpers/startRedis.js';
import { startS3 } from '../test/helpers/startS3.js';

const TARGETS = Number(process.env.SCALE_TARGETS ?? 100_000);
const DUE = Number(process.env.SCALE_DUE ?? 1000);
const CHANNELS = Number(process.env.SCALE_CHANNELS ?? 200);
const ROUNDS = Number(process.env.SCALE_ROUNDS ?? 3);
const WORKERS = (process.env.SCALE_WORKERS ?? '1,2,4').split(',').map(Number);
const CHANGE = 0.1;
/** SCALE_LEDGER=0 measures the same mix without the ledger (to see what the ledger costs). */
const LEDGER = process.env.SCALE_LEDGER !== '0';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const log = pino({ level: 'silent' });
const err = (s: string) => process.stderr.write(`${s}\n`);

const redisSrv = await startRedis();
const redis = new Redis(redisSrv.url, { maxRetriesPerRequest: null });
const usedMemory = async () => Number(/used_memory:(\d+)/.exec(await redis.info('memory'))![1]);

/** n targets like the scheduler writes them (definition + due time + tempo), pipelined. */
async function fill(prefix: string, n: number, firstAt: (i: number) => number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 5000) {
    const p = redis.pipeline();
    for (let j = i; j < Math.min(n, i + 5000); j++) {
      const id = `telegram-bench_target_${String(j).padStart(6, '0')}`;
      ids.push(id);
      p.hset(`${prefix}:sched`, id, JSON.stringify({ spec: `telegram:bench_target_${String(j).padStart(6, '0')}`, everyMs: 300_000 }));
      p.zadd(`${prefix}:due`, firstAt(j), id);
      p.hset(`${prefix}:tempo`, id, encodeTempo({ hot: false, lastChangeMs: Date.now() - 3_600_000 }));
    }
    await p.exec();
  }
  return ids;
}

// 1. Redis bytes per target, through the scheduler's own schedule() for a sample, then in bulk.
const before = await usedMemory();
const obsQ = new Queue('observe', { connection: redis, prefix: 'mem' });
const sch = createScheduler({ redis, prefix: 'mem', observe: obsQ, log, tickMs: 1000, jitterMs: 10_000 });
for (let i = 0; i < 100; i++) await sch.schedule(`sample-${i}`, `telegram:sample_${i}`, 300_000);
await redis.del('mem:sched', 'mem:due');
await fill('mem', TARGETS, (i) => Date.now() + 10_000 + (i % 300_000));
const bytesPerTarget = Math.round(((await usedMemory()) - before) / TARGETS);
await redis.del('mem:sched', 'mem:due', 'mem:tempo');
await obsQ.obliterate({ force: true });
await obsQ.close();
err(`redis_bytes_per_target ${bytesPerTarget}`);

// 2. Tick cost with equal due counts among 1k, 10k, 100k watched targets.
const tickMs: Record<string, number> = {};
for (const n of [1000, 10_000, TARGETS]) {
  const prefix = `tick${n}`;
  const far = Date.now() + 86_400_000;
  const ids = await fill(prefix, n, () => far);
  const q = new Queue('observe', { connection: redis, prefix });
  const s = createScheduler({ redis, prefix, observe: q, log, tickMs: 1000, jitterMs: 10_000 });
  const times: number[] = [];
  for (let rep = 0; rep < 5; rep++) {
    const p = redis.pipeline();
    const now = Date.now();
    for (let k = 0; k < DUE; k++) p.zadd(`${prefix}:due`, 'XX', now - 1 - rep, ids[(k * 7919 + rep) % n]);
    await p.exec();
    const t0 = performance.now();
    const queued = await s.tick();
    times.push(performance.now() - t0);
    if (queued !== Math.min(DUE, n)) err(`tick at ${n}: queued ${queued}, expected ${Math.min(DUE, n)}`);
  }
  times.sort((a, b) => a - b);
  tickMs[n >= 1000 ? `${Math.round(n / 1000)}k` : String(n)] = Math.round(times[2] * 10) / 10;
  await q.obliterate({ force: true });
  await q.close();
  await redis.del(`${prefix}:sched`, `${prefix}:due`, `${prefix}:tempo`);
  err(`tick at ${n} watched, ${DUE} due: ${times.map((t) => t.toFixed(1)).join(' ')} ms`);
}

// 3. End to end with N worker processes.
const s3 = await startS3({ mode: 'child' });
const sim = await runSim({ scenario: benchScenario(CHANNELS, 40) });
const names = Array.from({ length: CHANNELS }, (_, i) => `bench_ch_${String(i).padStart(5, '0')}`);
const dirs: string[] = [];
const settingsJson = async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-bench-scale-'));
  dirs.push(dataDir);
  return JSON.stringify(
    SettingsSchema.parse({
      dataDir,
      logLevel: 'silent',
      redis: { url: redisSrv.url, prefix: 'e2e' },
      s3: { endpoint: s3.endpoint, bucket: s3.bucket },
      network: { allowPrivate: true, perHostRps: 100_000, concurrency: 16 },
      platforms: { telegram: { baseUrl: sim.url } },
      capture: { enabled: false },
      archive: { archiveMedia: false },
    }),
  );
};

async function startWorker(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/app/worker-main.ts')], {
    cwd: root,
    env: { ...process.env, VIGIL_SETTINGS_JSON: await settingsJson(), VIGIL_ROLES: 'worker', VIGIL_LEDGER: LEDGER ? '1' : '0' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready`)));
  });
  return child;
}
const stopWorker = (c: ChildProcess) => new Promise<void>((r) => (c.exitCode !== null ? r() : (c.once('exit', () => r()), c.kill('SIGTERM'))));

const queue = new Queue('observe', { connection: redis, prefix: 'e2e' });
const events = new QueueEvents('observe', { connection: { url: redisSrv.url }, prefix: 'e2e' });
await events.waitUntilReady();
let done = 0;
let failed = 0;
let changed = 0;
events.on('completed', ({ returnvalue }) => {
  done++;
  if ((returnvalue as unknown as { unchanged?: boolean })?.unchanged === false) changed++;
});
events.on('failed', () => (done++, failed++));

let roundNo = 0;
async function round(): Promise<{ ms: number; polls: number; changed: number }> {
  const r = roundNo++;
  // About one channel in ten has something new since the last poll.
  for (let i = 0; i < CHANNELS; i++) if ((i * 31 + r * 17) % Math.round(1 / CHANGE) === 0) sim.sim.apply({ type: 'post', channel: names[i], count: 1 });
  const [before, changedBefore] = [done, changed];
  const t0 = performance.now();
  await queue.addBulk(names.map((n, i) => ({ name: 'observe', data: { targetId: `b${i}`, spec: `telegram:${n}`, dueAt: r }, opts: { jobId: `r${r}-${i}`, removeOnComplete: true, removeOnFail: true, attempts: 3 } })));
  while (done - before < CHANNELS) await new Promise((res) => setTimeout(res, 5));
  return { ms: performance.now() - t0, polls: CHANNELS, changed: changed - changedBefore };
}

const polls: Record<string, number> = {};
let changedPolls = 0;
let measuredPolls = 0;
{
  // First polls of every channel (backfill, full archive) before anything is measured.
  const w = await startWorker();
  await round();
  await stopWorker(w);
}
for (const n of WORKERS) {
  const procs = await Promise.all(Array.from({ length: n }, () => startWorker()));
  await round(); // warm: JIT, connections
  let ms = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const x = await round();
    ms += x.ms;
    changedPolls += x.changed;
    measuredPolls += x.polls;
  }
  polls[`polls_per_s_${n}w`] = Math.round((CHANNELS * ROUNDS) / (ms / 1000));
  err(`${n} worker process(es): ${polls[`polls_per_s_${n}w`]} polls/s`);
  await Promise.all(procs.map(stopWorker));
}
// What a polled target adds: its hot detection state (recent posts' digests, open candidates).
const states = createStateStore(redis, 'e2e');
let hotBytes = 0;
for (let i = 0; i < CHANNELS; i++) hotBytes += await states.bytes(`b${i}`);

// No record written (ledgered) twice, however many workers polled.
let ledgerEntries = 0;
const seenKeys = new Set<string>();
let duplicates = 0;
for await (const k of s3.store.list('ledger/')) {
  if (seqFromKey(k) === null) continue;
  ledgerEntries++;
  const e = parseEntry((await s3.store.get(k))!, k);
  if (seenKeys.has(e.key) && ++duplicates <= 5) err(`ledgered twice: ${e.key} (again at ${k}, ${e.type})`);
  seenKeys.add(e.key);
}

await events.close();
await queue.close();
await sim.close();
await redis.quit();
await Promise.all([redisSrv.close(), s3.close()]);
for (const d of dirs) await rm(d, { recursive: true, force: true });
err(`failed jobs: ${failed}; polls that archived new content: ${changedPolls}/${measuredPolls}; ledger entries: ${ledgerEntries}`);
process.stdout.write(
  `${JSON.stringify({
    bench: 'scale',
    targets: TARGETS,
    redis_bytes_per_target: bytesPerTarget,
    hot_state_bytes_per_polled_target: Math.round(hotBytes / CHANNELS),
    tick_ms_1k: tickMs['1k'],
    tick_ms_10k: tickMs['10k'],
    tick_ms_100k: tickMs[`${Math.round(TARGETS / 1000)}k`],
    due_per_tick: DUE,
    ...polls,
    changed_poll_ratio: measuredPolls ? Number((changedPolls / measuredPolls).toFixed(3)) : 0,
    ledger: LEDGER,
    ledger_entries: ledgerEntries,
    duplicate_ledger_keys: duplicates,
    cores: (await import('node:os')).cpus().length,
  })}\n`,
);
process.exit(0);
