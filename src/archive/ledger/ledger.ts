// The append-only ledger: one writer at a time across processes (Redis lock + fencing token),
// gap-free seq, head hash kept in Redis (re-derived from the bucket only when Redis has none; any
// other disagreement stops the writer, see head.ts).
// Crash safety: `intend()` records an intent before the caller writes its object; `append()`
// clears it atomically with the head update; `repair()` appends (or drops) stale intents.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { VigilError } from '../../errors.js';
import type { LedgerSink, ObjectStore } from '../types.js';
import { entryHash, ledgerKey, serializeEntry, sha256Hex, type EntryInput, type LedgerEntry } from './entry.js';
import { createHeadKeeper, ledgerKeys, lost, type LedgerStatus } from './head.js';

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
  /** ok, or why appends are stopped (VGL_LEDGER_DIVERGED), as any process last found it. */
  status(): Promise<LedgerStatus>;
  /** Finish interrupted appends; intents older than `graceMs` are appended if their object exists. */
  repair(opts?: { graceMs?: number }): Promise<RepairResult>;
}

const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createLedger(deps: LedgerDeps): Ledger {
  const { redis, store } = deps;
  const log = deps.log.child({ component: 'ledger' });
  const k = ledgerKeys(deps.prefix);
  const writer = deps.writer ?? `${hostname()}:${process.pid}`;
  const ttl = deps.lockTtlMs ?? 30_000;
  const now = deps.now ?? (() => new Date());
  const heads = createHeadKeeper({ redis, store, log, keys: k, now });

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

  async function appendEntry(input: EntryInput): Promise<AppendResult> {
    const { token, fence } = await lock();
    try {
      for (let attempt = 0; attempt < 5; attempt++) {
        const head = await heads.settled(token);
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
  }
  return ledger;
}
