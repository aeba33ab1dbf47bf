// One browser capture session: navigate, scroll, wait for idle, snapshot (screenshot, DOM and
// MHTML at the same moment), collect the recorded traffic. Every phase is bounded; limits hit are
// listed so the caller can mark the capture `partial`. Returns raw material; the browser is no
// longer needed afterwards (media fetched outside it and packaging run once it is released).
import type { BrowserContext, Page } from 'playwright-core';
import type { Logger } from 'pino';
import { VigilError } from '../errors.js';
import { startRecorder, type RecordedTraffic } from './recorder.js';
import type { BlockedRequest } from './request-guard.js';
import { autoScroll } from './behaviour.js';
import { screenshot, type ScreenshotEncoding, type Shot } from './screenshot.js';
import type { MediaLink } from './extract.js';
import type { HttpExchange } from './types.js';
import type { PhaseClock } from './phases.js';

export interface SessionLimits {
  maxScreenshotHeight: number;
  maxScrolls: number;
  navigationTimeout: number;
  networkIdleTimeout: number;
  totalTimeout: number;
  /** Each snapshot call's bound (capture.snapshotTimeout); they run even after totalTimeout. */
  snapshotTimeout: number;
  maxResponseBytes: number;
  /** Bodies + media kept per capture (capture.maxTotalBytes); unbounded when absent. */
  maxTotalBytes?: number;
  mobileViewport?: { width: number; height: number };
  /** PNG encoder of the screenshots (capture.screenshotEncoding; screenshot.ts). */
  screenshotEncoding: ScreenshotEncoding;
  userAgent: string;
  maxMedia: number;
}

export type LimitName = 'navigationTimeout' | 'totalTimeout' | 'networkIdleTimeout' | 'maxScrolls' | 'maxScreenshotHeight' | 'maxResponseBytes' | 'maxTotalBytes';

/** What the browser yielded. */
export interface SessionCapture {
  url: string;
  finalUrl: string;
  status: number;
  statusText: string;
  responseHeaders: Record<string, string>;
  requestHeaders: Record<string, string>;
  redirects: Array<{ url: string; status: number; location: string }>;
  html: string;
  mhtml: Buffer | null;
  shot: Shot;
  mobileShot: Shot | null;
  traffic: RecordedTraffic;
  limits: LimitName[];
  scrolls: number;
  networkIdle: boolean;
}

/** Everything packaging needs: the session plus media and refusals. */
export interface RawCapture extends SessionCapture {
  media: Array<MediaLink & { exchange?: HttpExchange; skipped?: string }>;
  blocked: BlockedRequest[];
}

export interface SessionInput {
  ctx: BrowserContext;
  /** A fresh page of `ctx` (made ahead of demand). */
  page: Page;
  url: string;
  lim: SessionLimits;
  /** What the context's egress proxy refused so far (read to say why a navigation failed). */
  refused: () => BlockedRequest[];
  log: Logger;
  clock: PhaseClock;
  signal?: AbortSignal;
}

// The snapshot phase runs even after totalTimeout so a hung page still yields evidence.
const BODY_SETTLE_MS = 5_000;
/**
 * The longest the phases after totalTimeout can take (snapshot, mobile screenshot, bodies) plus a
 * margin: past totalTimeout + this, the pool stops the job (browser-pool.ts, deadlineMs).
 */
export const snapshotAllowance = (snapshotTimeout: number): number => 2 * snapshotTimeout + BODY_SETTLE_MS + 10_000;
// Network idle: nothing in flight for this long. Waiting is bounded by what is really loading:
// when nothing is in flight and nothing moved for this long already, there is no wait at all.
const IDLE_QUIET_MS = 150;

const withTimeout = <T>(p: Promise<T>, ms: number, what: string): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new VigilError('VGL_CAPTURE_FAILED', `${what} did not finish within ${ms} ms`)), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e: unknown) => (clearTimeout(t), reject(e)),
    );
  });

const firstLine = (e: unknown): string => String((e as Error)?.message ?? e).split('\n')[0];

