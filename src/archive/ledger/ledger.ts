// The append-only ledger: one writer at a time across processes (Redis lock + fencing token),
// gap-free seq, head hash kept in Redis (re-derived from the bucket only when Redis has none; any
// other disagreement stops the writer, see head.ts).
// Crash safety: `intend()` records an intent before the caller writes its object; `append()`
// clears it atomically with the head update; `repair()` appends (or drops) stale intents.
// Exactly once: an append made with `onlyIfIntended` happens only while the key's intent is still
// there (checked under the writer lock), so a retried write, a second drain of the same spool
// file and repair() can all race for one key and only the first of them ledgers it.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { VigilError } from '../../errors.js';
import type { LedgerSink, ObjectStore } from '../types.js';
import { entryHash, ledgerKey, serializeEntry, sha256Hex, type EntryInput, type LedgerEntry } from './entry.js';
import { createHeadKeeper, ledgerKeys, lost, type LedgerStatus } from './head.js';
import { isCompleteRecord } from '../record-bytes.js';
import type { IntentClaim } from '../types.js';

export interface LedgerDeps {
  redis: Redis;
  store: ObjectStore;
  log: Logger;
  /** Redis key prefix (settings.redis.prefix). */
  prefix: string;
  writer?: string;
  lockTtlMs?: number;
  lockWaitMs?: number;
  now?: () => Date;
  /** Called after each committed entry with the new ledger length (the checkpointer hooks in here). */
  afterAppend?: (size: number) => Promise<void>;
}

export interface AppendResult {
  entry: LedgerEntry;
  hash: string;
}

export interface RepairResult {
  appended: number;
  dropped: number;
}

export interface AppendOptions {
  /**
   * The intent claim of the caller's write: append only while the key's intent is still pending
   * (else another writer or repair() ledgered it). If Redis lost its data since the claim (another
   * epoch), the intent is gone with it and the append happens anyway.
   */
  claim?: IntentClaim;
}

