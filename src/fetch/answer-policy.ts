// What a fetch does with an answer before any scraper sees it, the same for the HTTP fetcher and
// the browser: a 429 pauses the host for every worker (Retry-After, capped by
// network.maxRetryAfter) and is retried; a 5xx is retried with backoff. Neither is ever evidence.
import { VigilError } from '../errors.js';
import { DEFAULT_MAX_RETRY_AFTER_MS, capRetryAfter, parseRetryAfter, type HostLimiter } from './rate-limit.js';

export interface Answer {
  /** The URL as planned (the step's). */
  url: string;
  /** The URL that answered (after redirects). */
  at: URL;
  status: number;
  headers: Record<string, string>;
}

/** Throws the retryable error a 429 or 5xx answer means; returns for every other status. */
export async function checkAnswer(a: Answer, maxRetryAfter: number | undefined, limiter?: HostLimiter): Promise<void> {
  if (a.status === 429) {
    // Honoured, but bounded: a platform (or a hostile page) must not park a target for years.
    const maxMs = maxRetryAfter ?? DEFAULT_MAX_RETRY_AFTER_MS;
    const asked = parseRetryAfter(a.headers['retry-after'], Date.now(), Infinity) ?? 60_000;
    const retryAfterMs = capRetryAfter(asked, maxMs);
    const capped = asked > retryAfterMs ? ` (asked for ${a.headers['retry-after']}; capped by network.maxRetryAfter)` : '';
    await limiter?.notBefore(a.at.host, retryAfterMs);
    throw new VigilError('VGL_FETCH_RATE_LIMITED', `${a.at.host} answered 429; retrying after ${retryAfterMs}ms${capped}`, {
      details: { retryAfterMs, host: a.at.host, url: a.url, ...(capped ? { retryAfterCapped: true } : {}) },
    });
  }
  if (a.status >= 500) {
    throw new VigilError('VGL_FETCH_FAILED', `${a.at.href} answered HTTP ${a.status}; retried with backoff`, { details: { status: a.status } });
  }
}

/** Waits for the host's slot (per-host pacing shared through Redis); a wait beyond the fetch timeout is a rate limit. */
export async function paceHost(host: string, timeoutMs: number, limiter: HostLimiter | undefined, sleep: (ms: number) => Promise<void>, platform?: string): Promise<void> {
  // A paused host reserves nothing: wait out the pause (when short), then take a real slot.
  for (let slot = await limiter?.acquire(host, platform); slot; slot = slot.paused ? await limiter?.acquire(host, platform) : undefined) {
    if (slot.waitMs > timeoutMs) {
      throw new VigilError('VGL_FETCH_RATE_LIMITED', `${host} is paced or paused for ${slot.waitMs}ms; retry later`, { details: { retryAfterMs: slot.waitMs, host } });
    }
    await sleep(slot.waitMs);
  }
}
