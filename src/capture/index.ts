// Public API of the browser capture engine.
//   const c = createCapturer({ settings, log, putBlob }); const r = await c.capture(url); await c.close();
// The result holds what a CaptureManifest needs; the caller writes the manifest.
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import pLimit from 'p-limit';
import type { Settings } from '../config/schema.js';
import type { ArtifactRef, CaptureManifest } from '../archive/types.js';
import { VigilError } from '../errors.js';
import { assertPublicUrl, type LookupFn } from './net-guard.js';
import { isBlockedHost, type BlockedRequest, type GuardConfig } from './request-guard.js';
import { createBrowserPool } from './browser-pool.js';
import { startEgressProxy } from './egress-proxy.js';
import { noSandbox, planSandbox } from './sandbox.js';
import { runSession, snapshotAllowance, type RawCapture, type SessionLimits } from './session.js';
import { collectMedia } from './collect-media.js';
import { captureContextFactory, type CaptureContextExtra } from './context.js';
import { settleAddresses } from './upstream.js';
import { extractAll } from './extract.js';
import { packageCapture } from './package.js';
import { phaseClock, type PhaseTimings } from './phases.js';
import { renderPage, type RenderedPage, type RenderOptions } from './render.js';

export { PHASES, medianPhases, type Phase, type PhaseTimings } from './phases.js';

export { assertPublicUrl, assertHttpUrl, checkAtDoor, isPrivateAddress, resolveAllowed, guardedLookup, type LookupFn, type GuardOptions } from './net-guard.js';
export { CHROMIUM_ARGS, browserArgs, createBrowserPool, type BrowserPool } from './browser-pool.js';
export { startEgressProxy, type EgressProxy } from './egress-proxy.js';
export { extractMeta, extractText, extractMediaLinks, extractAll } from './extract.js';
export { renderPage, type RenderedPage, type RenderOptions } from './render.js';

export type PutBlob = (bytes: Buffer, type: string) => Promise<{ sha256: string; size: number }>;

export interface CapturerDeps {
  settings: Pick<Settings, 'capture' | 'network'>;
  log: Logger;
  putBlob: PutBlob;
  /** DNS used by the address guard and the egress proxy (tests map a name to an address). */
  lookup?: LookupFn;
  /** Extra Chromium flags (tests only). */
  extraBrowserArgs?: string[];
  /** Overrides the sandbox probe (tests of the no-sandbox path). */
  sandbox?: { available: false; reason: string };
  /** Defaults to the version in package.json. */
  version?: string;
}

export interface CaptureOptions {
  target?: string;
  signal?: AbortSignal;
}

export interface CaptureResult {
  kind: 'browser';
  url: string;
  target?: string;
  status: 'done' | 'partial';
  artifacts: ArtifactRef[];
  metadata: Record<string, unknown>;
  request: NonNullable<CaptureManifest['request']>;
  response: NonNullable<CaptureManifest['response']>;
  tool: CaptureManifest['tool'];
  browser: NonNullable<CaptureManifest['browser']>;
  startedAt: string;
  finishedAt: string;
  /** Milliseconds per phase (phases.ts); not part of the manifest. */
  timings: PhaseTimings;
}

export interface Capturer {
  /** Vigil's version, as written in each manifest's tool. */
  readonly version: string;
  capture(url: string, opts?: CaptureOptions): Promise<CaptureResult>;
  /** A page as a fetch planned `via: 'browser'` needs it: HTML after load, main response metadata (render.ts). */
  render(url: string, opts: RenderOptions): Promise<RenderedPage>;
  /**
   * Resolves once nothing runs in the background: the next warm context made, contexts of
   * finished captures closed with their proxies, retired browsers gone (a capture's packaging
   * is done when capture() returns). The bench times each capture from here.
   */
  settled(): Promise<void>;
  close(): Promise<void>;
}

const MAX_MEDIA = 50;

/**
 * Hard stop of a capture's browser part: its phases have their own timeouts (totalTimeout, then
 * the snapshot phases that still run after it), but a page can keep the renderer so busy that a
 * call without its own timeout never returns. Past this the pool closes the context under the job.
 */
export const browserDeadline = (totalTimeout: number, snapshotTimeout: number): number => totalTimeout + snapshotAllowance(snapshotTimeout);

function vigilVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

// Contexts kept ready per browser (each: a proxy, a context, a blank page). One is enough: a
// replacement is made while a capture runs, well before the next one needs it.
const WARM_CONTEXTS = 1;
const UPLOADS_AT_ONCE = 4;

