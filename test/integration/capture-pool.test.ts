// Browser pool on real Chromium: restart after N jobs, recovery after the browser dies,
// bounded concurrency; the browser's user, sandbox and proxy.
import { describe, it, expect } from 'vitest';
import pino from 'pino';
import { spawnSync } from 'node:child_process';
import { chromium } from 'playwright-core';
import { readdirSync, readFileSync } from 'node:fs';
import { createBrowserPool } from '../../src/capture/browser-pool.js';
import { planSandbox } from '../../src/capture/sandbox.js';
import { startEgressProxy } from '../../src/capture/egress-proxy.js';
import { descendants } from '../../bench/proc-rss.js';

describe('browser pool', () => {
  it('restarts after restartAfter jobs and after a crash, never exceeding concurrency', async () => {
    const pool = createBrowserPool({ settings: { chromiumPath: '/usr/bin/chromium', concurrency: 2, restartAfter: 2 }, log: pino({ level: 'silent' }) });
    let running = 0;
    let peak = 0;
    const job = () =>
      pool.withContext({}, async (ctx) => {
        running++;
        peak = Math.max(peak, running);
        const page = await ctx.newPage();
        await page.setContent('<p>x</p>');
        await new Promise((r) => setTimeout(r, 50));
        running--;
        return page.textContent('p');
      });
    try {
      expect(await Promise.all([job(), job(), job()])).toEqual(['x', 'x', 'x']);
      expect(peak).toBeLessThanOrEqual(2);
      expect(pool.stats().launches).toBe(2); // 2 jobs on the first browser, the 3rd on a new one
      // Crash: the browser goes away mid-job; that job fails, the next one gets a new browser.
      await expect(pool.withContext({}, async (ctx) => ctx.browser()!.close().then(() => ctx.newPage()))).rejects.toThrow();
      expect(await job()).toBe('x');
      expect(pool.stats().launches).toBe(3);
    } finally {
      await pool.close();
    }
  });

  it('a job past its deadline (a script that never yields) fails retryable, its slot is freed, the next job runs', async () => {
    const pool = createBrowserPool({ settings: { chromiumPath: '/usr/bin/chromium', concurrency: 1, restartAfter: 50 }, log: pino({ level: 'silent' }) });
    try {
      const stuck = pool.withContext(
        {},
        async (ctx) => {
          const page = await ctx.newPage();
          await page.setContent('<p>x</p>');
          // No timeout of its own: the renderer never answers.
          await page.evaluate('for (;;) {}');
          return 'never';
        },
        { deadlineMs: 3000 },
      );
      await expect(stuck).rejects.toMatchObject({ code: 'VGL_CAPTURE_FAILED', retryable: true });
      // concurrency 1: this job only runs because the stuck one gave its slot back.
      const next = await pool.withContext({}, async (ctx) => {
        const page = await ctx.newPage();
        await page.setContent('<p>after</p>');
        return page.textContent('p');
      });
      expect(next).toBe('after');
    } finally {
      await pool.close();
    }
  });
});

