// Browser pool on real Chromium: restart after N jobs, recovery after the browser dies,
// bounded concurrency.
import { describe, it, expect } from 'vitest';
import pino from 'pino';
import { createBrowserPool } from '../../src/capture/browser-pool.js';

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
});
