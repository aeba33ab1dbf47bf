// Checkpoints at scale on a real redis-server and s3rver: a new process resumes the Merkle tree
// from the last checkpoint's tiles (reading only the entries added since), publishes tiles and the
// ledger index, and refuses to resume from a checkpoint another key signed.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PUBLIC_KEY_KEY, createCheckpointer, createLedger, loadOrCreateKey } from '../../src/archive/ledger/index.js';
import { ledgerKey } from '../../src/archive/ledger/entry.js';
import { leafHash, treeRoot } from '../../src/archive/ledger/merkle.js';
import { indexKey, parseIndex } from '../../src/archive/ledger/ledger-index.js';
import type { ObjectStore } from '../../src/archive/types.js';
import { verifyBucket } from '../../src/archive/verify/index.js';
import { sha256Hex } from '../../src/ids.js';
import { startRedis, type TestRedis } from '../helpers/startRedis.js';
import { startS3, type TestS3 } from '../helpers/startS3.js';

const log = pino({ level: 'silent' });
let redisSrv: TestRedis;
let redis: Redis;
let s3: TestS3;
let dir: string;
beforeAll(async () => {
  [redisSrv, s3] = await Promise.all([startRedis(), startS3()]);
  redis = new Redis(redisSrv.url, { maxRetriesPerRequest: null });
  dir = await mkdtemp(join(tmpdir(), 'vigil-tiles-'));
});
afterAll(async () => {
  await redis.quit();
  await Promise.all([redisSrv.close(), s3.close()]);
  await rm(dir, { recursive: true, force: true });
});

/** The store, counting reads of ledger entries. */
const counting = (store: ObjectStore) => {
  const reads: number[] = [];
  const s: ObjectStore = { ...store, get: async (k) => (k.startsWith('ledger/') && reads.push(Number(k.slice(7, 19))), store.get(k)), list: (p) => store.list(p), head: (k) => store.head(k), put: (k, b, o) => store.put(k, b, o), ping: () => store.ping() };
  return { store: s, reads };
};

it('a new process resumes from tiles, reads only the new entries, and indexes them', async () => {
  const key = await loadOrCreateKey(join(dir, 'ledger.pem'));
  const prefix = 'tiles';
  await s3.store.put(PUBLIC_KEY_KEY, Buffer.from(key.publicPem), { contentType: 'application/x-pem-file' });
  const ledger = createLedger({ redis, store: s3.store, log, prefix });
  const append = async (i: number) => {
    const body = Buffer.from(`{"i":${i}}\n`);
    const k = `custody/2026/01/01/R${String(i).padStart(6, '0')}.json`;
    await s3.store.put(k, body, { contentType: 'application/json' });
    await ledger.append({ type: 'custody', key: k, sha256: sha256Hex(body), size: body.length });
  };
  for (let i = 0; i < 300; i++) await append(i);
  const first = createCheckpointer({ store: s3.store, redis, prefix, log, key, origin: 'vigil/test', entries: 100_000, everyMs: 60_000 });
  expect((await first.checkpoint())?.size).toBe(300);
  for (let i = 300; i < 310; i++) await append(i);

  const c = counting(s3.store);
  const second = createCheckpointer({ store: c.store, redis, prefix, log, key, origin: 'vigil/test', entries: 100_000, everyMs: 60_000 });
  const cp = await second.checkpoint();
  expect(cp?.size).toBe(310);
  // Entry 299 (the resumed checkpoint's head) and the ten new ones: nothing before.
  expect([...new Set(c.reads)].sort((a, b) => a - b)).toEqual([299, ...Array.from({ length: 10 }, (_, i) => 300 + i)]);
  const all = await Promise.all(Array.from({ length: 310 }, (_, i) => s3.store.get(ledgerKey(i))));
  expect(cp!.root.equals(treeRoot(all.map((b) => leafHash(b!))))).toBe(true);
  const idx = parseIndex((await s3.store.get(indexKey(310)))!);
  expect(idx.map((l) => l.seq)).toEqual(Array.from({ length: 10 }, (_, i) => 300 + i));
  expect(idx[0].key).toBe('custody/2026/01/01/R000300.json');
  expect((await verifyBucket(s3.store, { trustedKeys: [key.fingerprint] })).faults).toEqual([]);

  // Another key never resumes from our signed state: it re-derives the tree from every entry.
  for (let i = 310; i < 312; i++) await append(i);
  const other = await loadOrCreateKey(join(dir, 'other.pem'));
  const o = counting(s3.store);
  const foreign = createCheckpointer({ store: o.store, redis, prefix, log, key: other, origin: 'vigil/test', entries: 100_000, everyMs: 60_000 });
  expect((await foreign.checkpoint())?.size).toBe(312);
  expect(new Set(o.reads).size).toBe(312);
});
