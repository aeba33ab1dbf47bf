// Public API of the browser capture engine.
//   const c = createCapturer({ settings, log, putBlob }); const r = await c.capture(url); await c.close();
// The result holds what a CaptureManifest needs; the caller writes the manifest.
import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { Settings } from '../config/schema.js';
import type { ArtifactRef, CaptureManifest } from '../archive/types.js';
import { VigilError } from '../errors.js';
import { assertPublicUrl, type LookupFn } from './net-guard.js';
import { isBlockedHost, type BlockedRequest, type GuardConfig } from './request-guard.js';
import { createBrowserPool } from './browser-pool.js';
import { startEgressProxy } from './egress-proxy.js';
import { noSandbox, planSandbox } from './sandbox.js';
import { runSession } from './session.js';
import { packageCapture } from './package.js';
import { renderPage, type RenderedPage, type RenderOptions } from './render.js';

export { assertPublicUrl, assertHttpUrl, checkAtDoor, isPrivateAddress, resolveAllowed, guardedLookup, type LookupFn, type GuardOptions } from './net-guard.js';
export { CHROMIUM_ARGS, browserArgs, createBrowserPool, type BrowserPool } from './browser-pool.js';
export { startEgressProxy, type EgressProxy } from './egress-proxy.js';
export { extractMeta, extractText, extractMediaLinks } from './extract.js';
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
}

export interface Capturer {
  /** Vigil's version, as written in each manifest's tool. */
  readonly version: string;
  capture(url: string, opts?: CaptureOptions): Promise<CaptureResult>;
  /** A page as a fetch planned `via: 'browser'` needs it: HTML after load, main response metadata (render.ts). */
  render(url: string, opts: RenderOptions): Promise<RenderedPage>;
  close(): Promise<void>;
}

const MAX_MEDIA = 50;

function vigilVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export function createCapturer(deps: CapturerDeps): Capturer {
  const cs = deps.settings.capture;
  const net = deps.settings.network;
  const log = deps.log.child({ component: 'capture' });
  const version = deps.version ?? vigilVersion();
  const guard: GuardConfig = { allowPrivate: net.allowPrivate, blockHosts: cs.blockHosts, lookup: deps.lookup, log };

  const egress = (l: Logger, onRefused?: (b: BlockedRequest) => void) =>
    startEgressProxy({ guard: { allowPrivate: net.allowPrivate, lookup: deps.lookup }, blockHosts: cs.blockHosts, log: l, onRefused, connectTimeoutMs: cs.navigationTimeout });
  // Decided once, at start: a missing sandbox is logged here, once (sandbox.ts).
  const sandbox = deps.sandbox ? noSandbox({ chromiumPath: cs.chromiumPath, log }, deps.sandbox.reason) : planSandbox({ chromiumPath: cs.chromiumPath, user: cs.browserUser, log });
  const pool = createBrowserPool({
    settings: cs,
    log,
    sandbox,
    // The browser-wide proxy: a backstop for anything outside a capture's own context.
    startProxy: () => egress(log),
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
    // Each capture's context has its own proxy, so what it refused is this capture's record.
    const blocked: BlockedRequest[] = [];
    const proxy = await egress(jlog, (b) => blocked.push(b));
    const { raw, browser, sandboxed } = await pool
      .withContext(
        { viewport: cs.viewport, userAgent: net.userAgent, acceptDownloads: false, serviceWorkers: 'block', ignoreHTTPSErrors: false, proxy: { server: proxy.url } },
        async (ctx, info) => ({
          browser: info.browserVersion,
          sandboxed: info.sandbox,
          raw: await runSession(
            ctx,
            parsed.href,
            { ...cs, userAgent: net.userAgent, maxMedia: MAX_MEDIA, mobileViewport: cs.mobileViewport },
            guard,
            blocked,
            jlog,
            opts.signal,
          ),
        }),
      )
      .finally(() => proxy.close());
    const finishedAt = new Date().toISOString();
    const tool = { name: 'vigil', version, browser: `Chromium/${browser}`, userAgent: net.userAgent };
    const pkg = await packageCapture(raw, { tool, sandbox: sandboxed, viewport: cs.viewport, mobileViewport: cs.mobileViewport, startedAt, finishedAt });
    const artifacts: ArtifactRef[] = [];
    for (const a of pkg.artifacts) {
      const { sha256, size } = await deps.putBlob(a.bytes, a.type);
      artifacts.push({ name: a.name, sha256, size, type: a.type, ...(a.truncated ? { truncated: true } : {}), ...(a.sourceUrl ? { sourceUrl: a.sourceUrl } : {}) });
    }
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
    };
  };

  const render = (url: string, o: RenderOptions): Promise<RenderedPage> =>
    renderPage({ pool, egress: (onRefused) => egress(log.child({ url }), onRefused), guard: { allowPrivate: net.allowPrivate, lookup: deps.lookup }, blockHosts: cs.blockHosts, context: { viewport: cs.viewport, userAgent: net.userAgent }, log }, url, o);

  return { version, capture, render, close: () => pool.close() };
}
