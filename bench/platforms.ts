// Per registered platform, against its simulator: parse time per page (classify + parse of a saved
// listing answer), polls/s end to end (observe jobs through BullMQ with real redis-server + s3rver:
// fetch, classify, parse, diff, archive) beside a bare fetch+parse loop at the same concurrency,
// and their ratio. Medians over passes. Every platform of the registry is listed: one without a
// bench world (src/sim/bench-worlds.ts) is reported `{"missing": …}`, never skipped. The machine may
// be shared with other work: figures are comparable within one run, not across machines.
// Prints one JSON line last: {"bench":"platforms","platforms":{"telegram":{…},…}}.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueueEvents } from 'bullmq';
import pino from 'pino';
import { SettingsSchema } from '../src/config/schema.js';
import { startApp } from '../src/app/start.js';
import { createHttpFetcher, type HttpFetcher } from '../src/fetch/http-fetcher.js';
import { PLATFORMS, getScraper, parseSpec } from '../src/scrapers/registry.js';
import type { FetchedPage, Scraper, ScraperSettings, TargetRef } from '../src/scrapers/types.js';
import { BENCH_WORLDS, type BenchWorld } from '../src/sim/bench-worlds.js';
import { startRedis } from '../test/helpers/startRedis.js';
import { startS3 } from '../test/helpers/startS3.js';

const ACCOUNTS = Number(process.env.PLATFORMS_BENCH_ACCOUNTS ?? 40);
const POSTS = Number(process.env.PLATFORMS_BENCH_POSTS ?? 20);
const PASSES = Number(process.env.PLATFORMS_BENCH_PASSES ?? 3);
const CONCURRENCY = Number(process.env.PLATFORMS_BENCH_CONCURRENCY ?? 16);
const only = process.argv.slice(2).filter((a) => !a.startsWith('-'));

const log = pino({ level: 'silent' });
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const platforms = PLATFORMS.filter((p) => only.length === 0 || only.includes(p));
const worlds = new Map<string, BenchWorld>();
const results: Record<string, Record<string, number | string>> = {};
for (const p of platforms) {
  const make = BENCH_WORLDS[p];
  if (!make) results[p] = { missing: 'no bench world in src/sim/bench-worlds.ts' };
  else worlds.set(p, await make(ACCOUNTS, POSTS));
}

const [redis, s3] = await Promise.all([startRedis(), startS3({ mode: 'child' })]);
const dataDir = await mkdtemp(join(tmpdir(), 'vigil-bench-platforms-'));
const settings = SettingsSchema.parse({
  dataDir,
  logLevel: 'silent',
  redis: { url: redis.url, prefix: 'benchp' },
  s3: { endpoint: s3.endpoint, bucket: s3.bucket },
  network: { allowPrivate: true, perHostRps: 100_000, concurrency: CONCURRENCY, timeout: '20s' },
  platforms: Object.fromEntries([...worlds].map(([p, w]) => [p, w.settings])),
  capture: { enabled: false },
  archive: { archiveMedia: false },
});

/** The newest answer of one account as a poll reads it (a landing-first platform: landing, then listing by id). */
async function newest(f: HttpFetcher, scraper: Scraper<ScraperSettings>, ref: TargetRef, s: ScraperSettings): Promise<FetchedPage[]> {
  if (!scraper.landingFirst) return [await f.fetch(scraper.planListing(ref, s))];
  const landing = await f.fetch(scraper.planLanding(ref, s));
  const id = scraper.classify(landing).state === 'ok' ? scraper.parse(landing, ref).channel?.channelId : undefined;
  return id ? [landing, await f.fetch(scraper.planListing({ ...ref, id }, s))] : [landing];
}

const readAll = (scraper: Scraper<ScraperSettings>, ref: TargetRef, pages: FetchedPage[]): number => {
  let n = 0;
  for (const page of pages) {
    const c = scraper.classify(page);
    if (c.state === 'ok' || c.state === 'empty') n += scraper.parse(page, ref).posts.length;
  }
  return n;
};

