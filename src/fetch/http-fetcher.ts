// HTTP fast path: a FetchStep -> the exact bytes + response metadata, redirects followed by hand
// (each hop checked by the SSRF guard and recorded), body capped, timeout, Redis-paced per host.
// The connection pool resolves names through the guard too, so a socket only ever connects to an
// address that passed it (a name that rebinds to loopback after the first check is refused).
// Each request goes out from one vantage point (network.vantages: direct, or through a proxy), and
// may carry a logged-in session's cookies: only to the step's own origin (never after a redirect
// to another one), and never into the record (the Cookie header is recorded as redacted, and the
// answer's Set-Cookie too, since it may refresh the session).
// A step may POST (FetchStep.method: a platform API the web client asks by POST): same guard on
// every hop, pacing, timeout and answer cap; the body is bounded (MAX_POST_BYTES) and recorded.
// A 301/302/303 answer to a POST is followed by a GET without body (as browsers do), 307/308 repost.
import { request, type Dispatcher } from 'undici';
import type { Logger } from 'pino';
import { VigilError, isVigilError } from '../errors.js';
import { assertPublicUrl, type AllowPrivate, type LookupFn } from '../capture/net-guard.js';
import type { FetchedPage, FetchStep } from '../scrapers/types.js';
import type { HostLimiter } from './rate-limit.js';
import { checkAnswer, paceHost } from './answer-policy.js';
import { createVantageDispatchers, vantageRef, type Vantage, type VantageRef } from './vantage-dispatch.js';
import type { ActiveSession } from './sessions.js';

export interface NetworkSettings {
  allowPrivate: AllowPrivate;
  userAgent: string;
  timeout: number;
  maxPageBytes: number;
  /** Longest Retry-After honoured (network.maxRetryAfter); default 1 h. */
  maxRetryAfter?: number;
  /** network.vantages (default: one direct vantage). */
  vantages?: readonly Vantage[];
}

/** What a recorded request header is replaced with when it carried a secret. */
export const REDACTED = '[redacted]';

export interface FetchResult extends FetchedPage {
  startedAt: string;
  /** `body`: what a POST step sent (its JSON text), kept so the request can be replayed and checked. */
  request: { method: string; headers: Record<string, string>; body?: string };
  /**
   * Each hop that answered with a redirect, with the method it was sent with: a POST step's
   * 301/302/303 turns the next hop into a GET without body (`request` names the first hop only).
   */
  redirects: { url: string; status: number; location: string; method?: 'GET' | 'POST' }[];
  /** Set when a browser loaded the page (a step planned `via: 'browser'`): which one, sandboxed or not. */
  browser?: { version: string; sandbox: boolean };
  /** The vantage point the request went out from (id and country, never the proxy address). */
  vantage?: VantageRef;
  /** True when a session's cookies went with the request. */
  loggedIn?: boolean;
  /** The session's label (config sessions[].label), when logged in. */
  session?: string;
  /** Request/response headers recorded as REDACTED (they carried the session). */
  redacted?: string[];
}