describe('browser pool: contexts warmed ahead of demand', () => {
  it('hands each job a context made before it asked, never twice, none beyond restartAfter, all closed', async () => {
    const made: Array<{ at: number; ctx: import('playwright-core').BrowserContext }> = [];
    const browsers = new Set<import('playwright-core').Browser>();
    let disposed = 0;
    const pool = createBrowserPool<{ n: number }>({
      settings: { chromiumPath: '/usr/bin/chromium', concurrency: 1, restartAfter: 3 },
      log: pino({ level: 'silent' }),
      warm: 1,
      prepare: async (browser) => {
        browsers.add(browser);
        const ctx = await browser.newContext();
        await ctx.newPage();
        made.push({ at: Date.now(), ctx });
        return { ctx, extra: { n: made.length }, dispose: async () => void (await ctx.close(), disposed++) };
      },
    });
    const got: Array<{ n: number; asked: number; ctx: import('playwright-core').BrowserContext }> = [];
    try {
      for (let i = 0; i < 4; i++) {
        // settled(): the spare made after the previous job is ready (as the previous capture's packaging would give it time).
        if (i === 1 || i === 2) {
          await pool.settled();
          expect(made.length).toBeGreaterThan(i);
        }
        // None for the first browser beyond its restartAfter (3 jobs): none was even started.
        if (i === 3) expect(made.length).toBe(3);
        const asked = Date.now();
        await pool.withPrepared(async (p) => {
          got.push({ n: p.extra.n, asked, ctx: p.ctx });
          expect(p.ctx.pages()).toHaveLength(1);
        });
      }
      expect(got.map((g) => g.n)).toEqual([1, 2, 3, 4]); // four jobs, four contexts
      expect(new Set(got.map((g) => g.ctx)).size).toBe(4);
      // Jobs 2 and 3 got a warm context; job 4 runs on a new browser (restartAfter 3), where no
      // spare was made for the old one beyond its third job.
      expect(made[1].at).toBeLessThanOrEqual(got[1].asked);
      expect(made[2].at).toBeLessThanOrEqual(got[2].asked);
      expect(pool.stats().launches).toBe(2);
      expect(browsers.size).toBe(2);
    } finally {
      await pool.close();
    }
    // Everything made was disposed, the spare made for the second browser included.
    expect(made.length).toBe(5);
    expect(disposed).toBe(5);
  }, 90_000);
});

