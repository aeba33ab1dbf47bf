// Runners that drive Chromium from this process: Vigil's full capture and a bare Playwright
// goto + full-page screenshot + content(). Both keep one warm browser, so their times
// exclude the Chromium launch (reported separately in the JSON line). As in bench/capture.ts,
// each page is timed from a settled machine (settle.ts): Vigil's background work done and the
// browsers' processes quiet.
import { createHash } from 'node:crypto';
import type { Logger } from 'pino';
import { chromium, type Browser } from 'playwright-core';
import type { Settings } from '../../src/config/schema.js';
import { createCapturer, CHROMIUM_ARGS } from '../../src/capture/index.js';
import { settle } from '../settle.js';
import { inlineSummary, readWarc, warcCoverage } from './inspect.js';
import type { PageKept, PageSpec, Runner } from './types.js';

export interface BrowserToolDeps {
  settings: Pick<Settings, 'capture' | 'network'>;
  log: Logger;
}

const isMedia = (type: string): boolean => /^(image|video|audio)\//.test(type);

/** Vigil: artifacts go to an in-memory blob map (cleared per page) so the WARC can be read back. */
export function vigilRunner(deps: BrowserToolDeps): Runner {
  const blobs = new Map<string, Buffer>();
  const putBlob = async (b: Buffer) => {
    const sha256 = createHash('sha256').update(b).digest('hex');
    blobs.set(sha256, b);
    return { sha256, size: b.length };
  };
  const cap = createCapturer({ settings: deps.settings, log: deps.log, putBlob });
  let warm = false;
  return {
    id: 'vigil',
    label: 'Vigil capture',
    domHow: 'rendered DOM + MHTML + text',
    replayHow: 'WACZ: WARC + CDXJ + pages',
    async run(pages) {
      if (!warm) {
        await cap.capture(pages[0].url); // browser start is paid once per process, not per run
        warm = true;
      }
      const kept: PageKept[] = [];
      const pageMs: number[] = [];
      for (const p of pages) {
        blobs.clear();
        await settle({ settled: () => cap.settled() });
        const t = Date.now();
        const r = await cap.capture(p.url);
        pageMs.push(Date.now() - t);
        const byName = new Map(r.artifacts.map((a) => [a.name, a]));
        const warcRef = byName.get('capture.warc.gz');
        const warc = warcRef ? await readWarc(blobs.get(warcRef.sha256) ?? Buffer.alloc(0)) : null;
        kept.push({
          screenshot: byName.has('screenshot.png'),
          dom: byName.has('page.html'),
          warcRecords: warc?.total ?? null,
          warcByType: warc?.byType ?? {},
          // Media kept as separate files next to the WARC (screenshots are not page media).
          media: r.artifacts.filter((a) => isMedia(a.type) && !a.name.startsWith('screenshot')).length,
          coverage: warc && byName.has('capture.wacz') ? warcCoverage(warc, p.required) : { have: 0, need: p.required.length, missing: p.required },
        });
      }
      return { ms: pageMs.reduce((a, b) => a + b, 0), pageMs, pages: kept };
    },
    close: () => cap.close(),
  };
}

/** Bare Playwright, as in bench/capture.ts: what a minimal script keeps. */
export function bareRunner(deps: BrowserToolDeps): Runner {
  const cs = deps.settings.capture;
  let browser: Browser | null = null;
  return {
    id: 'bare',
    label: 'bare Playwright (goto load + screenshot + content)',
    domHow: 'rendered DOM',
    replayHow: 'HTML still links the live server',
    async run(pages) {
      browser ??= await chromium.launch({ executablePath: cs.chromiumPath, args: [...CHROMIUM_ARGS] });
      const kept: PageKept[] = [];
      const pageMs: number[] = [];
      for (const p of pages) {
        await settle();
        const t = Date.now();
        const ctx = await browser.newContext({ viewport: cs.viewport, userAgent: deps.settings.network.userAgent });
        const page = await ctx.newPage();
        await page.goto(p.url, { waitUntil: 'load' });
        const png = await page.screenshot({ fullPage: true });
        const html = await page.content();
        await ctx.close();
        pageMs.push(Date.now() - t);
        const inl = inlineSummary(html);
        const have = Math.min(inl.inlined, p.required.length);
        kept.push({
          screenshot: png.length > 0,
          dom: html.length > 0,
          warcRecords: null,
          warcByType: {},
          media: inl.media,
          coverage: { have, need: p.required.length, missing: inl.live },
        });
      }
      return { ms: pageMs.reduce((a, b) => a + b, 0), pageMs, pages: kept };
    },
    close: async () => {
      await browser?.close();
      browser = null;
    },
  };
}

/** Cold Chromium launch + close, so per-page-launch tools can be read against warm ones. */
export async function chromiumLaunchMs(deps: BrowserToolDeps): Promise<number> {
  const t = Date.now();
  const b = await chromium.launch({ executablePath: deps.settings.capture.chromiumPath, args: [...CHROMIUM_ARGS] });
  await b.close();
  return Date.now() - t;
}
