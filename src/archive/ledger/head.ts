// The ledger head under the writer lock: Redis holds {seq, hash} of the last committed entry and
// the bucket holds the entries. When they disagree the writer stops (VGL_LEDGER_DIVERGED) instead
// of chaining onto whatever the bucket holds now: whoever can write to the bucket could otherwise
// rewrite the chain's tail and have Vigil sign it. The one disagreement that is settled is the one
// a crash leaves: the `pending` record of an append whose entry landed (or never did).
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { VigilError } from '../../errors.js';
import type { ObjectStore } from '../types.js';
import { GENESIS_PREV, entryHash, ledgerKey, parseEntry, seqFromKey } from './entry.js';

export interface Head {
  seq: number;
  hash: string;
}

export interface LedgerKeys {
  lock: string;
  fence: string;
  head: string;
  pending: string;
  intents: string;
  halted: string;
  repairing: string;
}

export const ledgerKeys = (prefix: string): LedgerKeys => ({
  lock: `${prefix}:ledger:lock`,
  fence: `${prefix}:ledger:fence`,
  head: `${prefix}:ledger:head`,
  pending: `${prefix}:ledger:pending`,
  intents: `${prefix}:ledger:intents`,
  halted: `${prefix}:ledger:halted`,
  repairing: `${prefix}:ledger:repairing`,
});

export type LedgerStatus = { ok: true } | { ok: false; code: 'VGL_LEDGER_DIVERGED'; message: string; since: string; seq: number };

// Commit only while still holding the lock (the fence): head moves, pending, the intent and any
// halt marker go.
export const COMMIT = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[2], 'seq', ARGV[2], 'hash', ARGV[3])
redis.call('DEL', KEYS[3], KEYS[5])
redis.call('HDEL', KEYS[4], ARGV[4])
return 1`;

interface Pending {
  seq: number;
  hash: string;
  intent: string;
}

export interface HeadDeps {
  redis: Redis;
  store: ObjectStore;
  log: Logger;
  keys: LedgerKeys;
  now: () => Date;
}

export function createHeadKeeper(deps: HeadDeps) {
  const { redis, store, log, keys: k } = deps;

  const commit = async (token: string, head: Head, intent: string): Promise<boolean> =>
    (await redis.eval(COMMIT, 5, k.lock, k.head, k.pending, k.intents, k.halted, token, String(head.seq), head.hash, intent)) === 1;

  async function read(): Promise<Head> {
    const h = await redis.hgetall(k.head);
    return h.seq === undefined ? { seq: -1, hash: GENESIS_PREV } : { seq: Number(h.seq), hash: h.hash };
  }

  /** No head in Redis (a new or wiped Redis: derived state): the highest contiguous entry in the bucket. */
  async function fromStore(): Promise<Head> {
    let max = -1;
    for await (const key of store.list('ledger/')) max = Math.max(max, seqFromKey(key) ?? -1);
    if (max < 0) return { seq: -1, hash: GENESIS_PREV };
    const bytes = await store.get(ledgerKey(max));
    if (!bytes) throw new VigilError('VGL_STORE_UNAVAILABLE', `ledger: ${ledgerKey(max)} was listed but cannot be read`);
    let cur: Head = { seq: parseEntry(bytes, ledgerKey(max)).seq, hash: entryHash(bytes) };
    for (;;) {
      const next = await store.get(ledgerKey(cur.seq + 1));
      if (!next) return cur;
      cur = { seq: cur.seq + 1, hash: entryHash(next) };
    }
  }

  async function halt(seq: number, message: string, details: object): Promise<never> {
    const since = deps.now().toISOString();
    await redis.set(k.halted, JSON.stringify({ message, since, seq }));
    log.error({ seq, ...details }, 'ledger stopped: Redis and the bucket disagree');
    throw new VigilError('VGL_LEDGER_DIVERGED', message, { details: { seq, ...details } });
  }

  /**
   * Under the lock: the head to chain from. Settles a crashed append (its `pending` record),
   * and stops with VGL_LEDGER_DIVERGED when Redis and the bucket disagree in any other way.
   */
  async function settled(token: string): Promise<Head> {
    const head = await read();
    const pendingRaw = await redis.get(k.pending);
    const pending = pendingRaw ? (JSON.parse(pendingRaw) as Pending) : undefined;
    if (head.seq < 0) {
      const fresh = await fromStore();
      if (fresh.seq >= 0 || pending) {
        log.warn({ seq: fresh.seq }, 'ledger head rebuilt from the bucket (Redis had none)');
        if (!(await commit(token, fresh, ''))) throw lost();
      }
      return fresh;
    }
    const key = ledgerKey(head.seq);
    const stored = await store.get(key);
    const actual = stored ? entryHash(stored) : undefined;
    if (actual !== head.hash) {
      return halt(
        head.seq,
        `ledger stopped: Redis records ${key} as the head with sha256 ${head.hash}, but the bucket's copy ${actual ? `hashes to ${actual}` : 'is missing'}: ` +
          `the ledger in the bucket was changed behind Vigil's back, or Redis belongs to another deployment. Nothing is chained onto it; ` +
          `run \`vigil verify --bucket --key-fingerprint <yours>\` and see README "When the ledger stops"`,
        { key, expected: head.hash, actual: actual ?? null },
      );
    }
    const nextKey = ledgerKey(head.seq + 1);
    const next = await store.get(nextKey);
    if (next) {
      const h = entryHash(next);
      // Only our own crashed append may have left an entry past the head: the one `pending` names.
      if (!pending || pending.seq !== head.seq + 1 || pending.hash !== h || (await store.head(ledgerKey(head.seq + 2)))) {
        return halt(
          head.seq,
          `ledger stopped: the bucket holds ${nextKey} (sha256 ${h}) past the head Redis records (${key}), and no append of Vigil's left it there: ` +
            `entries were added behind Vigil's back, or Redis lost its recent state (restored from an old backup?). Nothing is chained onto it; ` +
            `run \`vigil verify --bucket --key-fingerprint <yours>\` and see README "When the ledger stops"`,
          { key: nextKey, head: head.seq, pending: pending ?? null, actual: h },
        );
      }
      const landed = { seq: head.seq + 1, hash: h };
      if (!(await commit(token, landed, pending.intent))) throw lost();
      log.warn({ seq: landed.seq }, 'ledger head repaired: a crashed append had landed');
      return landed;
    }
    if (pending) {
      // The crashed append never landed; its intent stays for repair().
      if (!(await commit(token, head, ''))) throw lost();
      log.warn({ seq: pending.seq }, 'ledger head repaired: a crashed append never landed');
    }
    return head;
  }

  async function status(): Promise<LedgerStatus> {
    const raw = await redis.get(k.halted);
    if (!raw) return { ok: true };
    const h = JSON.parse(raw) as { message: string; since: string; seq: number };
    return { ok: false, code: 'VGL_LEDGER_DIVERGED', ...h };
  }

  return { read, settled, commit, status, clearHalt: () => redis.del(k.halted) };
}

export const lost = () => new VigilError('VGL_STORE_UNAVAILABLE', 'ledger: lost the writer lock mid-append (lock TTL expired); the append is retried');
