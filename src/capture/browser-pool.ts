// One Chromium per process, a fresh context per job, bounded concurrency, and a restart
// after `restartAfter` jobs or when the browser dies. Never downloads a browser.
import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { Logger } from 'pino';
import pLimit from 'p-limit';
import { VigilError } from '../errors.js';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
] as const;

export interface BrowserPoolSettings {
  chromiumPath: string;
  concurrency: number;
  restartAfter: number;
}

export interface BrowserPoolDeps {
  settings: BrowserPoolSettings;
  log: Logger;
  /** Injected for tests of the pool itself; defaults to playwright-core's chromium.launch. */
  launch?: (opts: { executablePath: string; args: string[] }) => Promise<Browser>;
}

export interface BrowserPool {
  /** Runs `fn` with a fresh context; the context is always closed afterwards. */
  withContext<T>(options: BrowserContextOptions, fn: (ctx: BrowserContext, info: { browserVersion: string }) => Promise<T>): Promise<T>;
  /** Browser launches so far (restarts included). */
  stats(): { launches: number; jobs: number };
  close(): Promise<void>;
}

interface Slot {
  browser: Browser;
  version: string;
  uses: number;
  active: number;
  retired: boolean;
}

export function createBrowserPool(deps: BrowserPoolDeps): BrowserPool {
  const { settings } = deps;
  const log = deps.log.child({ component: 'browser-pool' });
  const limit = pLimit(settings.concurrency);
  const launch = deps.launch ?? ((o) => chromium.launch({ ...o, headless: true, timeout: 30_000 }));
  let current: Promise<Slot> | null = null;
  let closed = false;
  let launches = 0;
  let jobs = 0;

  const retire = async (slot: Slot): Promise<void> => {
    slot.retired = true;
    if (slot.active === 0) await slot.browser.close().catch(() => undefined);
  };

  const start = async (): Promise<Slot> => {
    try {
      const browser = await launch({ executablePath: settings.chromiumPath, args: [...CHROMIUM_ARGS] });
      launches++;
      const slot: Slot = { browser, version: browser.version(), uses: 0, active: 0, retired: false };
      browser.on('disconnected', () => {
        if (!slot.retired) log.warn({ version: slot.version }, 'browser disconnected; next job starts a new one');
        slot.retired = true;
      });
      log.info({ version: slot.version, launches }, 'browser started');
      return slot;
    } catch (e) {
      throw new VigilError('VGL_CAPTURE_FAILED', `cannot start Chromium at ${settings.chromiumPath}: ${(e as Error).message.split('\n')[0]}; check capture.chromiumPath`, { cause: e });
    }
  };

  const acquire = async (): Promise<Slot> => {
    if (closed) throw new VigilError('VGL_CAPTURE_FAILED', 'browser pool is closed');
    const seen = current;
    if (seen) {
      const slot = await seen.catch(() => null);
      if (current !== seen) return acquire(); // another job already replaced it
      if (slot && !slot.retired && slot.browser.isConnected() && slot.uses < settings.restartAfter) return slot;
      if (slot) void retire(slot); // closes once its running jobs finish
    }
    const next = start();
    current = next;
    next.catch(() => {
      if (current === next) current = null;
    });
    return next;
  };

  return {
    withContext: (options, fn) =>
      limit(async () => {
        const slot = await acquire();
        slot.uses++;
        slot.active++;
        jobs++;
        try {
          const ctx = await slot.browser.newContext(options);
          try {
            return await fn(ctx, { browserVersion: slot.version });
          } finally {
            await ctx.close().catch(() => undefined);
          }
        } finally {
          slot.active--;
          if (slot.retired && slot.active === 0) await slot.browser.close().catch(() => undefined);
        }
      }),
    stats: () => ({ launches, jobs }),
    close: async () => {
      closed = true;
      const slot = current ? await current.catch(() => null) : null;
      current = null;
      if (slot) {
        slot.retired = true;
        await slot.browser.close().catch(() => undefined);
      }
    },
  };
}