export interface Ledger extends LedgerSink {
  /**
   * Record, before the object write, that `input.key` is about to be written and must be ledgered.
   * `fresh` when this call created the intent; not fresh when one was already pending (a crashed
   * or concurrent writer of the same key), whose age is then refreshed so repair() leaves it alone.
   */
  intend(input: EntryInput): Promise<IntentClaim>;
  append(input: EntryInput, opts?: AppendOptions): Promise<void>;
  /** Drops the intent this writer created for a key it found already stored (and so already ledgered). */
  forget(key: string): Promise<void>;
  /** null when the claim's intent was gone (someone else ledgered the key). */
  appendEntry(input: EntryInput, opts?: AppendOptions): Promise<AppendResult | null>;
  /** Current head: `seq` is -1 for an empty ledger. */
  head(): Promise<{ seq: number; hash: string }>;
  /** ok, or why appends are stopped (VGL_LEDGER_DIVERGED), as any process last found it. */
  status(): Promise<LedgerStatus>;
  /** Finish interrupted appends; intents older than `graceMs` are appended if their object exists. */
  repair(opts?: { graceMs?: number }): Promise<RepairResult>;
}

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;
// {1 = new intent | 0 = one was pending (its age restarts), epoch}. The epoch names this Redis
// dataset: a writer whose claim carries another epoch knows the intents were lost (FLUSHALL, a
// Redis restored without its data) and appends unconditionally.
const INTEND = `local e = redis.call('GET', KEYS[2])
if not e then e = ARGV[3] redis.call('SET', KEYS[2], e) end
local had = redis.call('HEXISTS', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
if had == 1 then return {0, e} end
return {1, e}`;
// Drop an intent only if nobody refreshed it since it was read.
const DROP_IF_SAME = `if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then return redis.call('HDEL', KEYS[1], ARGV[1]) end return 0`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createLedger(deps: LedgerDeps): Ledger {
  const { redis, store } = deps;
  const log = deps.log.child({ component: 'ledger' });
  const k = ledgerKeys(deps.prefix);
  const writer = deps.writer ?? `${hostname()}:${process.pid}`;
  const ttl = deps.lockTtlMs ?? 30_000;
  const now = deps.now ?? (() => new Date());
  const heads = createHeadKeeper({ redis, store, log, keys: k, now });
  const epochKey = `${deps.prefix}:ledger:epoch`;

  async function lock(): Promise<{ token: string; fence: number }> {
    const token = randomBytes(12).toString('hex');
    const deadline = Date.now() + (deps.lockWaitMs ?? 60_000);
    for (;;) {
      if ((await redis.set(k.lock, token, 'PX', ttl, 'NX')) === 'OK') return { token, fence: await redis.incr(k.fence) };
      if (Date.now() > deadline) {
        throw new VigilError('VGL_STORE_UNAVAILABLE', `ledger: writer lock ${k.lock} stayed busy; another writer is stuck or Redis is overloaded`);
      }
      await sleep(1 + Math.random() * 4);
    }
  }
  const unlock = (token: string) => redis.eval(RELEASE, 1, k.lock, token);

  async function appendEntry(input: EntryInput, opts: AppendOptions = {}): Promise<AppendResult | null> {
    const { token, fence } = await lock();
    try {
      for (let attempt = 0; attempt < 5; attempt++) {
        const head = await heads.settled(token);
        // Under the lock, after settling a crashed append (which clears its intent): still ours to ledger?
        if (opts.claim) {
          const [has, epoch] = await Promise.all([redis.hexists(k.intents, input.key), redis.get(epochKey)]);
          if (epoch === opts.claim.epoch && !has) {
            log.debug({ key: input.key }, 'ledger append skipped: already ledgered');
            return null;
          }
          if (epoch !== opts.claim.epoch) log.warn({ key: input.key }, 'ledger intents were lost with Redis data since this write began; appending');
        }
        const entry: LedgerEntry = {
          v: 1,
          seq: head.seq + 1,
          prev: head.hash,
          ts: now().toISOString(),
          type: input.type,
          key: input.key,
          sha256: input.sha256,
          size: input.size,
          ...(input.versionId ? { versionId: input.versionId } : {}),
          writer,
          fence,
        };
        const bytes = serializeEntry(entry);
        const hash = entryHash(bytes);
        const key = ledgerKey(entry.seq);
        await redis.set(k.pending, JSON.stringify({ seq: entry.seq, hash, intent: input.key }));
        await store.put(key, bytes, { contentType: 'application/json', sha256: hash, ifNoneMatch: true });
        // Read back: a store without conditional PUT could have let a fenced-out writer win the key.
        const back = await store.get(key);
        if (!back || !back.equals(bytes)) {
          // The next settle sees the foreign entry against our pending record and stops the ledger.
          log.warn({ seq: entry.seq }, 'ledger seq taken by another writer');
          continue;
        }
        if (!(await heads.commit(token, { seq: entry.seq, hash }, input.key))) throw lost();
        log.debug({ seq: entry.seq, key: input.key }, 'ledger append');
        return { entry, hash };
      }
      throw new VigilError('VGL_STORE_UNAVAILABLE', 'ledger: could not claim a sequence number after 5 attempts; check for a second ledger using the same bucket without Redis');
    } finally {
      await unlock(token);
    }
  }

  const ledger: Ledger = {
    async intend(input) {
      const [fresh, epoch] = (await redis.eval(INTEND, 2, k.intents, epochKey, input.key, JSON.stringify({ ...input, at: now().getTime() }), randomBytes(8).toString('hex'))) as [number, string];
      return { fresh: Number(fresh) === 1, epoch };
    },
    async forget(key) {
      await redis.hdel(k.intents, key);
    },
    async append(input, opts) {
      const r = await appendEntry(input, opts);
      if (r && deps.afterAppend) {
        // A failed checkpoint never fails the append: the next one covers these entries too.
        await deps.afterAppend(r.entry.seq + 1).catch((err: unknown) => log.warn({ err }, 'checkpoint after append failed'));
      }
    },
    appendEntry,
    async head() {
      const { token } = await lock();
      try {
        const h = await heads.settled(token);
        await heads.clearHalt(); // Redis and the bucket agree (again)
        return h;
      } finally {
        await unlock(token);
      }
    },
    status: () => heads.status(),
    async repair(opts = {}) {
      const out: RepairResult = { appended: 0, dropped: 0 };
      // One repairer at a time across processes, or two could ledger the same intent twice.
      const token = randomBytes(12).toString('hex');
      if ((await redis.set(k.repairing, token, 'PX', 300_000, 'NX')) !== 'OK') return out;
      try {
        await repairIntents(opts.graceMs ?? 60_000, out);
      } finally {
        await redis.eval(RELEASE, 1, k.repairing, token);
      }
      if (out.appended || out.dropped) log.info(out, 'ledger repaired');
      return out;
    },
  };

  async function repairIntents(grace: number, out: RepairResult): Promise<void> {
    await ledger.head(); // settles a crashed append first (or stops: VGL_LEDGER_DIVERGED)
    for (const [key, raw] of Object.entries(await redis.hgetall(k.intents))) {
      const intent = JSON.parse(raw) as EntryInput & { at: number };
      if (now().getTime() - intent.at < grace) continue; // its writer may still be working on it
      const body = await store.get(key);
      if (!body) {
        // Only if untouched since read: a writer that just refreshed it is about to put the object.
        if (Number(await redis.eval(DROP_IF_SAME, 1, k.intents, key, raw)) === 1) {
          out.dropped++;
          log.info({ key }, 'ledger intent dropped: object never written');
        }
        continue;
      }
      if (!isCompleteRecord(body)) {
        // A write cut short (the store died mid-upload): not evidence. The retried job or the outbox
        // replaces it (archive.ts) and ledgers the real record; the intent waits for that.
        log.warn({ key, size: body.length }, 'ledger intent: stored object is truncated; waiting for its rewrite');
        continue;
      }
      const sha256 = sha256Hex(body);
      if (sha256 !== intent.sha256) log.warn({ key, expected: intent.sha256, actual: sha256 }, 'ledger intent: stored bytes differ from intent; ledgering what is stored');
      const claim = { fresh: false, epoch: (await redis.get(epochKey)) ?? '' };
      const r = await ledger.appendEntry({ type: intent.type, key, sha256, size: body.length, versionId: intent.versionId }, { claim });
      if (r && deps.afterAppend) await deps.afterAppend(r.entry.seq + 1).catch((err: unknown) => log.warn({ err }, 'checkpoint after append failed'));
      if (r) out.appended++;
    }
  }
  return ledger;
}
