// Capture benchmark on the sim pages (127.0.0.1): full Vigil capture vs bare Playwright
// goto + full-page screenshot + content() on the same pages, interleaved page by page in the same
// run, BENCH_PASSES passes (default 7, at least 5): `vigil_ms`/`bare_ms` are the sums over pages of
// each page's median, so one slow pass decides nothing. Then throughput with 2 concurrent captures
// over BENCH_CAPTURES captures (default 500), with Node's RSS and Chromium's (every browser
// process) from capture 50 to the last. Then (unless BENCH_PEERS=0) the peers table:
// single-file-cli and wget --warc-file on the same pages (bench/peers/). Prints one JSON line last.
//
// Fairness: the bare side runs Chromium directly (no proxy, no sandbox wrapper); Vigil's egress
// proxy, sandbox and packaging are part of its honest cost. Both sides keep one warm browser and
// open a fresh context per page. Each timed capture starts on a settled machine (settle.ts): the
// capturer's background work done (next warm context made, last context closed) and every
// browser process quiet, so neither side pays for what the other left running.
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import pino from 'pino';
import { chromium, type Browser } from 'playwright-core';
import { SettingsSchema } from '../src/config/schema.js';
import { createCapturer, CHROMIUM_ARGS, medianPhases, type PhaseTimings } from '../src/capture/index.js';
import { median, phaseClock } from '../src/capture/phases.js';
import { startCapturePagesServer } from '../src/sim/pages/index.js';
import { runCapturePeers } from './peers/run.js';
import { childRss, cpuMeter } from './proc-rss.js';
import { settle } from './settle.js';

const TOTAL = Number(process.env.BENCH_CAPTURES ?? 500);
const PASSES = Math.max(5, Number(process.env.BENCH_PASSES ?? 7));
const PAGES = ['/press-release', '/lazy-images', '/video'];
const log = pino({ level: 'warn' });
const srv = await startCapturePagesServer();
const settings = SettingsSchema.parse({ capture: { concurrency: 2 }, network: { allowPrivate: true } });
// Hash but keep nothing: the bench measures capture, not storage.
const putBlob = async (b: Buffer) => ({ sha256: createHash('sha256').update(b).digest('hex'), size: b.length });
const mb = (b: number): number => Math.round(b / 1e6);

const barePhases: PhaseTimings[] = [];
async function bareOnce(browser: Browser, path: string): Promise<number> {
  const c = phaseClock();
  const t = performance.now();
  const ctx = await c.time('context', () => browser.newContext({ viewport: settings.capture.viewport, userAgent: settings.network.userAgent }));
  const page = await c.time('context', () => ctx.newPage());
  await c.time('navigation', () => page.goto(srv.url + path, { waitUntil: 'load' }));
  await c.time('screenshot', () => page.screenshot({ fullPage: true }));
  await c.time('dom', () => page.content());
  await c.time('close', () => ctx.close());
  const ms = performance.now() - t;
  c.add('total', ms);
  barePhases.push(c.timings);
  return ms;
}

