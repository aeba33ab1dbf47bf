// A page fetched by the browser for a FetchStep planned `via: 'browser'` (a platform whose public
// view needs script): loaded in a fresh context of the browser pool, all its traffic through its
// own egress proxy (the same SSRF guard as every capture), and handed back like an HTTP fetch: the
// page's HTML after `load` (or, for a non-HTML answer, the main response's own bytes) with the
// status, headers, final URL and redirect hops of the main response. Bounded like an HTTP fetch
// (network.timeout, network.maxPageBytes). No screenshot, no scrolling: that is what captures do.
import type { Logger } from 'pino';
import type { BrowserContextOptions } from 'playwright-core';
import { VigilError } from '../errors.js';
import type { BrowserPool } from './browser-pool.js';
import type { EgressProxy } from './egress-proxy.js';
import { assertPublicUrl, type GuardOptions } from './net-guard.js';
import { isBlockedHost, type BlockedRequest } from './request-guard.js';

export interface RenderedPage {
  url: string;
  finalUrl: string;
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  startedAt: string;
  fetchedAt: string;
  request: { method: string; headers: Record<string, string> };
  redirects: { url: string; status: number; location: string }[];
  browser: { version: string; sandbox: boolean };
}

export interface RenderOptions {
  timeoutMs: number;
  maxBytes: number;
  signal?: AbortSignal;
  /** The vantage's http:// proxy the page's traffic leaves through (after the guard), if not direct. */
  upstream?: string;
  /** A logged-in session's cookies and localStorage (Playwright storageState) loaded into the context. */
  storageState?: Exclude<BrowserContextOptions['storageState'], string | undefined>;
}

/** What a recorded header carrying a session becomes. */
const REDACTED = '[redacted]';
const redact = (h: Record<string, string>, names: readonly string[]): Record<string, string> =>
  Object.fromEntries(Object.entries(h).map(([k, v]) => [k, names.includes(k.toLowerCase()) ? REDACTED : v]));

export interface RenderDeps {
  pool: Pick<BrowserPool, 'withContext'>;
  /** A proxy for this one page; `onRefused` hears every request it refuses. */
  egress: (onRefused: (b: BlockedRequest) => void, upstream?: string) => Promise<EgressProxy>;
  guard: GuardOptions;
  blockHosts: readonly string[];
  context: Pick<BrowserContextOptions, 'viewport' | 'userAgent'>;
  log: Logger;
}

export async function renderPage(d: RenderDeps, url: string, o: RenderOptions): Promise<RenderedPage> {
  const parsed = await assertPublicUrl(url, d.guard);
  if (isBlockedHost(parsed.hostname, d.blockHosts)) throw new VigilError('VGL_FETCH_BLOCKED_ADDRESS', `refusing ${url}: host is listed in capture.blockHosts`);
  const startedAt = new Date().toISOString();
  const deadline = Date.now() + o.timeoutMs;
  const blocked: BlockedRequest[] = [];
  const proxy = await d.egress((b) => blocked.push(b), o.upstream);
  try {
    return await d.pool.withContext(
      { ...d.context, acceptDownloads: false, serviceWorkers: 'block', ignoreHTTPSErrors: false, proxy: { server: proxy.url }, ...(o.storageState ? { storageState: o.storageState } : {}) },
      async (ctx, info) => {
        const onAbort = (): void => void ctx.close().catch(() => undefined);
        o.signal?.addEventListener('abort', onAbort, { once: true });
        try {
          const page = await ctx.newPage();
          let response;
          try {
            response = await page.goto(parsed.href, { waitUntil: 'load', timeout: Math.max(1, deadline - Date.now()) });
          } catch (e) {
            if (o.signal?.aborted) throw e;
            const refused = blocked.find((b) => b.reason === 'private_address');
            if (refused) {
              throw new VigilError('VGL_FETCH_BLOCKED_ADDRESS', `refusing ${url}: the page or a redirect went to ${refused.url}, a private, loopback or link-local address; list it in network.allowPrivate only if Vigil must reach it`, { details: { blocked: [...blocked] } });
            }
            if (Date.now() >= deadline) throw new VigilError('VGL_FETCH_TIMEOUT', `${url}: the browser had no loaded page within ${o.timeoutMs}ms`, { cause: e });
            throw new VigilError('VGL_FETCH_FAILED', `${url}: the browser could not load it: ${String((e as Error).message).split('\n')[0]}`, { cause: e });
          }
          if (!response) throw new VigilError('VGL_FETCH_FAILED', `${url}: the browser got no response`);
          const headers = await response.allHeaders();
          // An HTML page is what its script made of it; anything else is kept as sent.
          const html = /html/i.test(headers['content-type'] ?? 'text/html');
          const body = html ? Buffer.from(await page.content(), 'utf8') : await response.body();
          if (body.length > o.maxBytes) {
            throw new VigilError('VGL_FETCH_FAILED', `${url}: rendered page exceeds ${o.maxBytes} bytes (network.maxPageBytes)`, { details: { tooLarge: true } });
          }
          const redirects: RenderedPage['redirects'] = [];
          for (let r = response.request().redirectedFrom(); r; r = r.redirectedFrom()) {
            const resp = await r.response();
            redirects.unshift({ url: r.url(), status: resp?.status() ?? 0, location: (await resp?.headerValue('location')) ?? '' });
          }
          return {
            url,
            finalUrl: page.url(),
            status: response.status(),
            // A logged-in page: the session's cookies never reach the record (nor a refreshed one).
            headers: o.storageState ? redact(headers, ['set-cookie']) : headers,
            body,
            startedAt,
            fetchedAt: new Date().toISOString(),
            request: { method: 'GET', headers: o.storageState ? redact(await response.request().allHeaders(), ['cookie', 'authorization']) : await response.request().allHeaders() },
            redirects,
            browser: { version: info.browserVersion, sandbox: info.sandbox },
          };
        } finally {
          o.signal?.removeEventListener('abort', onAbort);
        }
      },
      // A page whose script never yields would hold page.content() for ever: the job is stopped.
      { deadlineMs: o.timeoutMs + 20_000 },
    );
  } finally {
    await proxy.close().catch((err: unknown) => d.log.warn({ err }, 'egress proxy did not close'));
  }
}
