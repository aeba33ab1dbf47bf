// One browser capture session: navigate, scroll, wait for idle, snapshot (screenshot, DOM,
// MHTML), collect traffic and media. Every phase is bounded; limits hit are listed so the
// caller can mark the capture `partial`. Returns raw material; package.ts turns it into artifacts.
import type { BrowserContext, Page } from 'playwright-core';
import type { Logger } from 'pino';
import { VigilError } from '../errors.js';
import { startRecorder, type RecordedTraffic } from './recorder.js';
import { judgeRequest, guardOptions, type BlockedRequest, type GuardConfig } from './request-guard.js';
import { autoScroll, screenshot, type Shot } from './behaviour.js';
import { extractMediaLinks, type MediaLink } from './extract.js';
import { fetchMedia } from './media.js';
import type { HttpExchange } from './types.js';
import { phaseClock, type PhaseClock } from './phases.js';

export interface SessionLimits {
  maxScreenshotHeight: number;
  maxScrolls: number;
  navigationTimeout: number;
  networkIdleTimeout: number;
  totalTimeout: number;
  maxResponseBytes: number;
  /** Bodies + media kept per capture (capture.maxTotalBytes); unbounded when absent. */
  maxTotalBytes?: number;
  mobileViewport?: { width: number; height: number };
  userAgent: string;
  maxMedia: number;
}

export type LimitName = 'navigationTimeout' | 'totalTimeout' | 'networkIdleTimeout' | 'maxScrolls' | 'maxScreenshotHeight' | 'maxResponseBytes' | 'maxTotalBytes';

export interface RawCapture {
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
  media: Array<MediaLink & { exchange?: HttpExchange; skipped?: string }>;
  blocked: BlockedRequest[];
  limits: LimitName[];
  scrolls: number;
  networkIdle: boolean;
}

// The snapshot phase runs even after totalTimeout so a hung page still yields evidence.
const SNAPSHOT_TIMEOUT_MS = 30_000;
const BODY_SETTLE_MS = 5_000;

const withTimeout = <T>(p: Promise<T>, ms: number, what: string): Promise<T> =>
  new Promise<T>((resolve, reject) => {
    const t = setTimeout(() => reject(new VigilError('VGL_CAPTURE_FAILED', `${what} did not finish within ${ms} ms`)), ms);
    p.then(
      (v) => (clearTimeout(t), resolve(v)),
      (e: unknown) => (clearTimeout(t), reject(e)),
    );
  });

/**
 * `ctx` sends all its traffic through the egress proxy, which pushes each refusal into `blocked`
 * (a live list): the session only reads it, to say why a navigation failed.
 */
