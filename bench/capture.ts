// Capture benchmark on the sim pages (127.0.0.1): full Vigil capture vs bare Playwright
// goto + full-page screenshot + content(), then throughput with 2 concurrent captures and
// RSS growth over BENCH_CAPTURES captures. Then (unless BENCH_PEERS=0) the peers table:
// single-file-cli and wget --warc-file on the same pages (bench/peers/). Prints one JSON line last.
import { createHash } from 'node:crypto';
import pino from 'pino';
import { chromium } from 'playwright-core';
import { SettingsSchema } from '../src/config/schema.js';
import { createCapturer, CHROMIUM_ARGS } from '../src/capture/index.js';
import { startCapturePagesServer } from '../src/sim/pages/index.js';
import { runCapturePeers } from './peers/run.js';

const TOTAL = Number(process.env.BENCH_CAPTURES ?? 500);
const PAGES = ['/press-release', '/lazy-images', '/video'];
const log = pino({ level: 'warn' });
const srv = await startCapturePagesServer();
const settings = SettingsSchema.parse({ capture: { concurrency: 2 }, network: { allowPrivate: true } });
// Hash but keep nothing: the bench measures capture, not storage.
const putBlob = async (b: Buffer) => ({ sha256: createHash('sha256').update(b).digest('hex'), size: b.length });

async function bare(): Promise<number> {
  const browser = await chromium.launch({ executablePath: settings.capture.chromiumPath, args: [...CHROMIUM_ARGS] });
  const t = Date.now();
  for (const p of PAGES) {
    const ctx = await browser.newContext({ viewport: settings.capture.viewport, userAgent: settings.network.userAgent });
    const page = await ctx.newPage();
    await page.goto(srv.url + p, { waitUntil: 'load' });
    await page.screenshot({ fullPage: true });
    await page.content();
    await ctx.close();
  }
  const ms = Date.now() - t;
  await browser.close();
  return ms;
}

const cap = createCapturer({ settings, log, putBlob });
try {
  // Warm-up: browser start is paid once per process in both variants.
  await cap.capture(srv.url + PAGES[0]);
  const w = await chromium.launch({ executablePath: settings.capture.chromiumPath, args: [...CHROMIUM_ARGS] });
  await w.close();

  let t = Date.now();
  for (const p of PAGES) await cap.capture(srv.url + p);
  const vigilMs = Date.now() - t;
  const bareMs = await bare();

  // Throughput + memory: TOTAL captures, 2 at a time (pool concurrency 2).
  let done = 0;
  let rssAt50 = 0;
  let rssAtEnd = 0;
  const marks = { first: Math.min(50, TOTAL), last: TOTAL };
  t = Date.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < TOTAL) {
      const i = next++;
      await cap.capture(srv.url + PAGES[i % PAGES.length]);
      done++;
      if (done === marks.first) rssAt50 = process.memoryUsage().rss;
      if (done === marks.last) rssAtEnd = process.memoryUsage().rss;
      if (done % 25 === 0) process.stderr.write(`bench capture: ${done}/${TOTAL}\n`);
    }
  };
  await Promise.all([worker(), worker()]);
  const elapsed = Date.now() - t;
  const out = {
    bench: 'capture',
    vigil_ms: vigilMs,
    bare_ms: bareMs,
    ratio: Number((vigilMs / bareMs).toFixed(2)),
    captures_per_min: Number(((done * 60_000) / elapsed).toFixed(1)),
    rss_growth: rssAt50 ? Number(((rssAtEnd - rssAt50) / rssAt50).toFixed(3)) : 0,
    captures: done,
    rss_first_mb: Math.round(rssAt50 / 1e6),
    rss_last_mb: Math.round(rssAtEnd / 1e6),
  };
  if (process.env.BENCH_PEERS !== '0') {
    // Its own capturer and browsers; ours is idle by now. Its table + JSON line come first.
    const peers = await runCapturePeers({
      baseUrl: srv.url,
      settings,
      log,
      runs: Number(process.env.BENCH_PEER_RUNS ?? 2),
      write: (s) => process.stdout.write(s),
    });
    Object.assign(out, { peers_ms: Object.fromEntries(peers.rows.map((r) => [r.id, r.ms])) });
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
} finally {
  await cap.close();
  await srv.close();
}
