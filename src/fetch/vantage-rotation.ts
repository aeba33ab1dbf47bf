// Which vantage point a poll goes out from. Polls of a target rotate over the vantages it may use
// (network.vantages, narrowed by the target's `vantages: [ids]`), so a block seen from one country
// only is noticed; the others are the ones a suspected block is re-checked from. The narrowing and
// the turn counter live in Redis (shared by every worker); a target without its own list uses all.
import type { Vantage } from './vantage-dispatch.js';

export interface VantageTurn {
  /** The vantage this poll goes out from. */
  primary: Vantage;
  /** The target's other vantages, in rotation order (re-checks of a suspected block go there). */
  others: Vantage[];
}

export interface VantageRotation {
  readonly all: readonly Vantage[];
  /** Narrows a target to these ids (undefined or empty: every vantage). */
  set(targetId: string, ids: readonly string[] | undefined): Promise<void>;
  forget(targetId: string): Promise<void>;
  /** The target's vantages for this poll, its turn advanced. */
  next(targetId: string): Promise<VantageTurn>;
}

export interface RotationRedis {
  hget(key: string, field: string): Promise<string | null>;
  hset(key: string, field: string, value: string): Promise<unknown>;
  hdel(key: string, ...fields: string[]): Promise<unknown>;
  hincrby(key: string, field: string, by: number): Promise<number>;
}

/** Pure: the rotation of `allowed` at turn `n` (primary first, then the rest in order). */
export function turnOf(allowed: readonly Vantage[], n: number): VantageTurn {
  const i = ((n % allowed.length) + allowed.length) % allowed.length;
  const order = [...allowed.slice(i), ...allowed.slice(0, i)];
  return { primary: order[0], others: order.slice(1) };
}

export function createVantageRotation(d: { redis: RotationRedis; prefix: string; vantages: readonly Vantage[] }): VantageRotation {
  const narrowKey = `${d.prefix}:vantages:targets`;
  const turnKey = `${d.prefix}:vantages:turn`;
  const allowedFor = async (targetId: string): Promise<Vantage[]> => {
    if (d.vantages.length < 2) return [...d.vantages];
    const raw = await d.redis.hget(narrowKey, targetId);
    if (!raw) return [...d.vantages];
    let ids: string[];
    try {
      ids = JSON.parse(raw) as string[];
    } catch {
      return [...d.vantages];
    }
    const mine = d.vantages.filter((v) => ids.includes(v.id));
    // A list naming only vantages no longer configured falls back to all (the config check refuses such lists at boot).
    return mine.length ? mine : [...d.vantages];
  };
  return {
    all: d.vantages,
    async set(targetId, ids) {
      if (ids?.length) await d.redis.hset(narrowKey, targetId, JSON.stringify(ids));
      else await d.redis.hdel(narrowKey, targetId);
    },
    async forget(targetId) {
      await d.redis.hdel(narrowKey, targetId);
      await d.redis.hdel(turnKey, targetId);
    },
    async next(targetId) {
      const allowed = await allowedFor(targetId);
      if (allowed.length === 1) return { primary: allowed[0], others: [] };
      return turnOf(allowed, (await d.redis.hincrby(turnKey, targetId, 1)) - 1);
    },
  };
}
