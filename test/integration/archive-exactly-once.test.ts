// Exactly one ledger entry per record whatever crashes and retries happen around it, and objects
// a failed upload left empty or truncated are replaced, never kept as evidence. Real redis-server
// and s3rver; the "crash" is a writer that stops between two steps.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createArchive } from '../../src/archive/archive.js';
import { captureKey } from '../../src/archive/keys.js';
import { openOutbox } from '../../src/archive/outbox.js';
import type { CaptureManifest, LedgerSink } from '../../src/archive/types.js';
import { createLedger, parseEntry, seqFromKey, type Ledger } from '../../src/archive/ledger/index.js';
import { verifyBucket } from '../../src/archive/verify/index.js';
import { blobKey, newId, sha256Hex } from '../../src/ids.js';
import { jsonBytes } from '../../src/archive/json.js';
import { startRedis, type TestRedis } from '../helpers/startRedis.js';
import { startS3, type TestS3 } from '../helpers/startS3.js';

const log = pino({ level: 'silent' });
let redisSrv: TestRedis;
let s3: TestS3;
let redis: Redis;
let dir: string;
let prefix: string;
let ledger: Ledger;
let n = 0;

const manifest = (over: Partial<CaptureManifest> = {}): CaptureManifest => ({
  v: 1, id: newId(), kind: 'http', status: 'done', target: 'durov', url: 'https://t.me/s/durov', tool: { name: 'vigil', version: '0.1.0' }, vantage: 'test',
  startedAt: '2024-11-12T10:00:00.000Z', finishedAt: '2024-11-12T10:00:01.000Z', artifacts: [], ...over,
});

const entriesFor = async (key: string) => {
  const out = [];
  for await (const k of s3.store.list('ledger/')) if (seqFromKey(k) !== null) out.push(parseEntry((await s3.store.get(k))!, k));
  return out.filter((e) => e.key === key);
};

/** A writer that dies after its object write, before the ledger append. */
const dyingSink = (l: Ledger): LedgerSink => ({
  intend: (e) => l.intend(e),
  append: async () => {
    throw new Error('killed between put and append');
  },
});

const ageIntents = async () => {
  for (const [k, v] of Object.entries(await redis.hgetall(`${prefix}:ledger:intents`))) {
    await redis.hset(`${prefix}:ledger:intents`, k, JSON.stringify({ ...JSON.parse(v), at: Date.now() - 120_000 }));
  }
};

