// Hot per-target state in Redis: one compact JSON string per target, a channelId -> target
// index (rename detection) and a short per-target lock so two polls never interleave. Posts that
// left the hot state (older than the re-scan window) stay known in a per-target sorted set (score
// = post number), read one swept range at a time by the history sweep.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { emptyState, type TargetState } from '../detect/state.js';

export interface StateStore {
  load(targetId: string): Promise<TargetState>;
  /** Whether Redis holds a state for the target (false for a new target, or after Redis lost its data). */
  has(targetId: string): Promise<boolean>;
  /** Writes a rebuilt state unless one exists already (state recovery); true when written. */
  restore(targetId: string, s: TargetState): Promise<boolean>;
  save(targetId: string, s: TargetState): Promise<void>;
  /** The target that first showed this channel id, with its username then. */
  channelOwner(channelId: string): Promise<{ targetId: string; username?: string } | null>;
  claimChannel(channelId: string, targetId: string, username: string): Promise<void>;
  /** Remember that a target's channel now answers under another username. */
  markRenamed(targetId: string, to: string): Promise<void>;
  renamedTo(targetId: string): Promise<string | undefined>;
  /** A rename learnt by probing a username seen in forwards/links (no watched target shows it). */
  markDiscovered(targetId: string, to: string): Promise<void>;
  discoveredRename(targetId: string): Promise<string | undefined>;
  /** The channelId index learns the current username of an indexed channel (keeps its target). */
  learnUsername(channelId: string, username: string): Promise<void>;
  /** username -> channelId cache of probes (null = no channel there); undefined = not cached. */
  cachedChannel(username: string): Promise<string | null | undefined>;
  cacheChannel(username: string, channelId: string | null, ttlMs: number): Promise<void>;
  /** Referenced usernames still to (re-)probe: unprobed (budget spent) or not found when probed. */
  addPending(usernames: string[]): Promise<void>;
  removePending(username: string): Promise<void>;
  pending(limit: number): Promise<string[]>;
  /** Takes one unit of a shared per-minute probe budget; false when it is spent. */
  takeProbeBudget(perMinute: number): Promise<boolean>;
  /** Per-target lock owned by a job id: re-entrant for the same job (a retaken stalled job). */
  lock(targetId: string, ttlMs: number, owner?: string): Promise<string | null>;
  unlock(targetId: string, token: string): Promise<void>;
  remove(targetId: string): Promise<void>;
  /** Cheap "still there" mark for the catalog; returns true when a drain job should be queued (at most once per `everyMs`). */
  touch(targetId: string, at: string, state: string, everyMs: number): Promise<boolean>;
  /** Takes every pending touch (atomically). */
  drainTouches(): Promise<{ targetId: string; at: string; state: string }[]>;
  /** Bytes Redis uses for the target's state and deep posts (MEMORY USAGE). */
  bytes(targetId: string): Promise<number>;
  /** Posts older than the hot window (num -> digest) with min <= num <= max. */
  deepPosts(targetId: string, min: number, max: number): Promise<Map<number, string>>;
  /** Remember posts that left the hot state; forget deleted ones. */
  updateDeep(targetId: string, keep: Map<number, string>, drop: number[]): Promise<void>;
}

const LOCK = `if redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return 1 end
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
return 0`;
const UNLOCK = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

