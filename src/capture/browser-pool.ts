// One Chromium per process, a fresh context per job, bounded concurrency, and a restart
// after `restartAfter` jobs or when the browser dies. Never downloads a browser. Each browser
// gets its own egress proxy (all its traffic, loopback included, goes through it) and starts
// as the sandbox plan says (sandbox.ts). With a `prepare` function, `warm` contexts are made
// ahead of demand (withPrepared), so a job does not wait for its context to be created; a warm
// context has loaded nothing and is never handed to a second job.
import type { Browser, BrowserContext, BrowserContextOptions } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { Logger } from 'pino';
import pLimit from 'p-limit';
import { VigilError } from '../errors.js';
import type { SandboxPlan } from './sandbox.js';
import { CLOSE_WAIT_MS, CONTEXT_WAIT_MS, giveUpAfter, within, withDeadline, type JobLimits } from './deadline.js';

export type { JobLimits } from './deadline.js';

/** The design's flags. `--no-sandbox` is dropped where the sandbox can run (see browserArgs). */
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

/**
 * Chromium features Vigil turns off when it can add to Playwright's --disable-features list
 * (sandbox.ts wrapper; a second switch would replace Playwright's list). Chromium keeps a spare
 * renderer process ready for the next navigation, but the next capture runs in a new context,
 * which cannot use it: every capture started two renderers and used one (measured: 20 for 10
 * contexts, 10 with this off), the waste costing CPU a capture needs (README, capture benchmark).
 */
export const DISABLED_FEATURES = ['SpareRendererForSitePerProcess'] as const;

/**
 * Pure: the flags one browser starts with. With a proxy, every request goes through it:
 * loopback is not bypassed (Chromium bypasses it by default), Chromium's own resolver answers
 * nothing but the proxy's address (so no direct connection can even be addressed), and WebRTC
 * may not send UDP around the proxy. `disableFeatures` only where the launcher merges it with
 * Playwright's own --disable-features list (sandbox.ts wrapper): a second flag alone would
 * replace that list, re-enabling what it turns off.
 */
export function browserArgs(o: { sandbox: boolean; proxyUrl?: string; disableFeatures?: readonly string[] }): string[] {
  const args: string[] = CHROMIUM_ARGS.filter((a) => !(o.sandbox && a === '--no-sandbox'));
  if (o.disableFeatures?.length) args.push(`--disable-features=${o.disableFeatures.join(',')}`);
  if (!o.proxyUrl) return args;
  const proxyHost = new URL(o.proxyUrl).hostname;
  return [
    ...args,
    `--proxy-server=${o.proxyUrl}`,
    '--proxy-bypass-list=<-loopback>',
    `--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE ${proxyHost}`,
    '--force-webrtc-ip-handling-policy=disable_non_proxied_udp',
    '--webrtc-ip-handling-policy=disable_non_proxied_udp',
  ];
}

export interface BrowserPoolSettings {
  chromiumPath: string;
  concurrency: number;
  restartAfter: number;
}

/** A context made ready for one job, with whatever else the job needs (its proxy, its page). */
export interface Prepared<X> {
  ctx: BrowserContext;
  extra: X;
  /** Closes the context and what was made with it. */
  dispose(): Promise<void>;
}

export interface BrowserPoolDeps<X = unknown> {
  settings: BrowserPoolSettings;
  /** Makes a job's context (withPrepared). */
  prepare?: (browser: Browser) => Promise<Prepared<X>>;
  /** Contexts kept ready ahead of demand for withPrepared (default 0). */
  warm?: number;
  log: Logger;
  /** Injected for tests of the pool itself; defaults to playwright-core's chromium.launch. */
  launch?: (opts: LaunchOptions) => Promise<Browser>;
  /** Starts the egress proxy one browser sends all its traffic through (closed with it). */
  startProxy?: () => Promise<{ url: string; close(): Promise<void> }>;
  /** How Chromium starts (sandbox.ts). Without one: chromiumPath with --no-sandbox. */
  sandbox?: SandboxPlan;
}

export interface LaunchOptions {
  executablePath: string;
  args: string[];
  /** Always true: whether the sandbox runs is decided by `--no-sandbox` in args. */
  chromiumSandbox: boolean;
}

export interface BrowserInfo {
  browserVersion: string;
  /** Chromium ran with its sandbox. */
  sandbox: boolean;
}

export interface BrowserPool<X = unknown> {
  /** Runs `fn` with a fresh context; the context is always closed afterwards. */
  withContext<T>(options: BrowserContextOptions, fn: (ctx: BrowserContext, info: BrowserInfo) => Promise<T>, opts?: JobLimits): Promise<T>;
  /**
   * Runs `fn` with a context from `prepare` (a warm one when ready). `fn` may dispose it early
   * (to free the browser sooner); it is disposed afterwards in any case.
   */
  withPrepared<T>(fn: (p: Prepared<X>, info: BrowserInfo) => Promise<T>, opts?: JobLimits): Promise<T>;
  /**
   * Resolves once the pool's background work is done: warm contexts being made, contexts of
   * finished jobs closing, retired browsers shutting down (running jobs are not waited for).
   * For measuring on a settled browser (bench) and for orderly tests.
   */
  settled(): Promise<void>;
  /** Browser launches so far (restarts included). */
  stats(): { launches: number; jobs: number };
  close(): Promise<void>;
}

