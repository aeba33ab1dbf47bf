// The append-only ledger: one writer at a time across processes (Redis lock + fencing token),
// gap-free seq, head hash kept in Redis and re-derived from the bucket when Redis lost it.
// Crash safety: `intend()` records an intent before the caller writes its object; `append()`
// clears it atomically with the head update; `repair()` appends (or drops) stale intents.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { VigilError } from '../../errors.js';
import type { LedgerSink, ObjectStore } from '../types.js';
import { GENESIS_PREV, entryHash, ledgerKey, parseEntry, seqFromKey, serializeEntry, sha256Hex, type EntryInput, type LedgerEntry } from './entry.js';

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

export interface Ledger extends LedgerSink {
  /** Record, before the object write, that `input.key` is about to be written and must be ledgered. */
  intend(input: EntryInput): Promise<void>;
  appendEntry(input: EntryInput): Promise<AppendResult>;
  /** Current head: `seq` is -1 for an empty ledger. */
  head(): Promise<{ seq: number; hash: string }>;
  /** Finish interrupted appends; intents older than `graceMs` are appended if their object exists. */
  repair(opts?: { graceMs?: number }): Promise<RepairResult>;
}

// Commit only while still holding the lock (the fence): head moves, pending and the intent go.
const COMMIT = `
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[2], 'seq', ARGV[2], 'hash', ARGV[3])
redis.call('DEL', KEYS[3])
redis.call('HDEL', KEYS[4], ARGV[4])
return 1`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createLedger(deps: LedgerDeps): Ledger {
  const { redis, store } = deps;
  const log = deps.log.child({ component: 'ledger' });
  const k = {
    lock: `${deps.prefix}:ledger:lock`,
    fence: `${deps.prefix}:ledger:fence`,
    head: `${deps.prefix}:ledger:head`,
    pending: `${deps.prefix}:ledger:pending`,
    intents: `${deps.prefix}:ledger:intents`,
  };
  const writer = deps.writer ?? `${hostname()}:${process.pid}`;
  const ttl = deps.lockTtlMs ?? 30_000;
  const now = deps.now ?? (() => new Date());

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

  /** Rebuild the head from the bucket: the highest contiguous entry wins. */
  async function headFromStore(from: { seq: number; hash: string }): Promise<{ seq: number; hash: string }> {
    let cur = from;
    if (cur.seq < 0) {
      let max = -1;
      for await (const key of store.list('ledger/')) max = Math.max(max, seqFromKey(key) ?? -1);
      if (max < 0) return { seq: -1, hash: GENESIS_PREV };
      const bytes = await store.get(ledgerKey(max));
      if (!bytes) throw new VigilError('VGL_STORE_UNAVAILABLE', `ledger: ${ledgerKey(max)} was listed but cannot be read`);
      cur = { seq: parseEntry(bytes, ledgerKey(max)).seq, hash: entryHash(bytes) };
    }
    for (;;) {
      const bytes = await store.get(ledgerKey(cur.seq + 1));
      if (!bytes) return cur;
      cur = { seq: cur.seq + 1, hash: entryHash(bytes) };
    }
  }

  async function readHead(): Promise<{ seq: number; hash: string }> {
    const h = await redis.hgetall(k.head);
    return h.seq === undefined ? { seq: -1, hash: GENESIS_PREV } : { seq: Number(h.seq), hash: h.hash };
  }

  /** Under the lock: settle a pending write left by a crashed writer, and sync with the bucket. */
  async function settledHead(token: string): Promise<{ seq: number; hash: string }> {
    let head = await readHead();
    const pendingRaw = await redis.get(k.pending);
    let fresh = head.seq < 0 ? await headFromStore(head) : head;
    if (head.seq >= 0) {
      // The stored head must be the bytes Redis believes in: a writer that lost its lock mid-put
      // on a store without conditional PUT could have replaced them. Chain from what is stored.
      const stored = await store.get(ledgerKey(head.seq));
      const actual = stored ? entryHash(stored) : undefined;
      if (actual !== head.hash) {
        log.error({ seq: head.seq, expected: head.hash, actual }, 'ledger head differs from the bucket; chaining from the bucket');
        fresh = stored ? { seq: head.seq, hash: actual! } : await headFromStore({ seq: -1, hash: head.hash });
      }
    }
    // Even with a healthy head, the next seq must be free: Redis may be older than the bucket.
    const synced = (await store.head(ledgerKey(fresh.seq + 1))) ? await headFromStore(fresh) : fresh;
    if (synced.seq !== head.seq || pendingRaw) {
      if (pendingRaw) {
        const p = JSON.parse(pendingRaw) as { intent: string };
        // The entry landed (synced moved past it) or not; either way its intent is settled or re-tried by repair().
        if (synced.seq > head.seq) await redis.hdel(k.intents, p.intent);
        log.warn({ pending: pendingRaw, from: head.seq, to: synced.seq }, 'ledger head repaired');
      }
      const ok = await redis.eval(COMMIT, 4, k.lock, k.head, k.pending, k.intents, token, String(synced.seq), synced.hash, '');
      if (ok !== 1) throw lost();
      head = synced;
    }
    return head;
  }

  const lost = () =>
    new VigilError('VGL_STORE_UNAVAILABLE', 'ledger: lost the writer lock mid-append (lock TTL expired); the append is retried');

  async function appendEntry(input: EntryInput): Promise<AppendResult> {
    const { token, fence } = await lock();
    try {
      for (let attempt = 0; attempt < 5; attempt++) {
        const head = await settledHead(token);
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
          log.warn({ seq: entry.seq }, 'ledger seq taken by another writer; resyncing');
          continue;
        }
        const ok = await redis.eval(COMMIT, 4, k.lock, k.head, k.pending, k.intents, token, String(entry.seq), hash, input.key);
        if (ok !== 1) throw lost();
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
      await redis.hset(k.intents, input.key, JSON.stringify({ ...input, at: now().getTime() }));
    },
    async append(input) {
      const r = await appendEntry(input);
      if (deps.afterAppend) {
        // A failed checkpoint never fails the append: the next one covers these entries too.
        await deps.afterAppend(r.entry.seq + 1).catch((err: unknown) => log.warn({ err }, 'checkpoint after append failed'));
      }
    },
    appendEntry,
    async head() {
      const { token } = await lock();
      try {
        return await settledHead(token);
      } finally {
        await unlock(token);
      }
    },
    async repair(opts = {}) {
      await ledger.head();
      const grace = opts.graceMs ?? 60_000;
      const out: RepairResult = { appended: 0, dropped: 0 };
      for (const [key, raw] of Object.entries(await redis.hgetall(k.intents))) {
        const intent = JSON.parse(raw) as EntryInput & { at: number };
        if (now().getTime() - intent.at < grace) continue; // its writer may still be working on it
        const body = await store.get(key);
        if (!body) {
          await redis.hdel(k.intents, key);
          out.dropped++;
          log.info({ key }, 'ledger intent dropped: object never written');
          continue;
        }
        const sha256 = sha256Hex(body);
        if (sha256 !== intent.sha256) log.warn({ key, expected: intent.sha256, actual: sha256 }, 'ledger intent: stored bytes differ from intent; ledgering what is stored');
        await ledger.append({ type: intent.type, key, sha256, size: body.length, versionId: intent.versionId });
        out.appended++;
      }
      if (out.appended || out.dropped) log.info(out, 'ledger repaired');
      return out;
    },
  };
  return ledger;
}