export function createStateStore(redis: Redis, prefix: string): StateStore {
  const sk = (id: string) => `${prefix}:st:${id}`;
  const lk = (id: string) => `${prefix}:lock:${id}`;
  const chan = `${prefix}:chan`;
  const dk = (id: string) => `${prefix}:deep:${id}`;
  return {
    async load(id) {
      const raw = await redis.get(sk(id));
      return raw ? (JSON.parse(raw) as TargetState) : emptyState();
    },
    async save(id, s) {
      await redis.set(sk(id), JSON.stringify(s));
    },
    async has(id) {
      return (await redis.exists(sk(id))) === 1;
    },
    async restore(id, s) {
      return (await redis.set(sk(id), JSON.stringify(s), 'NX')) === 'OK';
    },
    async channelOwner(channelId) {
      const v = await redis.hget(chan, channelId);
      if (!v) return null;
      const [targetId, username] = v.split('|');
      return { targetId, username: username || undefined };
    },
    async claimChannel(channelId, targetId, username) {
      await redis.hsetnx(chan, channelId, `${targetId}|${username}`);
    },
    async markRenamed(id, to) {
      await redis.hset(`${prefix}:renamed`, id, to);
    },
    async renamedTo(id) {
      return (await redis.hget(`${prefix}:renamed`, id)) ?? undefined;
    },
    async markDiscovered(id, to) {
      await redis.hset(`${prefix}:renamed:found`, id, to);
    },
    async discoveredRename(id) {
      return (await redis.hget(`${prefix}:renamed:found`, id)) ?? undefined;
    },
    async learnUsername(channelId, username) {
      const v = await redis.hget(chan, channelId);
      if (v) await redis.hset(chan, channelId, `${v.split('|')[0]}|${username}`);
    },
    async cachedChannel(username) {
      const v = await redis.get(`${prefix}:uname:${username}`);
      return v === null ? undefined : v === '-' ? null : v;
    },
    async cacheChannel(username, channelId, ttlMs) {
      await redis.set(`${prefix}:uname:${username}`, channelId ?? '-', 'PX', ttlMs);
    },
    async addPending(names) {
      if (names.length) await redis.sadd(`${prefix}:uname:pending`, ...names);
    },
    async removePending(name) {
      await redis.srem(`${prefix}:uname:pending`, name);
    },
    async pending(limit) {
      return (await redis.srandmember(`${prefix}:uname:pending`, limit)) as string[];
    },
    async takeProbeBudget(perMinute) {
      const k = `${prefix}:uname:budget:${Math.floor(Date.now() / 60_000)}`;
      const [[, n]] = (await redis.multi().incr(k).pexpire(k, 120_000).exec()) as [[unknown, number]];
      return n <= perMinute;
    },
    async lock(id, ttlMs, owner) {
      const token = owner ?? randomUUID();
      return Number(await redis.eval(LOCK, 1, lk(id), token, String(ttlMs))) === 1 ? token : null;
    },
    async unlock(id, token) {
      await redis.eval(UNLOCK, 1, lk(id), token);
    },
    async remove(id) {
      await redis.del(sk(id), lk(id), dk(id));
    },
    async touch(id, at, state, everyMs) {
      const [, [, ok]] = (await redis.multi().hset(`${prefix}:touch`, id, `${at}|${state}`).set(`${prefix}:touchq`, '1', 'PX', everyMs, 'NX').exec()) as [unknown, [unknown, string | null]];
      return ok === 'OK';
    },
    async drainTouches() {
      const [[, all]] = (await redis.multi().hgetall(`${prefix}:touch`).del(`${prefix}:touch`).exec()) as [[unknown, Record<string, string>]];
      return Object.entries(all ?? {}).map(([targetId, v]) => {
        const [at, state] = v.split('|');
        return { targetId, at, state };
      });
    },
    async bytes(id) {
      const [a, b] = await Promise.all([redis.memory('USAGE', sk(id)), redis.memory('USAGE', dk(id))]);
      return Number(a ?? 0) + Number(b ?? 0);
    },
    async deepPosts(id, min, max) {
      // Members are `<num>:<digest>`: one member per post, the score orders and ranges them.
      const members = await redis.zrangebyscore(dk(id), min, max);
      const out = new Map<number, string>();
      for (const m of members) {
        const i = m.indexOf(':');
        out.set(Number(m.slice(0, i)), m.slice(i + 1));
      }
      return out;
    },
    async updateDeep(id, keep, drop) {
      if (keep.size === 0 && drop.length === 0) return;
      const m = redis.multi();
      // A post's digest may change (an edit seen while it was hot): drop its old member first.
      for (const n of [...drop, ...keep.keys()]) m.zremrangebyscore(dk(id), n, n);
      if (keep.size) m.zadd(dk(id), ...[...keep].flatMap(([n, d]) => [n, `${n}:${d}`]));
      await m.exec();
    },
  };
}
