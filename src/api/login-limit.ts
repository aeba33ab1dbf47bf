// Wrong-token limiter per client address: a fixed window of `attempts` failures per `windowMs`.
// In memory: one web process answers the API, and a restart only gives an attacker one more
// window. The table is bounded so a spray of source addresses cannot grow it without limit.

export interface LoginLimiter {
  /** Seconds until `client` may try again; 0 when it may try now. */
  blockedFor(client: string): number;
  /** Counts a wrong token from `client`. */
  fail(client: string): void;
  /** A right token: forget the client's failures. */
  succeed(client: string): void;
}

export interface LoginLimitOptions {
  attempts: number;
  windowMs: number;
  /** Most clients tracked at once (oldest window dropped first). */
  maxClients?: number;
  now?: () => number;
}

export function createLoginLimiter(o: LoginLimitOptions): LoginLimiter {
  const now = o.now ?? Date.now;
  const max = o.maxClients ?? 10_000;
  // Map keeps insertion order: the first entry is the oldest window.
  const table = new Map<string, { failures: number; resetAt: number }>();

  const current = (client: string) => {
    const e = table.get(client);
    if (e && e.resetAt <= now()) {
      table.delete(client);
      return undefined;
    }
    return e;
  };

  return {
    blockedFor(client) {
      const e = current(client);
      if (!e || e.failures < o.attempts) return 0;
      return Math.max(1, Math.ceil((e.resetAt - now()) / 1000));
    },
    fail(client) {
      const e = current(client);
      if (e) {
        e.failures++;
        return;
      }
      if (table.size >= max) {
        for (const [k, v] of table) {
          if (table.size < max && v.resetAt > now()) break;
          table.delete(k);
        }
      }
      table.set(client, { failures: 1, resetAt: now() + o.windowMs });
    },
    succeed(client) {
      table.delete(client);
    },
  };
}
