// The Archive's side of evidence integrity, on real redis-server and s3rver: the ledger intent
// written before each record put is repaired by the next openIntegrity() after a crash; records
// are never overwritten; Object Lock is detected once (s3rver has none: one warning, writes go
// on); the S3 store streams bodies for verify.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArchive } from '../../src/archive/archive.js';
import { captureKey } from '../../src/archive/keys.js';
import { isRetainedKey, retentionParams } from '../../src/archive/object-lock.js';
import { createS3Store } from '../../src/archive/s3-store.js';
import type { CaptureManifest, LedgerSink } from '../../src/archive/types.js';
import { openIntegrity, parseEntry, seqFromKey } from '../../src/archive/ledger/index.js';
import { verifyBucket } from '../../src/archive/verify/index.js';
import { SettingsSchema, type Settings } from '../../src/config/schema.js';
import { isVigilError } from '../../src/errors.js';
import { newId, sha256Hex } from '../../src/ids.js';
import { startRedis, type TestRedis } from '../helpers/startRedis.js';
import { startS3, type TestS3 } from '../helpers/startS3.js';

const log = pino({ level: 'silent' });
let redisSrv: TestRedis;
let s3: TestS3;
let redis: Redis;
let dir: string;
let settings: Settings;

const manifest = (over: Partial<CaptureManifest> = {}): CaptureManifest => ({
  v: 1, id: newId(), kind: 'http', status: 'done', target: 'durov', url: 'https://t.me/s/durov', tool: { name: 'vigil', version: '0.1.0' }, vantage: 'test',
  startedAt: '2024-11-12T10:00:00.000Z', finishedAt: '2024-11-12T10:00:01.000Z', artifacts: [], ...over,
});

const entries = async () => {
  const out = [];
  for await (const k of s3.store.list('ledger/')) if (seqFromKey(k) !== null) out.push(parseEntry((await s3.store.get(k))!, k));
  return out.sort((a, b) => a.seq - b.seq);
};

