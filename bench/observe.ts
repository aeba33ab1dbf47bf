// Observe throughput: N simulated channels (~100 KB pages), sustained polls/s end to end
// (fetch, parse, diff, archive, through BullMQ with real redis-server + s3rver + sim), beside a
// bare fetch+parse loop at the same concurrency. Prints one JSON line last.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueueEvents } from 'bullmq';
import pino from 'pino';
import { SettingsSchema } from '../src/config/schema.js';
import { benchScenario, runSim } from '../src/sim/index.js';
import { startApp } from '../src/app/start.js';
import { createHttpFetcher } from '../src/fetch/http-fetcher.js';
import { getScraper } from '../src/scrapers/registry.js';
import { startRedis } from '../test/helpers/startRedis.js';
import { startS3 } from '../test/helpers/startS3.js';

const CHANNELS = Number(process.env.OBSERVE_BENCH_CHANNELS ?? 200);
const ROUNDS = Number(process.env.OBSERVE_BENCH_ROUNDS ?? 6);
const CONCURRENCY = Number(process.env.OBSERVE_BENCH_CONCURRENCY ?? 32);
const RESCAN = 1;

const log = pino({ level: 'silent' });
const [redis, s3] = await Promise.all([startRedis(), startS3({ mode: 'child' })]);
const sim = await runSim({ scenario: benchScenario(CHANNELS, 40) });
const dataDir = await mkdtemp(join(tmpdir(), 'vigil-bench-'));
const names = Array.from({ length: CHANNELS }, (_, i) => `bench_ch_${String(i).padStart(5, '0')}`);
const settings = SettingsSchema.parse({
  dataDir,
  logLevel: 'silent',
  redis: { url: redis.url, prefix: 'bench' },
  s3: { endpoint: s3.endpoint, bucket: s3.bucket },
  network: { allowPrivate: true, perHostRps: 100_000, concurrency: CONCURRENCY },
  platforms: { telegram: { baseUrl: sim.url, rescanPages: RESCAN } },
  capture: { enabled: false },
  archive: { archiveMedia: false },
});

// Bare loop: the same fetches and parses, nothing else.
async function bare(polls: number): Promise<number> {
  const fetcher = createHttpFetcher({ network: settings.network, log, connections: CONCURRENCY * 2 });
  const scraper = getScraper('telegram');
  const s = scraper.settings.parse(settings.platforms.telegram);
  let next = 0;
  const one = async (name: string) => {
    const ref = scraper.match(`telegram:${name}`)!;
    let cursor: string | undefined;
    for (let p = 0; p <= RESCAN; p++) {
      const page = await fetcher.fetch(scraper.planListing(ref, s, cursor));
      scraper.classify(page);
      const o = scraper.parse(page, ref);
      cursor = o.olderCursor;
      if (!cursor) break;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => { while (next < polls) await one(names[next++ % CHANNELS]); }));
  const secs = (performance.now() - t0) / 1000;
  await fetcher.close();
  return polls / secs;
}

const app = await startApp({ settings, log, roles: ['worker'], ledger: false });
const events = new QueueEvents('observe', { connection: { url: redis.url }, prefix: 'bench' });
await events.waitUntilReady();
let done = 0;
let failed = 0;
let changed = 0;
events.on('completed', ({ returnvalue }) => { done++; if ((returnvalue as unknown as { unchanged?: boolean })?.unchanged === false) changed++; });
events.on('failed', () => failed++);

async function round(tag: string): Promise<number> {
  const before = done;
  const t0 = performance.now();
  await app.core.queues.observe.addBulk(names.map((n, i) => ({ name: 'observe', data: { targetId: `b${i}`, spec: `telegram:${n}`, dueAt: 0 }, opts: { jobId: `${tag}-${i}`, removeOnComplete: true } })));
  while (done - before < CHANNELS) await new Promise((r) => setTimeout(r, 5));
  return performance.now() - t0;
}

await round('warm'); // first poll of each target: backfill + full archive
const bareWarm = await bare(CHANNELS); // warm the bare path too (JIT, connections)
let ms = 0;
for (let r = 0; r < ROUNDS; r++) ms += await round(`r${r}`);
const pollsPerS = (CHANNELS * ROUNDS) / (ms / 1000);
const barePerS = await bare(CHANNELS * ROUNDS);
let bytes = 0;
for (let i = 0; i < CHANNELS; i++) bytes += await app.core.states.bytes(`b${i}`);

await events.close();
await app.stop();
await sim.close();
await Promise.all([redis.close(), s3.close()]);
await rm(dataDir, { recursive: true, force: true });
void bareWarm;
process.stderr.write(`failed jobs: ${failed}, changed polls: ${changed}\n`);
process.stdout.write(
  `${JSON.stringify({ bench: 'observe', channels: CHANNELS, polls_per_s: Math.round(pollsPerS), bare_polls_per_s: Math.round(barePerS), ratio: Number((barePerS / pollsPerS).toFixed(2)), redis_bytes_per_target: Math.round(bytes / CHANNELS) })}\n`,
);
process.exit(0);
