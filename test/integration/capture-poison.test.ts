// Chromium against poison pages (a script that never yields, a decompression-bomb image, a
// document that never finishes, an endless feed) and a browser killed mid-capture: every capture
// ends within its limits (partial, with the limit named, or a retryable failure), the pool serves
// the next capture normally, and memory stays bounded. Real Chromium, the capture sim pages.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettingsSchema } from '../../src/config/schema.js';
import { createCapturer, type Capturer } from '../../src/capture/index.js';
import { isVigilError } from '../../src/errors.js';
import { startCapturePagesServer, type CapturePagesServer } from '../../src/sim/pages/index.js';
import { until } from '../helpers/pipeline.js';
import { childRss, descendants } from '../../bench/proc-rss.js';

const SIM_HOST = '127.0.0.2';
let srv: CapturePagesServer;
let cap: Capturer;
const stored = { bytes: 0 };
const putBlob = async (b: Buffer) => {
  stored.bytes += b.length;
  return { sha256: createHash('sha256').update(b).digest('hex'), size: b.length };
};

/** Processes below ours (Chromium and its helpers), with their command lines. */
function descendantsWithCmd(): { pid: number; cmd: string }[] {
  return descendants().flatMap((pid) => {
    try {
      return [{ pid, cmd: readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ') }];
    } catch {
      return [];
    }
  });
}

const outcome = (p: Promise<{ status: string; metadata?: unknown }>) =>
  p.then(
    (r) => ({ ok: true as const, status: r.status, limits: ((r.metadata as { limits?: string[] } | undefined)?.limits ?? []) as string[] }),
    (e: unknown) => ({ ok: false as const, code: isVigilError(e) ? e.code : String(e), retryable: isVigilError(e) && e.retryable }),
  );

beforeAll(async () => {
  srv = await startCapturePagesServer({ host: SIM_HOST });
  const settings = SettingsSchema.parse({
    network: { allowPrivate: [SIM_HOST] },
    // snapshotTimeout: a hung renderer answers no screenshot; 10 s (not 30) is still ten times
    // what the next, ordinary page's screenshot takes on a loaded machine.
    capture: { concurrency: 1, navigationTimeout: '6s', networkIdleTimeout: '2s', totalTimeout: '20s', snapshotTimeout: '10s', maxTotalBytes: 32 * 1024 * 1024 },
  });
  cap = createCapturer({ settings, log: pino({ level: 'silent' }), putBlob });
});
afterAll(async () => {
  await cap?.close();
  await srv?.close();
});

describe('poison pages', () => {
  it.each(['/poison/script-loop', '/poison/huge-image', '/poison/never-ends', '/infinite'])('%s: the capture ends within its limits and the pool serves the next one', async (path) => {
    const r = await outcome(cap.capture(`${srv.url}${path}`, { target: 'poison' }));
    if (r.ok) {
      expect(r.status).toBe('partial');
      expect(r.limits.length).toBeGreaterThan(0);
    } else {
      expect(r).toMatchObject({ code: 'VGL_CAPTURE_FAILED', retryable: true });
    }
    const next = await cap.capture(`${srv.url}/press-release`, { target: 'poison' });
    expect(next.artifacts.length).toBeGreaterThan(0);
    // Bounded memory: Chromium and its helpers, and this process.
    const chromeMb = childRss().bytes / 2 ** 20;
    expect(chromeMb).toBeLessThan(1536);
    expect(process.memoryUsage().rss / 2 ** 20).toBeLessThan(1024);
  }, 240_000);

  it('a browser killed mid-capture fails that capture (retryable); the next capture gets a new browser', async () => {
    const pending = outcome(cap.capture(`${srv.url}/poison/never-ends`, { target: 'poison' }));
    // The browser is the process Playwright drives over --remote-debugging-pipe (a sandbox wrapper in
    // front of it carries the same arguments): kill them all, never a helper such as crashpad.
    const browsers = await until(async () => {
      const found = descendantsWithCmd().filter((p) => p.cmd.includes('--remote-debugging-pipe') && !p.cmd.includes('--type='));
      return found.length ? found : undefined;
    }, 'the browser process');
    for (const b of browsers) process.kill(b.pid, 'SIGKILL');
    const r = await pending;
    if (r.ok) expect(r.status).toBe('partial');
    else expect(r).toMatchObject({ code: 'VGL_CAPTURE_FAILED', retryable: true });
    const next = await cap.capture(`${srv.url}/press-release`, { target: 'poison' });
    expect(next.artifacts.length).toBeGreaterThan(0);
  }, 400_000); // two captures, each bounded by the pool's job deadline (totalTimeout + 2 × snapshotTimeout + 15 s), on a loaded machine
});