beforeAll(async () => {
  [redisSrv, s3] = await Promise.all([startRedis(), startS3()]);
  redis = new Redis(redisSrv.url);
  dir = await mkdtemp(join(tmpdir(), 'vigil-intarch-'));
  settings = SettingsSchema.parse({ dataDir: dir, redis: { prefix: 'intarch' }, s3: s3.settings });
});
afterAll(async () => {
  redis?.disconnect();
  await Promise.all([redisSrv?.close(), s3?.close()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('archive integrity', () => {
  it('a crash between the record write and the ledger append is repaired by the next openIntegrity', async () => {
    const first = await openIntegrity({ settings, redis, store: s3.store, log });
    const good = createArchive({ store: s3.store, log, ledger: first.ledger });
    await good.putCapture(manifest());
    // The process "dies" right after the object write: intent recorded, append never happens.
    const dying: LedgerSink = {
      intend: (e) => first.ledger.intend(e),
      append: async () => {
        throw new Error('killed between put and append');
      },
    };
    const lost = manifest();
    await expect(createArchive({ store: s3.store, log, ledger: dying }).putCapture(lost)).rejects.toThrow('killed');
    // And one intent whose object never reached the store (died before the put).
    await first.ledger.intend({ type: 'capture', key: captureKey(newId()), sha256: sha256Hex('never'), size: 5 });
    await first.close();

    expect(await s3.store.head(captureKey(lost.id))).not.toBeNull();
    expect((await verifyBucket(s3.store)).faults.map((f) => `${f.code} ${f.key}`)).toEqual([`not_in_ledger ${captureKey(lost.id)}`]);
    expect((await entries()).map((e) => e.key)).not.toContain(captureKey(lost.id));

    // The restart comes more than the repair grace (60 s) after the crash: age the intents.
    const intents = await redis.hgetall('intarch:ledger:intents');
    expect(Object.keys(intents)).toHaveLength(2);
    for (const [k, v] of Object.entries(intents)) await redis.hset('intarch:ledger:intents', k, JSON.stringify({ ...JSON.parse(v), at: Date.now() - 120_000 }));

    const second = await openIntegrity({ settings, redis, store: s3.store, log });
    const after = await entries();
    const repaired = after.filter((e) => e.key === captureKey(lost.id));
    expect(repaired).toHaveLength(1);
    expect(repaired[0].sha256).toBe(sha256Hex((await s3.store.get(captureKey(lost.id)))!));
    expect(await redis.hlen('intarch:ledger:intents')).toBe(0);
    await second.checkpointer.checkpoint();
    const report = await verifyBucket(s3.store);
    expect(report.faults).toEqual([]);
    expect(report.counts.ledgerEntries).toBe(after.length);
    await second.close();
  });

  it('never overwrites a record: a retried write with other bytes keeps what is stored, ledgered once', async () => {
    const lines: { level: number; msg: string; kept?: string }[] = [];
    const sink = new Writable({ write: (c, _e, cb) => (lines.push(...String(c).trim().split('\n').map((l) => JSON.parse(l) as never)), cb()) });
    const integrity = await openIntegrity({ settings, redis, store: s3.store, log });
    const archive = createArchive({ store: s3.store, log: pino({ level: 'warn' }, sink), ledger: integrity.ledger });
    const m = manifest();
    const a = await archive.putCapture(m);
    const b = await archive.putCapture({ ...m, finishedAt: '2024-11-12T10:00:09.000Z' });
    expect(b.sha256).toBe(a.sha256);
    expect(sha256Hex((await s3.store.get(captureKey(m.id)))!)).toBe(a.sha256);
    expect((await archive.getCapture(m.id))!.finishedAt).toBe(m.finishedAt);
    expect(lines.filter((l) => l.level === 40).map((l) => [l.msg, l.kept])).toEqual([['record key already holds other bytes; kept the stored record (evidence is never overwritten)', a.sha256]]);
    const same = (await entries()).filter((e) => e.key === captureKey(m.id));
    expect(same.map((e) => e.sha256)).toEqual([a.sha256]);
    await integrity.checkpointer.checkpoint();
    expect((await verifyBucket(s3.store)).faults).toEqual([]);
    await integrity.close();
  });

  it('Object Lock: evidence keys get COMPLIANCE retention; s3rver lacks it, so one warning and writes go on', async () => {
    expect(retentionParams('blobs/sha256/ab/cd/abcd', 30, new Date('2024-11-12T00:00:00Z'))).toEqual({ ObjectLockMode: 'COMPLIANCE', ObjectLockRetainUntilDate: new Date('2024-12-12T00:00:00Z') });
    expect(retentionParams('captures/2024/11/12/x.json', 0, new Date())).toEqual({});
    expect(['ledger/000000000001.json', 'targets/durov.json', '_vigil/probe/x', 'checkpoints/000000000001.body'].some(isRetainedKey)).toBe(false);

    const lines: { level: number; msg: string }[] = [];
    const sink = new Writable({ write: (c, _e, cb) => (lines.push(...String(c).trim().split('\n').map((l) => JSON.parse(l) as never)), cb()) });
    const store = createS3Store({ settings: s3.settings, log: pino({ level: 'info' }, sink), objectLockDays: 30, maxAttempts: 1 });
    try {
      const archive = createArchive({ store, log });
      await Promise.all([archive.putBlob(Buffer.from('one'), 'text/plain'), archive.putBlob(Buffer.from('two'), 'text/plain'), archive.putCapture(manifest())]);
      await archive.putCapture(manifest());
      expect(await store.objectLock()).toBe(false);
      expect(lines.filter((l) => /object lock/i.test(l.msg)).map((l) => [l.level, l.msg])).toEqual([
        [40, 'object lock requested (integrity.objectLockDays) but the bucket has no Object Lock; writing without retention, `vigil verify --bucket` remains the guarantee'],
      ]);
      expect(await archive.getBlob(sha256Hex('two'))).toEqual(Buffer.from('two'));
    } finally {
      store.close();
    }
  });

  it('streams bodies (verify hashes blobs without buffering them)', async () => {
    const archive = createArchive({ store: s3.store, log });
    const big = Buffer.alloc(3 * 1024 * 1024, 7);
    const { sha256 } = await archive.putBlob(big, 'application/octet-stream');
    const s = await s3.store.getStream(`blobs/sha256/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}`);
    const chunks: Buffer[] = [];
    for await (const c of s!) chunks.push(c as Buffer);
    expect(chunks.length).toBeGreaterThan(1);
    expect(sha256Hex(Buffer.concat(chunks))).toBe(sha256);
    expect(await s3.store.getStream('blobs/none')).toBeNull();
    const bad = createS3Store({ settings: { ...s3.settings, endpoint: 'http://127.0.0.1:9' }, log, maxAttempts: 1 });
    await expect(bad.getStream('x')).rejects.toSatisfy((e: unknown) => isVigilError(e, 'VGL_STORE_UNAVAILABLE'));
    bad.close();
  });
});