interface Slot {
  browser: Browser;
  proxy: { url: string; close(): Promise<void> } | null;
  sandbox: boolean;
  version: string;
  uses: number;
  active: number;
  retired: boolean;
  /** Warm contexts made for this browser, not yet handed out. */
  spares: Array<Promise<Prepared<unknown> | null>>;
  /** Contexts of finished jobs still closing. */
  closing: Set<Promise<void>>;
}

export function createBrowserPool<X = unknown>(deps: BrowserPoolDeps<X>): BrowserPool<X> {
  const { settings } = deps;
  const log = deps.log.child({ component: 'browser-pool' });
  const limit = pLimit(settings.concurrency);
  const launch = deps.launch ?? ((o) => chromium.launch({ ...o, headless: true, timeout: 30_000 }));
  let current: Promise<Slot> | null = null;
  let closed = false;
  let launches = 0;
  let jobs = 0;
  /** Work started for no job in particular (settled() waits for it). */
  const background = new Set<Promise<unknown>>();
  const track = <T>(p: Promise<T>): Promise<T> => {
    const q = p.catch(() => undefined);
    background.add(q);
    void q.finally(() => background.delete(q));
    return p;
  };

  const plan = deps.sandbox;
  const dropSpares = async (slot: Slot): Promise<void> => {
    const spares = slot.spares.splice(0);
    // A spare whose browser died while it was made may never settle: not waited for beyond this.
    await within(Promise.all(spares.map(async (s) => (await s)?.dispose().catch(() => undefined))), CONTEXT_WAIT_MS);
  };
  const shut = async (slot: Slot): Promise<void> => {
    await dropSpares(slot);
    await within(Promise.all([...slot.closing]), CLOSE_WAIT_MS);
    // A browser whose renderer hangs may not answer close(): it is not waited for beyond this.
    if (!(await within(slot.browser.close(), CLOSE_WAIT_MS))) log.warn({ version: slot.version }, 'the browser did not close in time; left to exit on its own');
    if (slot.proxy) await within(slot.proxy.close(), CLOSE_WAIT_MS);
  };
  const retire = async (slot: Slot): Promise<void> => {
    slot.retired = true;
    if (slot.active === 0) await track(shut(slot));
  };

  /** A browser that could not make a context (it died under us): the next job gets a new one. */
  const failed = (slot: Slot, e: unknown): never => {
    if (!slot.browser.isConnected()) slot.retired = true;
    throw new VigilError('VGL_CAPTURE_FAILED', `the browser could not open a page: ${(e as Error).message.split('\n')[0]}; the capture is retried`, { cause: e });
  };
  /** A context that did not come in time: its browser is hung or gone, and is replaced. */
  const contextFrom = <T>(slot: Slot, making: Promise<T>, late: (v: T) => void): Promise<T> =>
    giveUpAfter(making, CONTEXT_WAIT_MS, 'a browser context', late).catch((e: unknown) => {
      if (!slot.retired) log.warn({ version: slot.version }, 'a browser context did not come in time; the browser is replaced');
      slot.retired = true;
      void track(dropSpares(slot));
      throw e;
    });
  /** A job past its deadline, or a context that would not close: its browser is replaced. */
  const retireHung = (slot: Slot, hung: boolean): void => {
    if (!hung || slot.retired) return;
    log.warn({ version: slot.version }, 'a capture context did not close (a page keeps its renderer busy); the browser is replaced');
    slot.retired = true;
    void track(dropSpares(slot));
  };

  const launchOnce = async (proxyUrl: string | undefined, sandbox: boolean): Promise<Browser> =>
    launch({
      executablePath: plan?.executablePath ?? settings.chromiumPath,
      args: browserArgs({ sandbox, proxyUrl, ...(plan?.mergesFeatureSwitches ? { disableFeatures: DISABLED_FEATURES } : {}) }),
      chromiumSandbox: true,
    });

  const start = async (): Promise<Slot> => {
    const proxy = deps.startProxy ? await deps.startProxy() : null;
    try {
      let sandbox = plan?.sandbox ?? false;
      let browser: Browser;
      try {
        // A sandboxed launch is tried twice: one that failed by chance (killed, a timeout under
        // load) must not turn the sandbox off for the rest of the process.
        browser = await launchOnce(proxy?.url, sandbox).catch((e: unknown) => {
          if (!sandbox) throw e;
          log.warn({ err: (e as Error).message.split('\n')[0] }, 'Chromium did not start with its sandbox; trying once more before running without it');
          return launchOnce(proxy?.url, sandbox);
        });
      } catch (e) {
        if (!sandbox || !plan) throw e;
        // Captures never fail for want of a sandbox. If this launch fails too, the problem was
        // not the sandbox and its error is the one reported.
        browser = await launchOnce(proxy?.url, false);
        plan.sandbox = sandbox = false;
        plan.reason = `Chromium did not start with its sandbox: ${(e as Error).message.split('\n')[0]}`;
        log.warn({ reason: plan.reason }, 'Chromium runs WITHOUT its sandbox; every capture manifest records browser.sandbox: false');
      }
      launches++;
      const slot: Slot = { browser, proxy, sandbox, version: browser.version(), uses: 0, active: 0, retired: false, spares: [], closing: new Set() };
      browser.on('disconnected', () => {
        if (!slot.retired) log.warn({ version: slot.version }, 'browser disconnected; next job starts a new one');
        slot.retired = true;
        void track(dropSpares(slot));
        void slot.proxy?.close().catch(() => undefined);
      });
      log.info({ version: slot.version, launches, sandbox, user: plan?.user }, 'browser started');
      return slot;
    } catch (e) {
      await proxy?.close().catch(() => undefined);
      throw new VigilError('VGL_CAPTURE_FAILED', `cannot start Chromium at ${settings.chromiumPath}: ${(e as Error).message.split('\n')[0]}; check capture.chromiumPath`, { cause: e });
    }
  };

  /** Keeps `warm` contexts in the making for this browser, none beyond its restartAfter. */
  const topUp = (slot: Slot): void => {
    const prepare = deps.prepare;
    const want = Math.min(deps.warm ?? 0, settings.restartAfter - slot.uses);
    while (prepare && !closed && !slot.retired && slot.spares.length < want) {
      slot.spares.push(
        track(prepare(slot.browser)).then(
          (p) => p as Prepared<unknown>,
          (e: unknown) => (log.debug({ err: e }, 'warm context failed; the next job makes its own'), null),
        ),
      );
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
    withContext: (options, fn, limits) =>
      limit(async () => {
        const slot = await acquire();
        slot.uses++;
        slot.active++;
        jobs++;
        try {
          const ctx = await contextFrom(slot, slot.browser.newContext(options).catch((e: unknown) => failed(slot, e)), (c) => void c.close().catch(() => undefined));
          try {
            return await withDeadline(fn(ctx, { browserVersion: slot.version, sandbox: slot.sandbox }), limits, () => undefined);
          } finally {
            // Closing the context ends its renderers; one that will not close takes its browser with it.
            retireHung(slot, !(await within(ctx.close(), CLOSE_WAIT_MS)));
          }
        } finally {
          slot.active--;
          if (slot.retired && slot.active === 0) await shut(slot);
        }
      }),
    withPrepared: (fn, limits) =>
      limit(async () => {
        const prepare = deps.prepare;
        if (!prepare) throw new VigilError('VGL_CAPTURE_FAILED', 'browser pool has no prepare function');
        const slot = await acquire();
        slot.uses++;
        slot.active++;
        jobs++;
        try {
          // A warm context if one is ready (or being made), else a new one.
          const making = async (): Promise<Prepared<unknown>> => {
            let p = (await slot.spares.shift()?.catch(() => null)) ?? null;
            if (p && !slot.browser.isConnected()) {
              void p.dispose().catch(() => undefined);
              p = null;
            }
            return p ?? ((await prepare(slot.browser).catch((e: unknown) => failed(slot, e))) as Prepared<unknown>);
          };
          const mine = (await contextFrom(slot, making(), (late) => void late.dispose().catch(() => undefined))) as Prepared<X>;
          let disposed: Promise<void> | null = null;
          const dispose = (): Promise<void> => (disposed ??= mine.dispose().catch(() => undefined));
          try {
            // Past the deadline the context is closed under the job (its page calls then fail).
            return await withDeadline(fn({ ...mine, dispose }, { browserVersion: slot.version, sandbox: slot.sandbox }), limits, () => {
              void within(dispose(), CLOSE_WAIT_MS).then((ok) => retireHung(slot, !ok));
            });
          } finally {
            // The next context is made once this job is done with the browser (not during its
            // page load, which it would slow down), while the job packages its capture.
            topUp(slot);
            // Not awaited: the next job need not wait for this context to close; the browser does.
            const d = track(dispose());
            slot.closing.add(d);
            void d.finally(() => slot.closing.delete(d));
          }
        } finally {
          slot.active--;
          if (slot.retired && slot.active === 0) await shut(slot);
        }
      }),
    settled: async () => {
      // Work finishing can start more (a spare made after a close): wait until none is left.
      while (background.size > 0) await Promise.all([...background]);
    },
    stats: () => ({ launches, jobs }),
    close: async () => {
      closed = true;
      const slot = current ? await current.catch(() => null) : null;
      current = null;
      if (slot) {
        slot.retired = true;
        await shut(slot);
      }
      plan?.cleanup();
    },
  };
}
