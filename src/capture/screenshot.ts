// Full-page screenshots, height-capped. The pixels are those of Playwright's
// page.screenshot({ fullPage: true, animations: 'disabled', caret: 'initial' }) (same clip, same
// animation handling, same font wait, same DevTools call); what differs is the PNG encoder:
// with `fast` (capture.screenshotEncoding) Chromium encodes for speed (Page.captureScreenshot
// optimizeForSpeed: the same image, a larger file), which halves the CPU a tall page's shot
// costs, the largest single cost of a capture (README: "The capture benchmark").
import type { CDPSession, Page } from 'playwright-core';

export interface Shot {
  png: Buffer;
  fullHeight: number;
  truncated: boolean;
}

export type ScreenshotEncoding = 'fast' | 'small';

export interface Size {
  width: number;
  height: number;
}

export interface Clip extends Size {
  x: number;
  y: number;
  scale: number;
}

/**
 * Pure: what to capture, as Playwright does for a full-page shot: the whole document (`full`,
 * Playwright's measure), cut at `maxHeight` (then also at the visible `width`, as Vigil always
 * asked) and beyond the viewport unless the document fits in it.
 */
export function shotClip(full: Size, width: number, viewport: Size, maxHeight: number, height: number): { clip: Clip; beyondViewport: boolean; truncated: boolean } {
  const truncated = height > maxHeight;
  // Playwright trims a clip to the document (trimClipToSize).
  const w = truncated ? Math.max(0, Math.min(width, full.width)) : full.width;
  const h = truncated ? Math.max(0, Math.min(maxHeight, full.height)) : full.height;
  const fits = full.width <= viewport.width && full.height <= viewport.height;
  return { clip: { x: 0, y: 0, width: w, height: h, scale: 1 }, beyondViewport: !fits, truncated };
}

/**
 * In the page (every frame): Playwright's `animations: 'disabled'`: finite CSS animations and
 * transitions are finished, infinite ones cancelled, also those that start meanwhile, in the
 * document and its open shadow roots. Nothing is written into the DOM. Source text, not a
 * function: the TypeScript runner names nested functions with a helper the page does not have.
 */
const DISABLE_ANIMATIONS = `(() => {
  const roots = [];
  const todo = [document];
  while (todo.length) {
    const root = todo.pop();
    roots.push(root);
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_ELEMENT);
    do {
      const shadow = walker.currentNode instanceof Element ? walker.currentNode.shadowRoot : null;
      if (shadow) todo.push(shadow);
    } while (walker.nextNode());
  }
  const cancelled = new Set();
  for (const root of roots) {
    const handle = function () {
      for (const a of root.getAnimations()) {
        if (!a.effect || a.playbackRate === 0 || cancelled.has(a)) continue;
        try {
          if (Number.isFinite(a.effect.getComputedTiming().endTime)) a.finish();
          else { a.cancel(); cancelled.add(a); }
        } catch (e) {}
      }
    };
    handle();
    root.addEventListener('transitionrun', handle);
    root.addEventListener('animationstart', handle);
  }
})()`;

/**
 * Full-page PNG, cut at `maxHeight` (truncated flag) so an endless page cannot exhaust memory.
 * The page is shown from the top (fixed and sticky parts as a reader first sees them). Nothing is
 * written into the DOM (no caret style: the DOM is read at the same moment).
 */
export async function screenshot(page: Page, cdp: CDPSession, maxHeight: number, encoding: ScreenshotEncoding): Promise<Shot> {
  // Every frame first (a frame that is gone or does not answer keeps its animations; the shot
  // still happens), then the main frame is measured as it will be captured.
  await Promise.all(page.frames().map((f) => f.evaluate(DISABLE_ANIMATIONS).catch(() => undefined)));
  const m = await page.evaluate(async () => {
    window.scrollTo(0, 0);
    await document.fonts.ready;
    const b = document.body;
    const d = document.documentElement;
    return {
      // Vigil's measure (what the manifest reports as fullHeight, and the cap's trigger).
      width: d.clientWidth || window.innerWidth,
      height: Math.max(d.scrollHeight, b?.scrollHeight ?? 0, window.innerHeight),
      // Playwright's measure of the document (the shot's size).
      full: b
        ? {
            width: Math.max(b.scrollWidth, d.scrollWidth, b.offsetWidth, d.offsetWidth, b.clientWidth, d.clientWidth),
            height: Math.max(b.scrollHeight, d.scrollHeight, b.offsetHeight, d.offsetHeight, b.clientHeight, d.clientHeight),
          }
        : { width: d.clientWidth || window.innerWidth, height: window.innerHeight },
      viewport: { width: window.innerWidth, height: window.innerHeight },
    };
  });
  const { clip, beyondViewport, truncated } = shotClip(m.full, m.width, page.viewportSize() ?? m.viewport, maxHeight, m.height);
  const { data } = await cdp.send('Page.captureScreenshot', { format: 'png', clip, captureBeyondViewport: beyondViewport, ...(encoding === 'fast' ? { optimizeForSpeed: true } : {}) });
  return { png: Buffer.from(data, 'base64'), fullHeight: m.height, truncated };
}

/** Height of a PNG, read from its IHDR chunk (pure; used to record what was captured). */
export const pngHeight = (png: Buffer): number => png.readUInt32BE(20);
export const pngWidth = (png: Buffer): number => png.readUInt32BE(16);