export async function runSession(
  ctx: BrowserContext,
  url: string,
  lim: SessionLimits,
  guard: GuardConfig,
  blocked: BlockedRequest[],
  log: Logger,
  signal?: AbortSignal,
  clock: PhaseClock = phaseClock(),
): Promise<RawCapture> {
  const limits = new Set<LimitName>();
  const rec = startRecorder(ctx, { maxResponseBytes: lim.maxResponseBytes, maxTotalBytes: lim.maxTotalBytes, log });
  const page: Page = await clock.time('context', () => ctx.newPage());
  const cdp = await clock.time('context', () => ctx.newCDPSession(page));
  // The clock starts at navigation: browser/page start-up is not the page's behaviour.
  const t0 = Date.now();
  const deadline = t0 + lim.totalTimeout;
  const remaining = (): number => deadline - Date.now();
  const mark = (phase: string): void => log.debug({ phase, ms: Date.now() - t0 }, 'capture phase');
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
      const refused = blocked.find((b) => b.reason === 'private_address');
      if (refused) {
        throw new VigilError('VGL_FETCH_BLOCKED_ADDRESS', `refusing ${url}: the page or a redirect went to ${refused.url}, a private, loopback or link-local address; list it in network.allowPrivate only if Vigil must reach it`, { details: { blocked: [...blocked] } });
      }
      throw new VigilError('VGL_CAPTURE_FAILED', `navigation to ${url} failed: ${String((e as Error).message).split('\n')[0]}`, { cause: e });
    }
    if (!response) throw new VigilError('VGL_CAPTURE_FAILED', `navigation to ${url} returned no response`);
    const loadBudget = Math.min(lim.navigationTimeout - (Date.now() - t0), remaining());
    try {
      await clock.time('navigation', () => page.waitForLoadState('load', { timeout: Math.max(1, loadBudget) }));
    } catch {
      limits.add(remaining() <= 0 ? 'totalTimeout' : 'navigationTimeout');
    }

    mark('loaded');
    // Phase 2: scroll for lazy content, then let the network settle.
    let scrolls = 0;
    if (remaining() > 0 && !limits.has('navigationTimeout')) {
      const s = await clock.time('scroll', () => autoScroll(page, rec, lim.maxScrolls, remaining));
      scrolls = s.scrolls;
      if (!s.reachedEnd) limits.add(remaining() <= 0 ? 'totalTimeout' : 'maxScrolls');
    }
    const idleBudget = Math.max(0, Math.min(lim.networkIdleTimeout, remaining()));
    const networkIdle = await clock.time('network_idle', () => rec.waitForIdle(300, idleBudget));
    if (!networkIdle) limits.add(remaining() <= 0 ? 'totalTimeout' : 'networkIdleTimeout');
    if (remaining() <= 0) limits.add('totalTimeout');

    mark('settled');
    // Phase 3: snapshot. Without a screenshot and a DOM there is no capture.
    let html: string;
    let shot: Shot;
    try {
      shot = await clock.time('screenshot', () => screenshot(page, lim.maxScreenshotHeight, SNAPSHOT_TIMEOUT_MS));
      html = await clock.time('dom', () => withTimeout(page.content(), SNAPSHOT_TIMEOUT_MS, 'reading the DOM'));
    } catch (e) {
      throw new VigilError('VGL_CAPTURE_FAILED', `no screenshot/DOM for ${url}: ${String((e as Error).message).split('\n')[0]}`, { cause: e });
    }
    if (shot.truncated) limits.add('maxScreenshotHeight');
    mark('screenshot+dom');
    const mhtml = await clock.time('mhtml', () => withTimeout(cdp.send('Page.captureSnapshot', { format: 'mhtml' }), SNAPSHOT_TIMEOUT_MS, 'MHTML snapshot')
      .then((r) => Buffer.from(r.data, 'utf8'))
      .catch((e: unknown) => (log.warn({ err: e }, 'mhtml snapshot failed'), null)));
    mark('mhtml');
    let mobileShot: Shot | null = null;
    if (lim.mobileViewport) {
      await page.setViewportSize(lim.mobileViewport);
      mobileShot = await clock.time('mobile', () => screenshot(page, lim.maxScreenshotHeight, SNAPSHOT_TIMEOUT_MS).catch((e: unknown) => (log.warn({ err: e }, 'mobile screenshot failed'), null)));
    }

    mark('mobile');
    // Phase 4: traffic and directly linked media.
    const finalUrl = page.url();
    const traffic = await rec.finish(BODY_SETTLE_MS);
    if (traffic.exchanges.some((x) => x.truncated && x.body !== null)) limits.add('maxResponseBytes');
    const { media, overBudget } = await clock.time('media', () => collectMedia(html, finalUrl, traffic, lim, guard, signal));
    if (traffic.overBudget > 0 || overBudget) limits.add('maxTotalBytes');
    mark('traffic+media');
    const chain: RawCapture['redirects'] = [];
    for (let r = response.request().redirectedFrom(); r; r = r.redirectedFrom()) {
      const resp = await r.response();
      chain.unshift({ url: r.url(), status: resp?.status() ?? 0, location: (await resp?.headerValue('location')) ?? '' });
    }
    return {
      url,
      finalUrl,
      status: response.status(),
      statusText: response.statusText(),
      responseHeaders: await response.allHeaders(),
      requestHeaders: await response.request().allHeaders(),
      redirects: chain,
      html,
      mhtml,
      shot,
      mobileShot,
      traffic,
      media,
      blocked: [...blocked],
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

async function collectMedia(
  html: string,
  finalUrl: string,
  traffic: RecordedTraffic,
  lim: SessionLimits,
  guard: GuardConfig,
  signal?: AbortSignal,
): Promise<{ media: RawCapture['media']; overBudget: boolean }> {
  const links = extractMediaLinks(html, finalUrl).slice(0, lim.maxMedia);
  const out: RawCapture['media'] = [];
  // Media fetched here count against the same budget as the recorded bodies.
  let left = (lim.maxTotalBytes ?? Infinity) - traffic.keptBytes;
  let overBudget = false;
  for (const link of links) {
    const seen = traffic.exchanges.find((x) => x.url === link.url && x.status === 200 && x.body && !x.truncated);
    if (seen) {
      out.push({ ...link, exchange: seen });
      continue;
    }
    if (left <= 0) {
      out.push({ ...link, skipped: 'capture.maxTotalBytes reached' });
      overBudget = true;
      continue;
    }
    // Not loaded, only a byte range (206), or cut: fetch it once more, capped.
    const cap = Math.min(lim.maxResponseBytes, left);
    const r = await fetchMedia(link.url, {
      maxBytes: cap,
      timeoutMs: Math.min(lim.navigationTimeout, 60_000),
      userAgent: lim.userAgent,
      referer: finalUrl,
      judge: (u) => judgeRequest(u, guard),
      guard: guardOptions(guard),
      signal,
    });
    if (r.ok && r.exchange.truncated && cap < lim.maxResponseBytes) {
      // Cut by the budget, not by maxResponseBytes: say so, and fetch nothing more.
      overBudget = true;
      left = 0;
      out.push({ ...link, exchange: r.exchange, skipped: 'capture.maxTotalBytes reached' });
    } else if (r.ok) {
      left -= r.exchange.body?.length ?? 0;
      out.push({ ...link, exchange: r.exchange });
    } else out.push({ ...link, skipped: r.reason });
  }
  return { media: out, overBudget };
}
