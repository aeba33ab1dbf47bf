// `npm run soak -- --minutes N`: Vigil against the Telegram simulator for N minutes while faults
// rotate (kill -9 of a worker process, redis-server killed and restarted by its supervisor, the
// S3 server frozen for a while, 429 storms from the platform), with posts published and deleted
// all along. Then the faults stop, the pipeline settles, and one JSON line is printed: lost /
// duplicated / false-alarm counts (all must be 0; exit code 1 otherwise) and RSS and Redis memory
// sampled over time. Everything runs on 127.0.0.1 in a temporary data dir, removed at the end.
// Browser captures are off: the soak is about the pipeline, and Chromium would dominate a small machine.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pino from 'pino';
import { SettingsSchema } from '../src/config/schema.js';
import { startApp } from '../src/app/start.js';
import { addTarget } from '../src/app/targets.js';
import { startEmbeddedRedis, startEmbeddedS3 } from '../src/services/index.js';
import { S3RVER_CREDENTIALS } from '../src/services/s3.js';
import { runSim } from '../src/sim/index.js';
import { EventRecord, ObservationRecord } from '../src/archive/types.js';
import { parseEntry, seqFromKey } from '../src/archive/ledger/index.js';
import { countSoak, type SoakEvent } from './soak/count.js';

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i >= 0 ? Number(process.argv[i + 1]) : dflt;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} must be a positive number`);
  return v;
};
const MINUTES = arg('minutes', 3);
const WORKERS = arg('workers', 2);
const CHANNELS = 6;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = pino({ level: process.env.SOAK_LOG ?? 'silent' });
const rssMb = (pid: number): number => {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
};

const dataDir = await mkdtemp(join(tmpdir(), 'vigil-soak-'));
const redis = await startEmbeddedRedis({ dataDir: join(dataDir, 'redis-home'), log });
const s3 = await startEmbeddedS3({ dataDir: join(dataDir, 's3-home'), bucket: 'vigil-soak', log });
const sim = await runSim({ host: '127.0.0.1' });
const raw = {
  dataDir,
  logLevel: 'silent',
  redis: { url: redis.url, prefix: 'soak' },
  s3: { endpoint: s3.endpoint, bucket: s3.bucket, region: s3.region, forcePathStyle: true, ...S3RVER_CREDENTIALS },
  network: { allowPrivate: true, perHostRps: 1000 },
  platforms: { telegram: { baseUrl: sim.url, rescanPages: 1, sweepPagesPerPoll: 0 } },
  detection: { confirm: { minSpan: '10s', minObservations: 2 } },
  scheduler: { tick: '500ms', jitter: '1s' },
  recovery: { checkEvery: '1s' },
  capture: { enabled: false },
  archive: { archiveMedia: false, seenFlushEvery: '2s', outboxRetry: '1s' },
  shutdown: { grace: '5s' },
};
const settings = SettingsSchema.parse({ ...raw, http: { port: 0 } });
const app = await startApp({ settings, log, roles: ['scheduler', 'web'] });

// Worker processes on the same data dir (one volume, as scaled workers share it): a killed worker's
// outbox spool is adopted by the others (src/archive/outbox.ts), so nothing it spooled is stranded.
const workers: ChildProcess[] = [];
async function spawnWorker(): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/app/worker-main.ts'], {
    env: { ...process.env, VIGIL_SETTINGS_JSON: JSON.stringify(raw), VIGIL_WORKER_TUNING: JSON.stringify({ lockDuration: 5000, stalledInterval: 2000 }) },
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`soak worker exited ${code} at start`)));
  });
  child.removeAllListeners('exit');
  workers.push(child);
  return child;
}
for (let i = 0; i < WORKERS; i++) await spawnWorker();

// The world: channels with some history, all watched.
const published = new Set<string>();
const deleted = new Set<string>();
const live = new Map<string, number[]>();
const post = (ch: string, n: number) => {
  sim.sim.apply({ type: 'post', channel: ch, count: n });
  const nums = sim.sim.world.mustGet(ch).posts.map((p) => p.num);
  live.set(ch, nums.filter((x) => !deleted.has(`${ch}/${x}`)));
  for (const x of nums) published.add(`${ch}/${x}`);
};
for (let i = 0; i < CHANNELS; i++) {
  const ch = `soakchan${i}`;
  sim.sim.world.addChannel({ username: ch, title: `Soak ${i}` });
  post(ch, 12);
  await addTarget(app.targets, `telegram:${ch}`, { id: `soak${i}`, every: '4s' });
}

// Activity and faults until the deadline.
const faults = { workerKills: 0, redisRestarts: 0, s3Outages: 0, storms: 0 };
const memory: { t: number; rssMb: number; redisMb: number }[] = [];
const probe = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 1 });
probe.on('error', () => undefined); // Redis is killed on purpose; samples then read 0
const sampleMemory = async () => {
  const info = await probe.info('memory').catch(() => '');
  const used = Number(/used_memory:(\d+)/.exec(info)?.[1] ?? 0) / 2 ** 20;
  const rss = rssMb(process.pid) + rssMb(s3.pid) + workers.reduce((n, w) => n + (w.pid ? rssMb(w.pid) : 0), 0);
  memory.push({ t: Math.round((Date.now() - start) / 1000), rssMb: Math.round(rss), redisMb: Math.round(used * 10) / 10 });
};
const FAULTS = ['worker', 'redis', 's3', 'storm'] as const;
const FAULT_EVERY_MS = 15_000;
// The clock starts once everything is up (start-up on a loaded machine is not soak time).
const start = Date.now();
const end = start + MINUTES * 60_000;
let tick = 0;
let faultsDone = 0;
let frozen = false;
while (Date.now() < end) {
  tick++;
  const ch = `soakchan${tick % CHANNELS}`;
  // Every third turn of a channel deletes a post old enough to have been archived; the others publish.
  const old = (live.get(ch) ?? []).slice(0, -4);
  if (Math.floor(tick / CHANNELS) % 3 === 2 && old.length > 2) {
    const n = old[Math.floor(old.length / 2)];
    sim.sim.apply({ type: 'delete', channel: ch, nums: [n] });
    deleted.add(`${ch}/${n}`);
    live.set(ch, (live.get(ch) ?? []).filter((x) => x !== n));
  } else post(ch, 1);
  if (Date.now() - start >= (faultsDone + 1) * FAULT_EVERY_MS) {
    const kind = FAULTS[faultsDone++ % FAULTS.length];
    if (kind === 'worker') {
      const w = workers.shift()!;
      w.kill('SIGKILL');
      faults.workerKills++;
      await spawnWorker();
    } else if (kind === 'redis') {
      process.kill(redis.pid, 'SIGKILL'); // the supervisor restarts it on its port and AOF
      faults.redisRestarts++;
    } else if (kind === 's3') {
      process.kill(s3.pid, 'SIGSTOP');
      frozen = true;
      faults.s3Outages++;
      setTimeout(() => {
        process.kill(s3.pid, 'SIGCONT');
        frozen = false;
      }, 20_000).unref();
    } else {
      sim.sim.faults.add({ kind: 'rate_limit', retryAfter: 2, durationMs: 15_000 });
      faults.storms++;
    }
  }
  if (tick % 5 === 0 || memory.length === 0) await sampleMemory();
  await sleep(2000);
}

// Settle: no more faults; wait until every deletion is reported and every post archived (bounded).
if (frozen) process.kill(s3.pid, 'SIGCONT');
sim.sim.faults.clear();
// Records are immutable: each key is read once, later rounds read only what is new.
const archived = new Set<string>();
const events: SoakEvent[] = [];
const ledger = new Map<number, string>();
const read = new Set<string>();
const readBucket = async () => {
  for await (const k of app.core.store.list('')) {
    if (read.has(k) || !(k.startsWith('observations/') || k.startsWith('events/') || seqFromKey(k) !== null)) continue;
    const body = await app.core.store.get(k);
    if (!body) continue;
    read.add(k);
    if (k.startsWith('observations/')) for (const p of ObservationRecord.parse(JSON.parse(body.toString('utf8'))).posts) archived.add(p.id);
    else if (k.startsWith('events/')) {
      const e = EventRecord.parse(JSON.parse(body.toString('utf8')));
      events.push({ id: e.id, type: e.type, status: e.status, ...(e.postId ? { postId: e.postId } : {}) });
    } else ledger.set(seqFromKey(k)!, parseEntry(body, k).key);
  }
  return { archived, events, ledgerKeys: [...ledger].sort((a, b) => a[0] - b[0]).map(([, key]) => key) };
};
const truth = { published, deleted };
let counts = countSoak(truth, await readBucket());
const settleUntil = Date.now() + 5 * 60_000;
while (Date.now() < settleUntil && counts.lost + counts.duplicated + counts.falseAlarms > 0) {
  await sleep(5000);
  counts = countSoak(truth, await readBucket());
}
const settledAfterS = Math.round((Date.now() - end) / 1000);
await sampleMemory();

for (const w of workers) w.kill('SIGTERM');
await Promise.all(workers.map((w) => new Promise((r) => (w.exitCode !== null ? r(null) : w.once('exit', r)))));
await app.stop();
probe.disconnect();
await sim.close();
await Promise.allSettled([redis.stop(), s3.stop()]);
await rm(dataDir, { recursive: true, force: true });

const { detail, ...totals } = counts;
const line = {
  minutes: MINUTES,
  workers: WORKERS,
  ...totals,
  posts: published.size,
  deletions: deleted.size,
  settledAfterS,
  faults: { ...faults, redisRestartsSeen: redis.restarts },
  memory,
  ...(totals.lost + totals.duplicated + totals.falseAlarms > 0 ? { detail } : {}),
};
process.stdout.write(JSON.stringify(line) + '\n');
process.exit(totals.lost + totals.duplicated + totals.falseAlarms > 0 ? 1 : 0);