const cap = createCapturer({ settings, log, putBlob });
let bareBrowser: Browser | null = null;
try {
  // Warm-up: browser start is paid once per process in both variants.
  bareBrowser = await chromium.launch({ executablePath: settings.capture.chromiumPath, args: [...CHROMIUM_ARGS] });
  for (const p of PAGES) {
    await cap.capture(srv.url + p);
    await bareOnce(bareBrowser, p);
  }
  barePhases.length = 0;

  // Same pages, same run, alternating which side goes first so neither always meets a warmer machine.
  const vigilPage = new Map<string, number[]>(PAGES.map((p) => [p, []]));
  const barePage = new Map<string, number[]>(PAGES.map((p) => [p, []]));
  const phases: PhaseTimings[] = [];
  const pagePhases = new Map<string, PhaseTimings[]>(PAGES.map((p) => [p, []]));
  // Timed runs that began before the browsers' processes went quiet (a busy machine): reported.
  let unsettled = 0;
  const settled = async (): Promise<void> => void (!(await settle({ settled: () => cap.settled() })) && unsettled++);
  for (let pass = 0; pass < PASSES; pass++) {
    for (const p of PAGES) {
      const runVigil = async (): Promise<void> => {
        await settled();
        const t = performance.now();
        const r = await cap.capture(srv.url + p);
        vigilPage.get(p)!.push(performance.now() - t);
        phases.push(r.timings);
        pagePhases.get(p)!.push(r.timings);
      };
      const runBare = async (): Promise<void> => {
        await settled();
        barePage.get(p)!.push(await bareOnce(bareBrowser!, p));
      };
      if (pass % 2 === 0) await runVigil().then(runBare);
      else await runBare().then(runVigil);
    }
  }
  await bareBrowser.close();
  bareBrowser = null;
  const perPage = PAGES.map((p) => ({ page: p, vigil: median(vigilPage.get(p)!), bare: median(barePage.get(p)!) }));
  const vigilMs = perPage.reduce((a, x) => a + x.vigil, 0);
  const bareMs = perPage.reduce((a, x) => a + x.bare, 0);
  // The same without making the context: Vigil makes its contexts ahead of demand, the bare side
  // on the clock; this ratio is the page work alone (a context costs most on a loaded machine).
  const excl = (list: PhaseTimings[]): number => {
    const n = list.length / PAGES.length;
    return PAGES.reduce((a, _p, i) => a + median(Array.from({ length: n }, (_, k) => list[k * PAGES.length + i]).map((t) => (t.total ?? 0) - (t.context ?? 0))), 0);
  };

  // Throughput + memory: TOTAL captures, 2 at a time (pool concurrency 2). Every capture must end
  // done, partial (with its limit) or failed (with its reason): nothing fails silently.
  const statuses: Record<string, number> = {};
  const failures: string[] = [];
  const limits = new Map<string, number>();
  let done = 0;
  const at = { node50: 0, nodeEnd: 0, chrome50: 0, chromeEnd: 0, chromeMax: 0 };
  const marks = { first: Math.min(50, TOTAL), last: TOTAL };
  // CPU of Node and of the browsers' processes while capturing (read often: renderers come and go;
  // each reading walks only the browsers' own process tree, proc-rss.ts descendants).
  const chromeCpu = cpuMeter();
  const cpuTimer = setInterval(() => chromeCpu.read(), 100);
  const nodeCpu0 = process.cpuUsage();
  const t = Date.now();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < TOTAL) {
      const i = next++;
      try {
        const r = await cap.capture(srv.url + PAGES[i % PAGES.length]);
        statuses[r.status] = (statuses[r.status] ?? 0) + 1;
        for (const l of (r.metadata.limits as string[] | undefined) ?? []) limits.set(l, (limits.get(l) ?? 0) + 1);
      } catch (e) {
        statuses.failed = (statuses.failed ?? 0) + 1;
        failures.push((e as Error).message.split('\n')[0]);
      }
      done++;
      if (done % 10 === 0 || done === marks.first || done === marks.last) {
        const chrome = childRss().bytes;
        at.chromeMax = Math.max(at.chromeMax, chrome);
        if (done === marks.first) Object.assign(at, { node50: process.memoryUsage().rss, chrome50: chrome });
        if (done === marks.last) Object.assign(at, { nodeEnd: process.memoryUsage().rss, chromeEnd: chrome });
      }
      if (done % 25 === 0) process.stderr.write(`bench capture: ${done}/${TOTAL}\n`);
    }
  };
  await Promise.all([worker(), worker()]);
  const elapsed = Date.now() - t;
  clearInterval(cpuTimer);
  chromeCpu.read();
  const nodeCpu = process.cpuUsage(nodeCpu0);
  const nodeCpuS = (nodeCpu.user + nodeCpu.system) / 1e6;
  const growth = (a: number, b: number): number => (a ? Number(((b - a) / a).toFixed(3)) : 0);
  const out = {
    bench: 'capture',
    vigil_ms: Math.round(vigilMs),
    bare_ms: Math.round(bareMs),
    ratio: Number((vigilMs / bareMs).toFixed(2)),
    page_ms: Object.fromEntries(perPage.map((x) => [x.page, { vigil: Math.round(x.vigil), bare: Math.round(x.bare), ratio: Number((x.vigil / x.bare).toFixed(2)) }])),
    ratio_excl_context: Number((excl(phases) / excl(barePhases)).toFixed(2)),
    passes: PASSES,
    unsettled,
    phases_ms: medianPhases(phases),
    page_phases_ms: Object.fromEntries(PAGES.map((p) => [p, Object.fromEntries(Object.entries(medianPhases(pagePhases.get(p)!)).filter(([, v]) => v > 0))])),
    bare_phases_ms: Object.fromEntries(Object.entries(medianPhases(barePhases)).filter(([, v]) => v > 0)),
    captures_per_min: Number(((done * 60_000) / elapsed).toFixed(1)),
    captures: done,
    // CPU per capture while 2 ran at a time (this process, and every browser process): with
    // elapsed time, says whether the machine's 2 cores or waits bound the throughput.
    cpu_ms_per_capture: { node: Math.round((nodeCpuS * 1000) / done), chromium: Math.round((chromeCpu.seconds() * 1000) / done) },
    cpu_busy: Number(((nodeCpuS + chromeCpu.seconds()) / ((elapsed / 1000) * availableParallelism())).toFixed(2)),
    statuses,
    limits: Object.fromEntries(limits),
    failures: failures.slice(0, 5),
    rss_growth: growth(at.node50, at.nodeEnd),
    rss_first_mb: mb(at.node50),
    rss_last_mb: mb(at.nodeEnd),
    chromium_rss_growth: growth(at.chrome50, at.chromeEnd),
    chromium_rss_first_mb: mb(at.chrome50),
    chromium_rss_last_mb: mb(at.chromeEnd),
    chromium_rss_max_mb: mb(at.chromeMax),
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
  await bareBrowser?.close();
  await cap.close();
  await srv.close();
}
