// Hot per-target state in Redis: one compact JSON string per target, a channelId -> target
// index (rename detection) and a short per-target lock so two polls never interleave. Posts that
// left the hot state (older than the re-scan window) stay known in a per-target sorted set, read
// one swept range of post orders at a time by the history sweep.
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { emptyState, upgradeState, type TargetState } from '../detect/state.js';
import type { KnownPost, Range } from '../detect/sweep.js';
import { isOrder, lexOrder } from '../scrapers/order.js';
import { encodeTempo, tempoOf } from './tempo.js';

export interface StateStore {
  load(targetId: string): Promise<TargetState>;
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
  /** Posts older than the hot window (key -> digest, order) whose order lies in `range`. */
  deepPosts(targetId: string, range: Range): Promise<Map<string, KnownPost>>;
  /** Remember posts that left the hot state (key -> digest, order); forget deleted ones. */
  updateDeep(targetId: string, keep: Map<string, KnownPost>, drop: { key: string; order: string }[]): Promise<void>;
}

const LOCK = `if redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2], 'NX') then return 1 end
if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('PEXPIRE', KEYS[1], ARGV[2]) return 1 end
return 0`;
const UNLOCK = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end`;

export function createStateStore(redis: Redis, prefix: string): StateStore {
  const sk = (id: string) => `${prefix}:st:${id}`;
  const lk = (id: string) => `${prefix}:lock:${id}`;
  const chan = `${prefix}:chan`;
  // Deep store: members `<lexOrder>|<encoded key>|<digest>`, all at score 0, ranged by ZRANGEBYLEX
  // (exact for any 64-bit order; a double score would round X ids). `deep:` is the store of states
  // written before keys were strings (score = num, member `<num>:<digest>`): read, then drained.
  const dk = (id: string) => `${prefix}:deep2:${id}`;
  const legacy = (id: string) => `${prefix}:deep:${id}`;
  const member = (key: string, p: KnownPost) => `${lexOrder(p.order)}|${encodeURIComponent(key)}|${p.digest}`;
  const prefixOf = (key: string, order: string) => `${lexOrder(order)}|${encodeURIComponent(key)}|`;
  return {
    async load(id) {
      const raw = await redis.get(sk(id));
      return raw ? upgradeState(JSON.parse(raw)) : emptyState();
    },
    async save(id, s) {
      // The tempo (hot? last change) rides along: the scheduler reads it to adapt the interval.
      await redis.multi().set(sk(id), JSON.stringify(s)).hset(`${prefix}:tempo`, id, encodeTempo(tempoOf(s))).exec();
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
      await redis.multi().del(sk(id), lk(id), dk(id), legacy(id)).hdel(`${prefix}:tempo`, id).exec();
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
      const sizes = await Promise.all([sk(id), dk(id), legacy(id)].map((k) => redis.memory('USAGE', k)));
      return sizes.reduce<number>((a, b) => a + Number(b ?? 0), 0);
    },
    async deepPosts(id, range) {
      const out = new Map<string, KnownPost>();
      // Legacy members: their numbers are message ids / item hashes, exact as doubles.
      for (const m of await redis.zrangebyscore(legacy(id), Number(range.min), Number(range.max))) {
        const i = m.indexOf(':');
        out.set(m.slice(0, i), { order: m.slice(0, i), digest: m.slice(i + 1) });
      }
      // '}' sorts right after '|': the exclusive bound takes every member of the max order.
      for (const m of await redis.zrangebylex(dk(id), `[${lexOrder(range.min)}|`, `(${lexOrder(range.max)}}`)) {
        const [, key, digest] = m.split('|');
        out.set(decodeURIComponent(key), { order: (BigInt(m.slice(0, 20)) - 2n ** 63n).toString(), digest });
      }
      return out;
    },
    async updateDeep(id, keep, drop) {
      if (keep.size === 0 && drop.length === 0) return;
      const m = redis.multi();
      // A post's digest may change (an edit seen while it was hot): drop its old member first.
      for (const { key, order } of [...drop, ...[...keep].map(([key, p]) => ({ key, order: p.order }))]) {
        m.zremrangebylex(dk(id), `[${prefixOf(key, order)}`, `(${prefixOf(key, order).slice(0, -1)}}`);
        if (isOrder(key) && Number.isSafeInteger(Number(key))) m.zremrangebyscore(legacy(id), Number(key), Number(key));
      }
      if (keep.size) m.zadd(dk(id), ...[...keep].flatMap(([key, p]) => [0, member(key, p)]));
      await m.exec();
    },
  };
}
