// HTTP fast path: a FetchStep -> the exact bytes + response metadata, redirects followed by hand
// (each hop checked by the SSRF guard and recorded), body capped, timeout, Redis-paced per host.
// The connection pool resolves names through the guard too, so a socket only ever connects to an
// address that passed it (a name that rebinds to loopback after the first check is refused).
import { Agent, request } from 'undici';
import type { Logger } from 'pino';
import { VigilError, isVigilError } from '../errors.js';
import { assertPublicUrl, guardedLookup, type AllowPrivate, type LookupFn } from '../capture/net-guard.js';
import type { FetchedPage, FetchStep } from '../scrapers/types.js';
import type { HostLimiter } from './rate-limit.js';
import { checkAnswer, paceHost } from './answer-policy.js';

export interface NetworkSettings {
  allowPrivate: AllowPrivate;
  userAgent: string;
  timeout: number;
  maxPageBytes: number;
  /** Longest Retry-After honoured (network.maxRetryAfter); default 1 h. */
  maxRetryAfter?: number;
}

export interface FetchResult extends FetchedPage {
  startedAt: string;
  request: { method: string; headers: Record<string, string> };
  redirects: { url: string; status: number; location: string }[];
  /** Set when a browser loaded the page (a step planned `via: 'browser'`): which one, sandboxed or not. */
  browser?: { version: string; sandbox: boolean };
}

export interface FetchOptions {
  signal?: AbortSignal;
  /** Overrides network.maxPageBytes (media use archive.maxMediaBytes). */
  maxBytes?: number;
  /** The platform the request is for: it counts against network.perPlatformRps too. */
  platform?: string;
}

export interface HttpFetcher {
  fetch(step: FetchStep, opts?: FetchOptions): Promise<FetchResult>;
  close(): Promise<void>;
}

/** The same fetcher, every request counted against `platform`'s shared budget (one per job). */
export const forPlatform = (f: HttpFetcher, platform: string): HttpFetcher => ({
  fetch: (step, opts = {}) => f.fetch(step, { ...opts, platform: opts.platform ?? platform }),
  close: () => f.close(),
});

export interface HttpFetcherDeps {
  network: NetworkSettings;
  log: Logger;
  limiter?: HostLimiter;
  /** Keep-alive connections per origin. */
  connections?: number;
  maxRedirects?: number;
  /** DNS for the guard (tests: a resolver that changes its answer). Defaults to the system's. */
  lookup?: LookupFn;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (ms <= 0) return resolve();
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), reject(signal.reason)), { once: true });
  });

function flatHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  return out;
}

// A platform's own request headers (FetchStep.headers), never ones that carry credentials or route
// the request: sessions are the sessions component's business, and Host is the URL's.
const NOT_FROM_STEPS = new Set(['cookie', 'authorization', 'proxy-authorization', 'host', 'content-length', 'connection', 'transfer-encoding']);

function withStepHeaders(base: Record<string, string>, extra: Readonly<Record<string, string>> | undefined): Record<string, string> {
  if (!extra) return base;
  const out = { ...base };
  for (const [k, v] of Object.entries(extra)) if (!NOT_FROM_STEPS.has(k.toLowerCase())) out[k.toLowerCase()] = v;
  return out;
}

export function createHttpFetcher(deps: HttpFetcherDeps): HttpFetcher {
  const { network } = deps;
  const guard = { allowPrivate: network.allowPrivate, lookup: deps.lookup };
  const agent = new Agent({ connections: deps.connections ?? 128, keepAliveTimeout: 30_000, pipelining: 1, connect: { lookup: guardedLookup(guard) } });
  const maxRedirects = deps.maxRedirects ?? 5;
  const reqHeaders = { 'user-agent': network.userAgent, accept: 'text/html,application/xhtml+xml,*/*;q=0.8', 'accept-language': 'en' };

  async function once(url: URL, signal: AbortSignal, maxBytes: number, headers: Record<string, string>, platform?: string) {
    await paceHost(url.host, network.timeout, deps.limiter, (ms) => sleep(ms, signal), platform);
    const res = await request(url, { dispatcher: agent, method: 'GET', headers, signal });
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of res.body as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > maxBytes) {
        res.body.destroy();
        throw new VigilError('VGL_FETCH_FAILED', `${url.href}: body exceeds ${maxBytes} bytes (network.maxPageBytes / archive.maxMediaBytes)`, { details: { tooLarge: true } });
      }
      chunks.push(chunk);
    }
    return { status: res.statusCode, headers: flatHeaders(res.headers), body: Buffer.concat(chunks, size) };
  }

  async function fetchStep(step: FetchStep, opts: FetchOptions = {}): Promise<FetchResult> {
    const startedAt = new Date().toISOString();
    const timeout = AbortSignal.timeout(network.timeout);
    const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
    const redirects: FetchResult['redirects'] = [];
    const headers = withStepHeaders(reqHeaders, step.headers);
    let url = await assertPublicUrl(step.url, guard);
    try {
      for (let hop = 0; ; hop++) {
        const r = await once(url, signal, opts.maxBytes ?? network.maxPageBytes, headers, opts.platform);
        if (r.status >= 300 && r.status < 400 && r.headers.location && hop < maxRedirects) {
          const next = new URL(r.headers.location, url);
          redirects.push({ url: url.href, status: r.status, location: next.href });
          url = await assertPublicUrl(next, guard);
          continue;
        }
        await checkAnswer({ url: step.url, at: url, status: r.status, headers: r.headers }, network.maxRetryAfter, deps.limiter);
        return { url: step.url, finalUrl: url.href, status: r.status, headers: r.headers, body: r.body, fetchedAt: new Date().toISOString(), purpose: step.purpose, startedAt, request: { method: 'GET', headers }, redirects };
      }
    } catch (e) {
      if (isVigilError(e)) throw e;
      // Refused by the connect-time lookup: the name resolved somewhere else than when checked.
      if (isVigilError((e as Error).cause)) throw (e as Error).cause;
      if (timeout.aborted) throw new VigilError('VGL_FETCH_TIMEOUT', `${step.url}: no complete answer within ${network.timeout}ms`, { cause: e });
      if (opts.signal?.aborted) throw e; // the job was cancelled: not a platform failure
      throw new VigilError('VGL_FETCH_FAILED', `${step.url}: ${(e as Error).message}`, { cause: e });
    }
  }

  return { fetch: fetchStep, close: () => agent.close() };
}