async function bare(p: string, specs: string[], fetcher: HttpFetcher): Promise<number> {
  const scraper = getScraper(p);
  const s = scraper.settings.parse(settings.platforms[p as keyof typeof settings.platforms] ?? {});
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < specs.length) {
        const ref = parseSpec(specs[next++]);
        readAll(scraper, ref, await newest(fetcher, scraper, ref, s));
      }
    }),
  );
  return specs.length / ((performance.now() - t0) / 1000);
}

const app = await startApp({ settings, log, roles: ['worker'], ledger: false });
const events = new QueueEvents('observe', { connection: { url: redis.url }, prefix: 'benchp' });
await events.waitUntilReady();
let done = 0;
let failed = 0;
events.on('completed', () => void done++);
events.on('failed', () => void (done++, failed++));

async function round(tag: string, specs: string[]): Promise<number> {
  const before = done;
  const t0 = performance.now();
  await app.core.queues.observe.addBulk(specs.map((spec, i) => ({ name: 'observe', data: { targetId: `${tag.split('-')[0]}-${i}`, spec, dueAt: 0 }, opts: { jobId: `${tag}-${i}`, removeOnComplete: true, removeOnFail: true } })));
  while (done - before < specs.length) await new Promise((r) => setTimeout(r, 5));
  return specs.length / ((performance.now() - t0) / 1000);
}

const fetcher = createHttpFetcher({ network: settings.network, log, connections: CONCURRENCY * 2 });
for (const [p, w] of worlds) {
  try {
    const scraper = getScraper(p);
    const s = scraper.settings.parse(settings.platforms[p as keyof typeof settings.platforms] ?? {});
    // Parse time per page: the saved answers of every account, classified and parsed PASSES times.
    const saved = await Promise.all(w.specs.map(async (spec) => ({ ref: parseSpec(spec), pages: await newest(fetcher, scraper, parseSpec(spec), s) })));
    const pageCount = saved.reduce((a, x) => a + x.pages.length, 0);
    const parseMs: number[] = [];
    let posts = 0;
    for (let i = 0; i < PASSES; i++) {
      const t0 = performance.now();
      posts = saved.reduce((a, x) => a + readAll(scraper, x.ref, x.pages), 0);
      parseMs.push((performance.now() - t0) / pageCount);
    }
    await round(`${p}-warm`, w.specs); // first polls: backfill + full archive
    await bare(p, w.specs, fetcher); // warm the bare path too
    const polls: number[] = [];
    const bares: number[] = [];
    for (let i = 0; i < PASSES; i++) {
      polls.push(await round(`${p}-r${i}`, w.specs));
      bares.push(await bare(p, w.specs, fetcher));
    }
    const pollsPerS = median(polls);
    const barePerS = median(bares);
    results[p] = { polls_per_s: Math.round(pollsPerS), bare_polls_per_s: Math.round(barePerS), ratio: Number((barePerS / pollsPerS).toFixed(2)), parse_ms: Number(median(parseMs).toFixed(3)), pages_per_poll: Number((pageCount / w.specs.length).toFixed(2)), posts_per_poll: Math.round(posts / w.specs.length) };
  } catch (e) {
    results[p] = { error: (e as Error).message.slice(0, 200) };
  }
  process.stderr.write(`${p}: ${JSON.stringify(results[p])}\n`);
}

await fetcher.close();
await events.close();
await app.stop();
for (const w of worlds.values()) await w.close();
await Promise.all([redis.close(), s3.close()]);
await rm(dataDir, { recursive: true, force: true });
process.stderr.write(`failed jobs: ${failed}; shared machine: figures vary with its load\n`);
process.stdout.write(`${JSON.stringify({ bench: 'platforms', accounts: ACCOUNTS, passes: PASSES, concurrency: CONCURRENCY, platforms: Object.fromEntries(PLATFORMS.filter((p) => results[p]).map((p) => [p, results[p]])) })}\n`);
process.exit(0);