beforeAll(async () => {
  [redisSrv, s3] = await Promise.all([startRedis(), startS3()]);
  redis = new Redis(redisSrv.url);
  dir = await mkdtemp(join(tmpdir(), 'vigil-once-'));
});
afterAll(async () => {
  redis?.disconnect();
  await Promise.all([redisSrv?.close(), s3?.close()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  prefix = `once${++n}`;
  ledger = createLedger({ redis, store: s3.store, log, prefix });
});

describe('ledger: exactly once', () => {
  it('a retried write of the same record adds no second entry', async () => {
    const archive = createArchive({ store: s3.store, log, ledger });
    const m = manifest();
    await archive.putCapture(m);
    await archive.putCapture(m); // the job was retaken after its worker died
    expect(await entriesFor(captureKey(m.id))).toHaveLength(1);
    expect(await redis.hlen(`${prefix}:ledger:intents`)).toBe(0);
  });

  it('a writer killed between put and append: its retry and repair() together ledger it once', async () => {
    const m = manifest();
    await expect(createArchive({ store: s3.store, log, ledger: dyingSink(ledger) }).putCapture(m)).rejects.toThrow('killed');
    // The retried job rewrites the same record while the dead writer's intent is pending.
    const retry = createArchive({ store: s3.store, log, ledger });
    await retry.putCapture(m);
    await retry.putCapture(m);
    await ageIntents();
    expect(await ledger.repair()).toEqual({ appended: 1, dropped: 0 });
    expect(await ledger.repair()).toEqual({ appended: 0, dropped: 0 });
    const e = await entriesFor(captureKey(m.id));
    expect(e.map((x) => x.sha256)).toEqual([sha256Hex(jsonBytes(m))]);
  });

  it('the same record spooled twice (two processes, one outage) lands with one entry', async () => {
    const m = manifest();
    const bytes = jsonBytes(m);
    const outA = await openOutbox({ dir: join(dir, `outbox-${prefix}`), log, retryMs: 60_000, replica: 'a' });
    const outB = await openOutbox({ dir: join(dir, `outbox-${prefix}`), log, retryMs: 60_000, replica: 'b' });
    await outA.spool({ key: captureKey(m.id), contentType: 'application/json', ifNoneMatch: true, ledger: 'capture' }, bytes);
    await outB.spool({ key: captureKey(m.id), contentType: 'application/json', ifNoneMatch: true, ledger: 'capture' }, bytes);
    const a = createArchive({ store: s3.store, log, ledger, outbox: outA });
    const b = createArchive({ store: s3.store, log, ledger, outbox: outB });
    await Promise.all([a.stop(), b.stop()]); // stop() makes one last drain
    expect(outA.pending() + outB.pending()).toBe(0);
    expect(await entriesFor(captureKey(m.id))).toHaveLength(1);
  });

  it('keeps ledgering after Redis lost its data mid-write (the intent went with it)', async () => {
    const m = manifest();
    const flushing: LedgerSink = {
      intend: async (e) => {
        const claim = await ledger.intend(e);
        await redis.del(`${prefix}:ledger:intents`, `${prefix}:ledger:epoch`); // FLUSHALL, as far as this prefix goes
        return claim;
      },
      append: (e, o) => ledger.append(e, o),
    };
    await createArchive({ store: s3.store, log, ledger: flushing }).putCapture(m);
    expect(await entriesFor(captureKey(m.id))).toHaveLength(1);
  });
});

describe('objects left by failed uploads', () => {
  it('an empty or truncated blob is replaced by its real bytes, and verify flags it until then', async () => {
    const archive = createArchive({ store: s3.store, log });
    const body = Buffer.from(`artifact ${newId()} `.repeat(100));
    const sha = sha256Hex(body);
    await s3.store.put(blobKey(sha), Buffer.alloc(0), { contentType: 'text/plain' }); // what a killed s3rver leaves
    const before = await verifyBucket(s3.store);
    expect(before.faults.filter((f) => f.key === blobKey(sha)).map((f) => f.code)).toEqual(['blob_hash_mismatch']);
    expect(before.faults.find((f) => f.key === blobKey(sha))!.message).toContain('empty');
    await archive.putBlob(body, 'text/plain');
    expect(sha256Hex((await s3.store.get(blobKey(sha)))!)).toBe(sha);

    const body2 = Buffer.from(`second ${newId()} `.repeat(100));
    const sha2 = sha256Hex(body2);
    await s3.store.put(blobKey(sha2), body2.subarray(0, 100), { contentType: 'text/plain' });
    await archive.putBlob(body2, 'text/plain');
    expect(sha256Hex((await s3.store.get(blobKey(sha2)))!)).toBe(sha2);
  });

  it('an empty record left by a failed write is replaced and ledgered once; verify flags it until then', async () => {
    const m = manifest();
    const key = captureKey(m.id);
    // The first writer recorded its intent, the store died mid-upload leaving 0 bytes.
    await ledger.intend({ type: 'capture', key, sha256: sha256Hex(jsonBytes(m)), size: jsonBytes(m).length });
    await s3.store.put(key, Buffer.alloc(0), { contentType: 'application/json' });
    await ageIntents();
    expect(await ledger.repair()).toEqual({ appended: 0, dropped: 0 }); // a truncated object is not ledgered
    const before = await verifyBucket(s3.store);
    expect(before.faults.filter((f) => f.key === key).map((f) => f.code)).toContain('manifest_invalid');

    await createArchive({ store: s3.store, log, ledger }).putCapture(m);
    expect((await s3.store.get(key))!.equals(jsonBytes(m))).toBe(true);
    const e = await entriesFor(key);
    expect(e.map((x) => x.sha256)).toEqual([sha256Hex(jsonBytes(m))]);
    expect((await verifyBucket(s3.store)).faults.filter((f) => f.key === key)).toEqual([]);
  });

  it('verify names an empty or truncated event record', async () => {
    const key = `events/2024/11/12/${newId()}.candidate.json`;
    await s3.store.put(key, Buffer.from('{"v":1,"id":"x'), { contentType: 'application/json' });
    const r = await verifyBucket(s3.store);
    expect(r.faults.filter((f) => f.key === key).map((f) => f.code).sort()).toEqual(['not_in_ledger', 'record_invalid']);
  });
});
