// One fetcher for every FetchStep the workers run. `http` steps go to the HTTP fetcher; `browser`
// steps (a platform whose public view needs script) to the browser pool, under the same rules: the
// SSRF guard (in the browser: its egress proxy), per-host pacing, network.timeout,
// network.maxPageBytes, the 429/5xx policy, and the same FetchResult, archived like any fetch.
// A worker without a browser (capture.enabled: false) refuses browser steps with VGL_NOT_ENABLED.
import { VigilError } from '../errors.js';
import type { FetchStep } from '../scrapers/types.js';
import { checkAnswer, paceHost } from './answer-policy.js';
import type { FetchOptions, FetchResult, HttpFetcher, NetworkSettings } from './http-fetcher.js';
import type { HostLimiter } from './rate-limit.js';
import type { SessionCookies } from './session-state.js';
import { vantageRef, type Vantage } from './vantage-dispatch.js';

/** What the browser side offers (src/capture: Capturer.render). */
export interface PageRenderer {
  render(
    url: string,
    opts: { timeoutMs: number; maxBytes: number; signal?: AbortSignal; upstream?: string; storageState?: ReturnType<SessionCookies['forBrowser']> },
  ): Promise<Omit<FetchResult, 'purpose'> & { browser: { version: string; sandbox: boolean } }>;
}

export interface StepFetcherDeps {
  http: HttpFetcher;
  /** Absent where no browser runs (capture disabled on this worker). */
  browser?: PageRenderer;
  network: Pick<NetworkSettings, 'timeout' | 'maxPageBytes' | 'maxRetryAfter'>;
  limiter?: HostLimiter;
  /** network.vantages: a browser step from a proxied vantage leaves through its (http://) proxy. */
  vantages?: readonly Vantage[];
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (ms <= 0) return resolve();
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), reject(signal.reason)), { once: true });
  });

/** The dispatcher: same interface as the HTTP fetcher, so workers hold one `fetcher`. */
export function createStepFetcher(d: StepFetcherDeps): HttpFetcher {
  async function viaBrowser(step: FetchStep, opts: FetchOptions): Promise<FetchResult> {
    // A page load is a GET: an API the web client POSTs to is an http step.
    if (step.method === 'POST') throw new VigilError('VGL_BAD_REQUEST', `${step.url}: a POST step cannot be loaded in the browser; plan it via http`, { details: { url: step.url, via: step.via } });
    if (!d.browser) {
      throw new VigilError('VGL_NOT_ENABLED', `${step.url}: this platform's page needs a browser, and this worker runs none (capture.enabled: false); enable capture on the workers that poll it`, {
        details: { url: step.url, via: step.via },
      });
    }
    let host: string;
    try {
      host = new URL(step.url).host;
    } catch (cause) {
      throw new VigilError('VGL_FETCH_UNSUPPORTED_SCHEME', `${step.url}: not a URL`, { cause });
    }
    await paceHost(host, d.network.timeout, d.limiter, (ms) => sleep(ms, opts.signal), opts.platform);
    // Same vantage and session as an HTTP step: the context loads the session's storage state.
    const vs = d.vantages ?? [];
    const vantage = opts.vantage ? vs.find((v) => v.id === opts.vantage) : vs[0];
    if (opts.vantage && !vantage) throw new VigilError('VGL_CONFIG_INVALID', `config: no vantage "${opts.vantage}" in network.vantages`, { details: { vantage: opts.vantage } });
    if (vantage?.proxy && !vantage.proxy.startsWith('http://')) {
      throw new VigilError('VGL_CONFIG_INVALID', `${step.url}: this page needs a browser, and vantage "${vantage.id}" has a ${new URL(vantage.proxy).protocol}// proxy; browser pages go through http:// vantage proxies only (network.vantages)`, { details: { vantage: vantage.id } });
    }
    const storageState = opts.session?.cookies.forBrowser(step.url);
    const r = await d.browser.render(step.url, { timeoutMs: d.network.timeout, maxBytes: opts.maxBytes ?? d.network.maxPageBytes, signal: opts.signal, ...(vantage?.proxy ? { upstream: vantage.proxy } : {}), ...(storageState ? { storageState } : {}) });
    await checkAnswer({ url: step.url, at: new URL(r.finalUrl), status: r.status, headers: r.headers }, d.network.maxRetryAfter, d.limiter);
    const session = opts.session ? { loggedIn: true, session: opts.session.label, redacted: ['cookie', 'authorization', 'set-cookie'] } : { loggedIn: false };
    return { ...r, purpose: step.purpose, ...(vantage ? { vantage: vantageRef(vantage) } : {}), ...session };
  }

  return {
    fetch: (step, opts = {}) => (step.via === 'browser' ? viaBrowser(step, opts) : d.http.fetch(step, opts)),
    close: () => d.http.close(),
  };
}