export function createCapturer(deps: CapturerDeps): Capturer {
  const cs = deps.settings.capture;
  const net = deps.settings.network;
  const log = deps.log.child({ component: 'capture' });
  const version = deps.version ?? vigilVersion();
  const guard: GuardConfig = { allowPrivate: net.allowPrivate, blockHosts: cs.blockHosts, lookup: deps.lookup, log };
  const lim: SessionLimits = { ...cs, userAgent: net.userAgent, maxMedia: MAX_MEDIA, mobileViewport: cs.mobileViewport };

  const egress = (keepLog: boolean, o: { log?: Logger; onRefused?: (b: BlockedRequest) => void; upstream?: string } = {}) =>
    startEgressProxy({ guard: { allowPrivate: net.allowPrivate, lookup: deps.lookup }, blockHosts: cs.blockHosts, log: o.log ?? log, keepLog, onRefused: o.onRefused, connectTimeoutMs: cs.navigationTimeout, ...(o.upstream ? { upstream: o.upstream } : {}) });
  // Decided once, at start: a missing sandbox is logged here, once (sandbox.ts).
  const sandbox = deps.sandbox ? noSandbox({ chromiumPath: cs.chromiumPath, log }, deps.sandbox.reason) : planSandbox({ chromiumPath: cs.chromiumPath, user: cs.browserUser, log });
  const pool = createBrowserPool<CaptureContextExtra>({
    settings: cs,
    log,
    sandbox,
    // The browser-wide proxy: a backstop for anything outside a capture's own context.
    startProxy: () => egress(false),
    // Each capture's context has its own proxy, so what it refused and where it connected are this capture's record.
    prepare: captureContextFactory({
      startProxy: () => egress(true),
      options: { viewport: cs.viewport, userAgent: net.userAgent, acceptDownloads: false, serviceWorkers: 'block', ignoreHTTPSErrors: false },
    }),
    warm: WARM_CONTEXTS,
    launch: deps.extraBrowserArgs?.length
      ? async (o) => (await import('playwright-core')).chromium.launch({ ...o, args: [...o.args, ...(deps.extraBrowserArgs ?? [])], headless: true })
      : undefined,
  });

  const capture = async (url: string, opts: CaptureOptions = {}): Promise<CaptureResult> => {
    const parsed = await assertPublicUrl(url, { allowPrivate: net.allowPrivate, lookup: deps.lookup });
    if (isBlockedHost(parsed.hostname, cs.blockHosts)) {
      throw new VigilError('VGL_FETCH_BLOCKED_ADDRESS', `refusing ${url}: host is listed in capture.blockHosts`);
    }
    const jlog = log.child({ url: parsed.href, target: opts.target });
    const startedAt = new Date().toISOString();
    const clock = phaseClock();
    const t0 = performance.now();
    // The browser part; the context (and its proxy) is released as soon as the page is read.
    const { session, net: seen, browser, sandboxed, closed } = await pool.withPrepared(async (p, info) => {
      clock.add('context', performance.now() - t0);
      const { proxy, page } = p.extra;
      const session = await runSession({ ctx: p.ctx, page, url: parsed.href, lim, refused: () => proxy.refused(), log: jlog, clock, signal: opts.signal });
      const seen = { blocked: proxy.refused(), upstreams: proxy.upstreams(), dropped: proxy.dropped(), proxy: { address: new URL(proxy.url).hostname, port: proxy.port } };
      // The context and its proxy close while the capture is packaged (the pool frees the slot at once).
      return { session, net: seen, browser: info.browserVersion, sandboxed: info.sandbox, closed: p.dispose() };
    }, { deadlineMs: browserDeadline(cs.totalTimeout, cs.snapshotTimeout) });
    const finishedAt = new Date().toISOString();

    // Off the browser: media it did not load in full, where each response came from, packaging, upload.
    const settled = settleAddresses(session.traffic.exchanges, seen.upstreams, seen.proxy);
    const traffic = { ...session.traffic, exchanges: settled.exchanges };
    const t = performance.now();
    const extracted = extractAll(session.html, session.finalUrl);
    clock.add('extract', performance.now() - t);
    const { media, overBudget } = await clock.time('media', () => collectMedia(extracted.links, session.finalUrl, traffic, lim, guard, opts.signal));
    const limits = overBudget && !session.limits.includes('maxTotalBytes') ? [...session.limits, 'maxTotalBytes' as const] : session.limits;
    const raw: RawCapture = { ...session, limits, traffic, media, blocked: seen.blocked };
    const tool = { name: 'vigil', version, browser: `Chromium/${browser}`, userAgent: net.userAgent };
    const pkg = await packageCapture(
      raw,
      extracted,
      { tool, sandbox: sandboxed, viewport: cs.viewport, mobileViewport: cs.mobileViewport, startedAt, finishedAt, unattributed: settled.unattributed, proxyLogDropped: seen.dropped },
      clock,
    );
    // A few uploads at a time (each is a round trip to the store); the manifest keeps the order.
    const upload = pLimit(UPLOADS_AT_ONCE);
    const artifacts: ArtifactRef[] = await clock.time('upload', () =>
      Promise.all(
        pkg.artifacts.map((a) =>
          upload(async () => {
            const { sha256, size } = await deps.putBlob(a.bytes, a.type);
            return { name: a.name, sha256, size, type: a.type, ...(a.truncated ? { truncated: true } : {}), ...(a.sourceUrl ? { sourceUrl: a.sourceUrl } : {}) };
          }),
        ),
      ),
    );
    await clock.time('close', () => closed); // long done, normally
    clock.add('total', performance.now() - t0);
    const status = raw.limits.length > 0 ? 'partial' : 'done';
    jlog.info({ status, limits: raw.limits, artifacts: artifacts.length, requests: raw.traffic.exchanges.length }, 'captured');
    return {
      kind: 'browser',
      url: parsed.href,
      target: opts.target,
      status,
      artifacts,
      metadata: pkg.metadata,
      request: { method: 'GET', headers: raw.requestHeaders },
      response: { status: raw.status, headers: raw.responseHeaders, finalUrl: raw.finalUrl },
      tool,
      browser: { sandbox: sandboxed },
      startedAt,
      finishedAt,
      timings: clock.timings,
    };
  };

  const render = (url: string, o: RenderOptions): Promise<RenderedPage> =>
    renderPage({ pool, egress: (onRefused, upstream) => egress(false, { log: log.child({ url }), onRefused, upstream }), guard: { allowPrivate: net.allowPrivate, lookup: deps.lookup }, blockHosts: cs.blockHosts, context: { viewport: cs.viewport, userAgent: net.userAgent }, log }, url, o);

  return { version, capture, render, settled: () => pool.settled(), close: () => pool.close() };
}
