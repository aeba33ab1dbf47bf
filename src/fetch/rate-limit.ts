// Request pacing shared by every worker process through Redis: one atomic script hands out the
// next free slot for the host AND its platform (a platform spans several hosts and has its own
// budget), and honours the host's "not before" set by a 429's Retry-After. A 429 pauses that host
// only: other hosts of the same platform, and other platforms, keep their pace.
// All keys share the prefix, so a `{hash-tag}` prefix keeps them in one Redis Cluster slot.
import type { Redis } from 'ioredis';

// KEYS: host slot, host pause, platform slot. ARGV: host interval, platform interval (ms; 0 = none).
// Returns {wait, paused}. While the host is paused nothing is reserved (a pause must not push the
// platform's budget: the other hosts of the platform keep their pace); ask again after the pause.
const SLOT_SCRIPT = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local nb = tonumber(redis.call('GET', KEYS[2]) or '0')
if nb > now then return {nb - now, 1} end
local hi = tonumber(ARGV[1])
local pi = tonumber(ARGV[2])
local at = now
if hi > 0 then at = math.max(at, tonumber(redis.call('GET', KEYS[1]) or '0')) end
if pi > 0 then at = math.max(at, tonumber(redis.call('GET', KEYS[3]) or '0')) end
if hi > 0 then redis.call('SET', KEYS[1], at + hi, 'PX', at + hi - now + 1000) end
if pi > 0 then redis.call('SET', KEYS[3], at + pi, 'PX', at + pi - now + 1000) end
return {at - now, 0}
`;

export interface Slot {
  waitMs: number;
  /** The host is paused (Retry-After): nothing was reserved; wait, then acquire again. */
  paused: boolean;
}

export interface HostLimiter {
  /** A request slot for `host` (counted against `platform` too), or the host's pause. */
  acquire(host: string, platform?: string): Promise<Slot>;
  /** Milliseconds to wait before this request may go to `host` (acquire's waitMs). */
  reserve(host: string, platform?: string): Promise<number>;
  /** The host asked us to wait (HTTP 429 Retry-After). */
  notBefore(host: string, waitMs: number): Promise<void>;
  /** Milliseconds left of a Retry-After pause for `host` (0 when none). */
  pausedFor(host: string): Promise<number>;
}

export interface LimiterOptions {
  prefix: string;
  perHostRps: number;
  /** network.perPlatformRps: requests per second to all hosts of one platform, across all workers. */
  perPlatformRps?: Readonly<Record<string, number>>;
  maxRetryAfterMs?: number;
}

const intervalOf = (rps: number | undefined): number => (rps && rps > 0 ? Math.max(0, Math.floor(1000 / rps)) : 0);

export function createRedisLimiter(redis: Redis, opts: LimiterOptions): HostLimiter {
  const interval = intervalOf(opts.perHostRps);
  const maxPause = opts.maxRetryAfterMs ?? DEFAULT_MAX_RETRY_AFTER_MS;
  const k = (kind: string, name: string) => `${opts.prefix}:net:${kind}:${name}`;
  return {
    async acquire(host, platform) {
      const pi = platform ? intervalOf(opts.perPlatformRps?.[platform]) : 0;
      const [wait, paused] = (await redis.eval(SLOT_SCRIPT, 3, k('slot', host), k('nb', host), k('pslot', platform ?? '-'), String(interval), String(pi))) as [number, number];
      return { waitMs: Number(wait), paused: Number(paused) === 1 };
    },
    async reserve(host, platform) {
      return (await this.acquire(host, platform)).waitMs;
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
