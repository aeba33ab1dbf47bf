// In-page behaviour: scroll to trigger lazy content (screenshots: screenshot.ts).
import type { Page } from 'playwright-core';
import type { Recorder } from './recorder.js';

export interface ScrollResult {
  scrolls: number;
  /** The bottom was reached with a stable height (false = cut at maxScrolls or the deadline). */
  reachedEnd: boolean;
}

// After each run to the bottom: how long the network must stay quiet (measured from the end of
// the run, so a request the page starts at the bottom is seen even if its event arrives late).
const QUIET_MS = 150;
const MAX_WAIT_PER_ROUND_MS = 3000;

interface Run {
  steps: number;
  height: number;
  bottom: boolean;
}

/**
 * Scrolls one viewport per animation frame, in the page, down to the bottom (or `max` steps):
 * every band of the page is in the viewport for one rendering update, which is when lazy loading
 * and IntersectionObservers look. One round trip per run instead of two per step.
 */
const runToBottom = (page: Page, max: number, budgetMs: number): Promise<Run> =>
  // No named helpers inside: the function is sent to the page as source text.
  page.evaluate(
    async ({ max, budgetMs }) => {
      const end = performance.now() + budgetMs;
      const doc = document.documentElement;
      let steps = 0;
      // Each scroll is made at the start of a rendering update (in its animation frame callback),
      // so that update lays out and observes that position before the next scroll replaces it.
      // A scroll made outside a frame would be replaced by the next one before any update saw it
      // (an IntersectionObserver with no margin missed the second viewport that way): the first
      // turn only waits for a frame. A page without frames still moves on.
      let primed = false;
      while (steps < max && window.scrollY + window.innerHeight < Math.max(doc.scrollHeight, document.body?.scrollHeight ?? 0) - 2 && performance.now() < end) {
        if (primed) {
          window.scrollBy(0, window.innerHeight);
          steps++;
        }
        primed = true;
        await Promise.race([new Promise((r) => requestAnimationFrame(r)), new Promise((r) => setTimeout(r, 100))]);
      }
      // Callbacks queued by the last rendering update have run (nothing to wait for without a step).
      if (steps > 0) await Promise.race([new Promise((r) => requestAnimationFrame(r)), new Promise((r) => setTimeout(r, 100))]);
      const height = Math.max(doc.scrollHeight, document.body?.scrollHeight ?? 0);
      return { steps, height, bottom: window.scrollY + window.innerHeight >= height - 2 };
    },
    { max, budgetMs },
  );

const pageHeight = (page: Page): Promise<number> =>
  page.evaluate(() => Math.max(document.documentElement.scrollHeight, document.body?.scrollHeight ?? 0));

/** The page's answer, or null if it does not come within the capture's time left (+1 s). */
async function answerOrNull<T>(answer: Promise<T>, remaining: () => number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([answer, new Promise<null>((r) => (timer = setTimeout(() => r(null), Math.max(0, remaining()) + 1000)))]).finally(() =>
    clearTimeout(timer),
  );
}

export async function autoScroll(page: Page, rec: Recorder, maxScrolls: number, remaining: () => number): Promise<ScrollResult> {
  if (maxScrolls === 0) return { scrolls: 0, reachedEnd: true };
  let scrolls = 0;
  for (;;) {
    if (remaining() <= 0) return { scrolls, reachedEnd: false };
    const left = maxScrolls - scrolls;
    const run = await answerOrNull(runToBottom(page, left, remaining()), remaining);
    if (!run) return { scrolls, reachedEnd: false }; // the page stopped answering
    // Already at the bottom without scrolling (a page that fits, or nothing new since the last
    // round's wait) and the network quiet: nothing was revealed and there is nothing to wait for.
    // With requests in flight or just answered, the page may still be loading its own first
    // content (a feed that fetches its items after `load`): it gets the same wait as a run.
    if (run.steps === 0 && run.bottom && (await rec.waitForIdle(QUIET_MS, 0))) return { scrolls, reachedEnd: true };
    scrolls += run.steps;
    // Let what the run (or the page itself) started finish (lazy images, the next page of a feed), bounded.
    await rec.waitForIdle(QUIET_MS, Math.min(MAX_WAIT_PER_ROUND_MS, Math.max(0, remaining())), Date.now());
    const height = await answerOrNull(pageHeight(page), remaining);
    if (height === null) return { scrolls, reachedEnd: false };
    if (run.bottom && height === run.height) return { scrolls, reachedEnd: true };
    if (scrolls >= maxScrolls) return { scrolls, reachedEnd: false };
  }
}
