// Renders archived page bytes offline for an evidence package: one Chromium started for the
// export, JavaScript off, every request refused (context offline, all routes aborted, no name
// resolves), so the picture shows exactly the archived bytes and the archive never calls out
// from them. When `find` locates the post's words, the screenshot is clipped around it.
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM_ARGS } from './browser-pool.js';

export interface OfflineRenderer {
  render(html: Buffer, o: { url: string; find?: string }): Promise<{ png: Buffer; browser: string; found: boolean }>;
  close(): Promise<void>;
}

const MAX_HEIGHT = 4000;
const MARGIN = 120;

export function createOfflineRenderer(o: { chromiumPath: string; timeoutMs?: number }): OfflineRenderer {
  let browser: Promise<Browser> | undefined;
  const timeout = o.timeoutMs ?? 30_000;
  const start = () =>
    (browser ??= chromium.launch({
      executablePath: o.chromiumPath,
      headless: true,
      timeout,
      args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP * ~NOTFOUND'],
    }));
  return {
    async render(html, { find }) {
      const b = await start();
      const ctx = await b.newContext({ javaScriptEnabled: false, offline: true, serviceWorkers: 'block', acceptDownloads: false, viewport: { width: 1024, height: 800 } });
      try {
        await ctx.route('**/*', (route) => route.abort('blockedbyclient'));
        const page = await ctx.newPage();
        page.setDefaultTimeout(timeout);
        // No <base>, no URL: relative links resolve to about:blank and go nowhere.
        await page.setContent(html.toString('utf8'), { waitUntil: 'domcontentloaded' });
        let found = false;
        let clip: { x: number; y: number; width: number; height: number } | undefined;
        if (find) {
          const el = page.getByText(find, { exact: false }).first();
          const box = (await el.count()) ? await el.boundingBox().catch(() => null) : null;
          if (box) {
            found = true;
            const y = Math.max(0, box.y - MARGIN);
            clip = { x: 0, y, width: 1024, height: Math.min(MAX_HEIGHT, box.height + 2 * MARGIN) };
          }
        }
        const png = clip
          ? await page.screenshot({ clip, fullPage: true, type: 'png' })
          : await page.screenshot({ clip: { x: 0, y: 0, width: 1024, height: Math.min(MAX_HEIGHT, await page.evaluate(() => document.documentElement.scrollHeight).catch(() => 800)) }, fullPage: true, type: 'png' });
        return { png, browser: `Chromium/${b.version()}`, found };
      } finally {
        await ctx.close().catch(() => undefined);
      }
    },
    async close() {
      const b = browser;
      browser = undefined;
      if (b) await (await b).close().catch(() => undefined);
    },
  };
}