export interface FetchOptions {
  signal?: AbortSignal;
  /** Overrides network.maxPageBytes (media use archive.maxMediaBytes). */
  maxBytes?: number;
  /** The platform the request is for: it counts against network.perPlatformRps too. */
  platform?: string;
  /**
   * A network.vantages id (default: the first vantage). Probes that must compare what two places see
   * (issue 10: shadow-ban checks) pass it per fetch; polls get theirs from the rotation.
   */
  vantage?: string;
  /** Send this session's cookies (see src/fetch/sessions.ts); workers pick one per step (src/workers/session-fetch.ts). */
  session?: ActiveSession;
  /** Send no session even where one is configured for the step (a probe of the logged-out view). */
  anonymous?: boolean;
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

/** Largest POST body a step may send (a platform API call is a few hundred bytes). */
export const MAX_POST_BYTES = 64 * 1024;

export function createHttpFetcher(deps: HttpFetcherDeps): HttpFetcher {
  const { network } = deps;
  const guard = { allowPrivate: network.allowPrivate, lookup: deps.lookup };
  const vantages = createVantageDispatchers(network.vantages ?? [{ id: 'direct' }], guard, deps.connections ?? 128);
  const maxRedirects = deps.maxRedirects ?? 5;
  const reqHeaders = { 'user-agent': network.userAgent, accept: 'text/html,application/xhtml+xml,*/*;q=0.8', 'accept-language': 'en' };

  async function once(url: URL, signal: AbortSignal, maxBytes: number, headers: Record<string, string>, dispatcher: Dispatcher, platform?: string, post?: string) {
    await paceHost(url.host, network.timeout, deps.limiter, (ms) => sleep(ms, signal), platform);
    const res = await request(url, { dispatcher, method: post === undefined ? 'GET' : 'POST', headers, signal, ...(post === undefined ? {} : { body: post }) });
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
    const { vantage, dispatcher } = vantages.get(opts.vantage);
    const timeout = AbortSignal.timeout(network.timeout);
    const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
    const redirects: FetchResult['redirects'] = [];
    const headers = withStepHeaders(reqHeaders, step.headers);
    let post = postBody(step);
    const sentBody = post;
    let url = await assertPublicUrl(step.url, guard);
    const origin = url.origin;
    let sentCookie = false;
    try {
      for (let hop = 0; ; hop++) {
        // The session's cookies go to the step's own origin only: a redirect elsewhere gets none.
        const cookie = opts.session && url.origin === origin ? opts.session.cookies.header(url.href) : '';
        sentCookie ||= cookie !== '';
        const r = await once(url, signal, opts.maxBytes ?? network.maxPageBytes, cookie ? { ...headers, cookie } : headers, dispatcher, opts.platform, post);
        if (r.status >= 300 && r.status < 400 && r.headers.location && hop < maxRedirects) {
          const next = new URL(r.headers.location, url);
          redirects.push({ url: url.href, status: r.status, location: next.href, method: post === undefined ? 'GET' : 'POST' });
          if (r.status !== 307 && r.status !== 308) post = undefined;
          url = await assertPublicUrl(next, guard);
          continue;
        }
        await checkAnswer({ url: step.url, at: url, status: r.status, headers: r.headers }, network.maxRetryAfter, deps.limiter);
        const session = sentCookie && opts.session ? { loggedIn: true, session: opts.session.label, redacted: ['cookie', ...(r.headers['set-cookie'] ? ['set-cookie'] : [])] } : { loggedIn: false };
        return {
          url: step.url,
          finalUrl: url.href,
          status: r.status,
          headers: sentCookie && r.headers['set-cookie'] ? { ...r.headers, 'set-cookie': REDACTED } : r.headers,
          body: r.body,
          fetchedAt: new Date().toISOString(),
          purpose: step.purpose,
          startedAt,
          request: { method: sentBody === undefined ? 'GET' : 'POST', headers: sentCookie ? { ...headers, cookie: REDACTED } : headers, ...(sentBody === undefined ? {} : { body: sentBody }) },
          redirects,
          vantage: vantageRef(vantage),
          ...session,
        };
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

  return { fetch: fetchStep, close: () => vantages.close() };
}

/** The body a POST step sends (bounded), or undefined for a GET. */
function postBody(step: FetchStep): string | undefined {
  if (step.method !== 'POST') {
    if (step.body !== undefined) throw new VigilError('VGL_BAD_REQUEST', `${step.url}: a request body needs method POST (the step is a GET)`, { details: { url: step.url } });
    return undefined;
  }
  const body = step.body ?? '';
  const size = Buffer.byteLength(body);
  if (size > MAX_POST_BYTES) throw new VigilError('VGL_BAD_REQUEST', `${step.url}: POST body of ${size} bytes exceeds ${MAX_POST_BYTES}`, { details: { url: step.url, size } });
  return body;
}
