// A capture's own browser context: its own egress proxy (so what it refused and where it
// connected are this capture's record), a context sending everything through it, and a blank
// page. Made ahead of demand by the pool (browser-pool.ts, `warm`), so a capture starts at once.
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import type { Prepared } from './browser-pool.js';
import type { EgressProxy } from './egress-proxy.js';

export interface CaptureContextExtra {
  proxy: EgressProxy;
  page: Page;
}

export interface CaptureContextDeps {
  /** Starts one capture's egress proxy (with keepLog). */
  startProxy: () => Promise<EgressProxy>;
  options: Omit<BrowserContextOptions, 'proxy'>;
}

export function captureContextFactory(d: CaptureContextDeps): (browser: Browser) => Promise<Prepared<CaptureContextExtra>> {
  return async (browser) => {
    const proxy = await d.startProxy();
    try {
      const ctx = await browser.newContext({ ...d.options, proxy: { server: proxy.url } });
      try {
        const page = await ctx.newPage();
        return {
          ctx,
          extra: { proxy, page },
          dispose: async () => {
            await ctx.close().catch(() => undefined);
            await proxy.close();
          },
        };
      } catch (e) {
        await ctx.close().catch(() => undefined);
        throw e;
      }
    } catch (e) {
      await proxy.close().catch(() => undefined);
      throw e;
    }
  };
}