describe('browser pool: sandbox and egress', () => {
  // What this machine allows, found out the way Chromium's namespace sandbox needs it.
  const usernsWorks = (): boolean => {
    const asUser = process.getuid?.() === 0 ? ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--'] : [];
    const [cmd, ...args] = [...asUser, 'unshare', '--user', '--map-root-user', '--pid', '--net', '--fork', 'true'];
    return spawnSync(cmd, args).status === 0;
  };
  const uidOf = (pid: string): number => Number(/^Uid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? -1);

  it('runs Chromium as an unprivileged user, sandboxed where the kernel allows it, with all traffic through its proxy', async () => {
    const log = pino({ level: 'silent' });
    const plan = planSandbox({ chromiumPath: '/usr/bin/chromium', user: 'vigil-browser', log });
    let proxyUrl = '';
    const pool = createBrowserPool({
      settings: { chromiumPath: '/usr/bin/chromium', concurrency: 1, restartAfter: 10 },
      log,
      sandbox: plan,
      startProxy: async () => {
        const p = await startEgressProxy({ guard: { allowPrivate: false }, log });
        proxyUrl = p.url;
        return p;
      },
    });
    try {
      const info = await pool.withContext({}, async (ctx, i) => {
        const page = await ctx.newPage();
        await page.setContent('<p>x</p>');
        // The browser process is the one started with this pool's proxy.
        const mine = readdirSync('/proc').filter((pid) => /^\d+$/.test(pid)).filter((pid) => {
          try {
            return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(`--proxy-server=${proxyUrl}`);
          } catch {
            return false;
          }
        });
        expect(mine.length).toBeGreaterThan(0);
        if (process.getuid?.() === 0) for (const pid of mine) expect(uidOf(pid), `pid ${pid}`).not.toBe(0);
        return i;
      });
      expect(info.sandbox).toBe(usernsWorks());
    } finally {
      await pool.close();
    }
  });

  /**
   * A pool whose plan asks for the sandbox, with a launch that records each attempt (true:
   * sandboxed) and throws the message `dies` gives. Chromium itself always starts without a sandbox
   * here (this host may lack user namespaces); what is tested is what the pool asks for.
   */
  const sandboxPlanPool = (dies: (sandboxed: boolean, attempt: number) => string | undefined) => {
    const plan = { sandbox: true, executablePath: '/usr/bin/chromium', cleanup: () => undefined } as { sandbox: boolean; executablePath: string; reason?: string; cleanup(): void };
    const tried: boolean[] = [];
    const pool = createBrowserPool({
      settings: { chromiumPath: '/usr/bin/chromium', concurrency: 1, restartAfter: 1 },
      log: pino({ level: 'silent' }),
      sandbox: plan,
      launch: async (o) => {
        const sandboxed = !o.args.includes('--no-sandbox');
        tried.push(sandboxed);
        const err = dies(sandboxed, tried.length);
        if (err) throw new Error(err);
        return chromium.launch({ executablePath: o.executablePath, args: sandboxed ? [...o.args, '--no-sandbox'] : o.args, headless: true });
      },
    });
    return { plan, tried, pool };
  };

  it('never fails a capture for want of a sandbox: a sandboxed launch that fails twice is retried without, once', async () => {
    // As on a kernel without user namespaces: Chromium dies unless told --no-sandbox.
    const { plan, tried, pool } = sandboxPlanPool((sandboxed) => (sandboxed ? 'FATAL: No usable sandbox!' : undefined));
    try {
      expect((await pool.withContext({}, async (_ctx, i) => i)).sandbox).toBe(false);
      expect((await pool.withContext({}, async (_ctx, i) => i)).sandbox).toBe(false); // restartAfter 1: a second browser
      expect(tried).toEqual([true, true, false, false]);
      expect(plan.sandbox).toBe(false);
      expect(plan.reason).toMatch(/No usable sandbox/);
    } finally {
      await pool.close();
    }
  });

  it('a sandboxed launch that fails once by chance (a browser killed as it started) keeps the sandbox', async () => {
    const { plan, tried, pool } = sandboxPlanPool((_s, attempt) => (attempt === 1 ? 'browserType.launch: Target page, context or browser has been closed' : undefined));
    try {
      expect((await pool.withContext({}, async (_ctx, i) => i)).sandbox).toBe(true);
      expect(tried).toEqual([true, true]);
      expect(plan.sandbox).toBe(true);
      expect(plan.reason).toBeUndefined();
    } finally {
      await pool.close();
    }
  });

  it("one renderer per context: no spare renderer left unused, and Playwright's own disabled features kept", async () => {
    const log = pino({ level: 'silent' });
    const plan = planSandbox({ chromiumPath: '/usr/bin/chromium', user: 'vigil-browser', log });
    const pool = createBrowserPool({ settings: { chromiumPath: '/usr/bin/chromium', concurrency: 1, restartAfter: 50 }, log, sandbox: plan });
    const cmdline = (pid: string): string => {
      try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      } catch {
        return '';
      }
    };
    const renderers = new Set<string>();
    let browserArgs = '';
    // Only this process's own Chromium: the other test worker runs browsers of its own.
    const look = (): void => {
      for (const pid of descendants().map(String)) {
        const c = cmdline(pid);
        if (!c.includes('playwright_chromiumdev_profile')) continue;
        if (c.includes('--type=renderer') && !c.includes('--top-chrome-webui')) renderers.add(pid);
        if (c.includes('--remote-debugging-pipe') && !c.includes('--type=')) browserArgs = c;
      }
    };
    try {
      await pool.withContext({}, async () => undefined); // the browser is up
      look();
      const before = renderers.size;
      const timer = setInterval(look, 5);
      for (let i = 0; i < 4; i++) {
        await pool.withContext({}, async (ctx) => {
          const page = await ctx.newPage();
          await page.setContent('<p>x</p>');
        });
      }
      clearInterval(timer);
      const disabled = browserArgs.split(/[\0 ]/).filter((a) => a.startsWith('--disable-features='));
      expect(disabled).toHaveLength(1); // Chromium keeps only the last one
      expect(disabled[0]).toContain('PaintHolding'); // one of Playwright's
      if (plan.mergesFeatureSwitches) {
        expect(disabled[0]).toContain('SpareRendererForSitePerProcess');
        expect(renderers.size - before).toBe(4);
      } else {
        // Without the wrapper Vigil cannot add to Playwright's list, and leaves it whole.
        expect(disabled[0]).not.toContain('SpareRendererForSitePerProcess');
      }
    } finally {
      await pool.close();
    }
  }, 60_000);
});
