// Parse throughput of the Telegram listing parser on the real 100 KB t.me/s capture.
// Prints one JSON line. Usage: npx tsx bench/parse.ts [iterations]
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { telegramScraper } from '../src/scrapers/telegram/index.js';
import type { FetchedPage } from '../src/scrapers/types.js';

const file = fileURLToPath(new URL('../test/fixtures/telegram/any2feed/full.html', import.meta.url));
const bytes = readFileSync(file);
const n = Number(process.argv[2] ?? 300);
const target = telegramScraper.match('telegram:topwar_official');
if (!target) throw new Error('match failed');

// A fresh Buffer per page, as the fetcher would hand over, so the per-body memo never hits.
const page = (): FetchedPage => ({
  url: 'https://t.me/s/topwar_official',
  finalUrl: 'https://t.me/s/topwar_official',
  status: 200,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  body: Buffer.from(bytes),
  fetchedAt: new Date().toISOString(),
  purpose: 'listing',
});

// classify + parse, as the observe processor runs them.
const run = (): number => {
  const p = page();
  telegramScraper.classify(p);
  return telegramScraper.parse(p, target).posts.length;
};

for (let i = 0; i < 30; i++) run(); // warm up the JIT
let posts = 0;
const c0 = process.cpuUsage();
const t0 = process.hrtime.bigint();
for (let i = 0; i < n; i++) posts += run();
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
// CPU time too: on a shared, loaded machine wall time overstates the cost.
const cpu = process.cpuUsage(c0);
const cpuMs = (cpu.user + cpu.system) / 1000;
process.stdout.write(
  `${JSON.stringify({ bench: 'parse', iterations: n, pages_per_s: Math.round((n / ms) * 1000), ms_per_page: +(ms / n).toFixed(3), cpu_ms_per_page: +(cpuMs / n).toFixed(3), bytes: bytes.length, posts_per_page: posts / n })}\n`,
);
