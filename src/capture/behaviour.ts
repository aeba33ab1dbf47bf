// In-page behaviour: scroll to trigger lazy content, and height-capped screenshots.
import type { Page } from 'playwright-core';
import type { Recorder } from './recorder.js';

export interface ScrollResult {
  scrolls: number;
  /** The bottom was reached with a stable height (false = cut at maxScrolls or the deadline). */
  reachedEnd: boolean;
}

// Short quiet window: lazy loads start within a frame of scrolling; long waits only add latency.
const QUIET_MS = 150;
const MAX_WAIT_PER_SCROLL_MS = 1500;

export async function autoScroll(page: Page, rec: Recorder, maxScrolls: number, remaining: () => number): Promise<ScrollResult> {
  let lastHeight = -1;
  for (let i = 0; i < maxScrolls; i++) {
    if (remaining() <= 0) return { scrolls: i, reachedEnd: false };
    const state = await page.evaluate(async () => {
      window.scrollBy(0, window.innerHeight);
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const h = Math.max(document.documentElement.scrollHeight, document.body?.scrollHeight ?? 0);
      return { height: h, bottom: window.scrollY + window.innerHeight >= h - 2 };
    });
    if (rec.inflight() > 0) await rec.waitForIdle(QUIET_MS, Math.min(MAX_WAIT_PER_SCROLL_MS, Math.max(0, remaining())));
    const height = await page.evaluate(() => Math.max(document.documentElement.scrollHeight, document.body?.scrollHeight ?? 0));
    if (state.bottom && height === state.height && height === lastHeight) return { scrolls: i + 1, reachedEnd: true };
    if (state.bottom && height === state.height && rec.inflight() === 0) {
      lastHeight = height; // confirm on the next round that nothing more was appended
      continue;
    }
    lastHeight = -1;
  }
  return { scrolls: maxScrolls, reachedEnd: maxScrolls === 0 };
}

export interface Shot {
  png: Buffer;
  fullHeight: number;
  truncated: boolean;
}

/** Full-page PNG, cut at `maxHeight` (truncated flag) so an endless page cannot exhaust memory. */
export async function screenshot(page: Page, maxHeight: number, timeoutMs: number): Promise<Shot> {
  await page.evaluate(() => window.scrollTo(0, 0));
  const { width, height } = await page.evaluate(() => ({
    width: document.documentElement.clientWidth || window.innerWidth,
    height: Math.max(document.documentElement.scrollHeight, document.body?.scrollHeight ?? 0, window.innerHeight),
  }));
  const truncated = height > maxHeight;
  const png = truncated
    ? await page.screenshot({ fullPage: true, clip: { x: 0, y: 0, width, height: maxHeight }, timeout: timeoutMs, animations: 'disabled' })
    : await page.screenshot({ fullPage: true, timeout: timeoutMs, animations: 'disabled' });
  return { png, fullHeight: height, truncated };
}

/** Height of a PNG, read from its IHDR chunk (pure; used to record what was captured). */
export const pngHeight = (png: Buffer): number => png.readUInt32BE(20);
export const pngWidth = (png: Buffer): number => png.readUInt32BE(16);