export async function runSession(s: SessionInput): Promise<SessionCapture> {
  const { ctx, page, url, lim, log, clock, signal } = s;
  const limits = new Set<LimitName>();
  const rec = startRecorder(ctx, { maxResponseBytes: lim.maxResponseBytes, maxTotalBytes: lim.maxTotalBytes, log });
  const cdpReady = ctx.newCDPSession(page); // for the screenshots and MHTML; made while the page loads
  cdpReady.catch(() => undefined);
  // The clock starts at navigation: browser/page start-up is not the page's behaviour.
  const t0 = Date.now();
  const deadline = t0 + lim.totalTimeout;
  const remaining = (): number => deadline - Date.now();
  const onAbort = (): void => void ctx.close().catch(() => undefined);
  signal?.addEventListener('abort', onAbort, { once: true });

  try {
    // Phase 1: navigation (until the response commits, then until `load`, both bounded).
    const navBudget = Math.min(lim.navigationTimeout, remaining());
    let response;
    try {
      response = await clock.time('navigation', () => page.goto(url, { waitUntil: 'commit', timeout: navBudget }));
    } catch (e) {
      // Before the page commits, only its navigation (and redirect hops) can have been refused.
      const blocked = s.refused();
      const refused = blocked.find((b) => b.reason === 'private_address');
      if (refused) {
        throw new VigilError('VGL_FETCH_BLOCKED_ADDRESS', `refusing ${url}: the page or a redirect went to ${refused.url}, a private, loopback or link-local address; list it in network.allowPrivate only if Vigil must reach it`, { details: { blocked } });
      }
      throw new VigilError('VGL_CAPTURE_FAILED', `navigation to ${url} failed: ${firstLine(e)}`, { cause: e });
    }
    if (!response) throw new VigilError('VGL_CAPTURE_FAILED', `navigation to ${url} returned no response`);
    const loadBudget = Math.min(lim.navigationTimeout - (Date.now() - t0), remaining());
    try {
      await clock.time('navigation', () => page.waitForLoadState('load', { timeout: Math.max(1, loadBudget) }));
    } catch {
      limits.add(remaining() <= 0 ? 'totalTimeout' : 'navigationTimeout');
    }

    // Phase 2: scroll for lazy content, then let the network settle.
    let scrolls = 0;
    if (remaining() > 0 && !limits.has('navigationTimeout')) {
      const r = await clock.time('scroll', () => autoScroll(page, rec, lim.maxScrolls, remaining));
      scrolls = r.scrolls;
      if (!r.reachedEnd) limits.add(remaining() <= 0 ? 'totalTimeout' : 'maxScrolls');
    }
    const idleBudget = Math.max(0, Math.min(lim.networkIdleTimeout, remaining()));
    const networkIdle = await clock.time('network_idle', () => rec.waitForIdle(IDLE_QUIET_MS, idleBudget));
    if (!networkIdle) limits.add(remaining() <= 0 ? 'totalTimeout' : 'networkIdleTimeout');
    if (remaining() <= 0) limits.add('totalTimeout');

    // Phase 3: snapshot, all three of the same moment (the screenshot leaves the DOM untouched).
    // Without a screenshot and a DOM there is no capture; MHTML is best effort.
    const cdp = await withTimeout(cdpReady, lim.snapshotTimeout, 'the DevTools session');
    const [shotR, htmlR, mhtmlR] = await Promise.allSettled([
      // Bounded as a whole: a page whose script never yields never answers the measuring evaluate().
      clock.time('screenshot', () => withTimeout(screenshot(page, cdp, lim.maxScreenshotHeight, lim.screenshotEncoding), lim.snapshotTimeout, 'the screenshot')),
      clock.time('dom', () => withTimeout(page.content(), lim.snapshotTimeout, 'reading the DOM')),
      clock.time('mhtml', () => withTimeout(cdp.send('Page.captureSnapshot', { format: 'mhtml' }), lim.snapshotTimeout, 'MHTML snapshot')),
    ]);
    if (shotR.status === 'rejected' || htmlR.status === 'rejected') {
      const e = shotR.status === 'rejected' ? shotR.reason : (htmlR as PromiseRejectedResult).reason;
      throw new VigilError('VGL_CAPTURE_FAILED', `no screenshot/DOM for ${url}: ${firstLine(e)}`, { cause: e });
    }
    const shot = shotR.value;
    const html = htmlR.value;
    if (shot.truncated) limits.add('maxScreenshotHeight');
    let mhtml: Buffer | null = null;
    if (mhtmlR.status === 'fulfilled') mhtml = Buffer.from(mhtmlR.value.data, 'utf8');
    else log.warn({ err: mhtmlR.reason }, 'mhtml snapshot failed');
    const finalUrl = page.url();
    let mobileShot: Shot | null = null;
    if (lim.mobileViewport) {
      const mv = lim.mobileViewport;
      mobileShot = await clock.time('mobile', async () => {
        await page.setViewportSize(mv);
        return withTimeout(screenshot(page, cdp, lim.maxScreenshotHeight, lim.screenshotEncoding), lim.snapshotTimeout, 'the mobile screenshot');
      }).catch((e: unknown) => (log.warn({ err: e }, 'mobile screenshot failed'), null));
    }
    void cdp.detach().catch(() => undefined);

    // Phase 4: the recorded traffic (bodies still being read), the main response and its redirects.
    const [traffic, redirects, responseHeaders, requestHeaders] = await Promise.all([
      clock.time('traffic', () => rec.finish(BODY_SETTLE_MS)),
      (async () => {
        const chain: SessionCapture['redirects'] = [];
        for (let r = response.request().redirectedFrom(); r; r = r.redirectedFrom()) {
          const resp = await r.response();
          chain.unshift({ url: r.url(), status: resp?.status() ?? 0, location: (await resp?.headerValue('location')) ?? '' });
        }
        return chain;
      })(),
      response.allHeaders(),
      response.request().allHeaders(),
    ]);
    if (traffic.exchanges.some((x) => x.truncated && x.body !== null)) limits.add('maxResponseBytes');
    if (traffic.overBudget > 0) limits.add('maxTotalBytes');
    return {
      url,
      finalUrl,
      status: response.status(),
      statusText: response.statusText(),
      responseHeaders,
      requestHeaders,
      redirects,
      html,
      mhtml,
      shot,
      mobileShot,
      traffic,
      limits: [...limits],
      scrolls,
      networkIdle,
    };
  } catch (e) {
    if (signal?.aborted) throw new VigilError('VGL_CAPTURE_FAILED', `capture of ${url} was aborted`, { cause: e });
    throw e;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
}
