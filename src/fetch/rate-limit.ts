// Per-host request pacing shared by every worker process through Redis: one atomic script
// hands out the next free slot for the host (and honours a "not before" set by Retry-After).
import type { Redis } from 'ioredis';

const SLOT_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
local nb = tonumber(redis.call('GET', KEYS[2]) or '0')
local at = math.max(now, nxt, nb)
local interval = tonumber(ARGV[1])
redis.call('SET', KEYS[1], at + interval, 'PX', at + interval - now + 1000)
return at - now
`;

export interface HostLimiter {
  /** Milliseconds to wait before this request may go to `host`. */
  reserve(host: string): Promise<number>;
  /** The host asked us to wait (HTTP 429 Retry-After). */
  notBefore(host: string, waitMs: number): Promise<void>;
  /** Milliseconds left of a Retry-After pause for `host` (0 when none). */
  pausedFor(host: string): Promise<number>;
}

export function createRedisLimiter(redis: Redis, opts: { prefix: string; perHostRps: number; maxRetryAfterMs?: number }): HostLimiter {
  const interval = Math.max(0, Math.floor(1000 / opts.perHostRps));
  const maxPause = opts.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
  const k = (kind: string, host: string) => `${opts.prefix}:net:${kind}:${host}`;
  return {
    async reserve(host) {
      if (interval === 0) return this.pausedFor(host);
      const wait = await redis.eval(SLOT_SCRIPT, 2, k('slot', host), k('nb', host), String(interval));
      return Number(wait);
    },
    async notBefore(host, waitMs) {
      // Keep the later of an existing pause and this one; never longer than network.maxRetryAfter.
      waitMs = capRetryAfter(waitMs, maxPause);
      const until = Date.now() + waitMs;
      const cur = Number((await redis.get(k('nb', host))) ?? 0);
      if (until > cur) await redis.set(k('nb', host), String(until), 'PX', Math.max(1, waitMs));
    },
    async pausedFor(host) {
      const v = await redis.get(k('nb', host));
      return v ? Math.max(0, Number(v) - Date.now()) : 0;
    },
  };
}

/** network.maxRetryAfter's default: a platform cannot park a target for longer than this. */
export const DEFAULT_MAX_RETRY_AFTER_MS = 3_600_000;

/** A pause bounded to [0, maxMs] (a hostile or broken server can ask for years, or for NaN). */
export const capRetryAfter = (ms: number, maxMs = DEFAULT_MAX_RETRY_AFTER_MS): number =>
  Number.isFinite(ms) ? Math.min(Math.max(0, Math.round(ms)), maxMs) : maxMs;

/** Parses Retry-After (seconds or an HTTP date) into milliseconds, capped at `maxMs`; null when absent/invalid. */
export function parseRetryAfter(v: string | undefined, now = Date.now(), maxMs = DEFAULT_MAX_RETRY_AFTER_MS): number | null {
  if (!v) return null;
  if (/^\s*\d+\s*$/.test(v)) return capRetryAfter(Number(v) * 1000, maxMs);
  const t = Date.parse(v);
  return Number.isNaN(t) ? null : capRetryAfter(t - now, maxMs);
}
