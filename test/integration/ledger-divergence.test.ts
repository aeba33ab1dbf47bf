// Issue 8 §4: when the ledger head in Redis and the bucket disagree the writer stops and says so
// (VGL_LEDGER_DIVERGED, /healthz, /metrics) instead of chaining onto what the bucket holds now;
// restoring the bucket lets it resume. Crash repair runs in a worker-only process too.
// Real redis-server and s3rver; the catalog behind /healthz is the embedded PGlite.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../src/api/index.js';
import { createArchive } from '../../src/archive/archive.js';
import { createLedger, ledgerKey, parseEntry, serializeEntry, entryHash, type Ledger } from '../../src/archive/ledger/index.js';
import { createCatalog, type Catalog } from '../../src/catalog/index.js';
import { SettingsSchema } from '../../src/config/schema.js';
import { openCore } from '../../src/app/core.js';
import { sha256Hex } from '../../src/ids.js';
import { startRedis, type TestRedis } from '../helpers/startRedis.js';
import { startS3, type TestS3 } from '../helpers/startS3.js';

const log = pino({ level: 'silent' });
let catalog: Catalog;
let redisSrv: TestRedis;
let redis: Redis;
let dir: string;
let n = 0;

beforeAll(async () => {
  // PGlite first: its WASM start blocks the event loop (see api.test.ts).
  catalog = await createCatalog({ dataDir: '/nonexistent', database: {} }, log, { inMemory: true });
  redisSrv = await startRedis();
  redis = new Redis(redisSrv.url);
  dir = await mkdtemp(join(tmpdir(), 'vigil-diverge-'));
});
afterAll(async () => {
  redis?.disconnect();
  await catalog?.close();
  await redisSrv?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const seen = (i: number) => ({ type: 'seen' as const, key: `seen/2024/11/12/${i}.json`, sha256: sha256Hex(String(i)), size: i });

async function ledgerWith(s3: TestS3, entries: number): Promise<{ ledger: Ledger; prefix: string }> {
  const prefix = `div${++n}`;
  const ledger = createLedger({ redis, store: s3.store, log, prefix });
  for (let i = 0; i < entries; i++) await ledger.append(seen(i));
  return { ledger, prefix };
}

describe('ledger head: Redis and the bucket disagree', () => {
  it('an entry rewritten in the bucket stops the writer (error, /healthz, /metrics); restoring it resumes the chain', async () => {
    const s3 = await startS3();
    try {
      const { ledger } = await ledgerWith(s3, 3);
      const original = (await s3.store.get(ledgerKey(2)))!;
      // Someone with write access to the bucket rewrites the head entry (consistently chained).
      const forged = serializeEntry({ ...parseEntry(original), key: 'seen/2024/11/12/forged.json' });
      await s3.store.put(ledgerKey(2), forged, { contentType: 'application/json' });

      await expect(ledger.append(seen(3))).rejects.toMatchObject({
        code: 'VGL_LEDGER_DIVERGED',
        message: expect.stringContaining(`Redis records ${ledgerKey(2)} as the head with sha256 ${entryHash(original)}, but the bucket's copy hashes to ${entryHash(forged)}`),
      });
      expect(await s3.store.head(ledgerKey(3))).toBeNull(); // nothing chained onto the forged entry
      const status = await ledger.status();
      expect(status).toMatchObject({ ok: false, code: 'VGL_LEDGER_DIVERGED', seq: 2 });

      // Visible to an operator: /healthz answers 503 with the code, the gauge reads 1.
      const api = await buildApi({
        settings: { http: { host: '127.0.0.1', port: 0 } }, log, catalog,
        archive: createArchive({ store: s3.store, log }),
        targets: { add: async () => { throw new Error('unused'); }, list: async () => [], remove: async () => undefined },
        ledgerStatus: () => ledger.status(),
      });
      try {
        const h = await api.inject({ method: 'GET', url: '/healthz' });
        expect(h.statusCode).toBe(503);
        expect(h.json()).toMatchObject({ code: 'VGL_LEDGER_DIVERGED', message: expect.stringContaining('ledger stopped'), since: expect.any(String) });
        expect((await api.inject({ method: 'GET', url: '/metrics' })).body).toMatch(/^vigil_ledger_stopped 1$/m);

        // The operator restores the bucket's entry: appends resume from the genuine head.
        await s3.store.put(ledgerKey(2), original, { contentType: 'application/json' });
        await ledger.append(seen(3));
        expect(parseEntry((await s3.store.get(ledgerKey(3)))!).prev).toBe(entryHash(original));
        expect(await ledger.status()).toEqual({ ok: true });
        expect((await api.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
        expect((await api.inject({ method: 'GET', url: '/metrics' })).body).toMatch(/^vigil_ledger_stopped 0$/m);
      } finally {
        await api.close();
      }
    } finally {
      await s3.close();
    }
  });

  it('an entry added past the head behind Vigil\'s back stops the writer; a deleted head entry too', async () => {
    const s3 = await startS3();
    try {
      const { ledger } = await ledgerWith(s3, 2);
      const head = await ledger.head();
      const extra = serializeEntry({ ...parseEntry((await s3.store.get(ledgerKey(1)))!), seq: 2, prev: head.hash, key: 'seen/2024/11/12/planted.json' });
      await s3.store.put(ledgerKey(2), extra, { contentType: 'application/json' });
      await expect(ledger.append(seen(2))).rejects.toMatchObject({ code: 'VGL_LEDGER_DIVERGED', message: expect.stringContaining(`the bucket holds ${ledgerKey(2)}`) });
      expect(await s3.store.head(ledgerKey(3))).toBeNull();

      await s3.store.remove(ledgerKey(2));
      await s3.store.remove(ledgerKey(1));
      await expect(ledger.append(seen(2))).rejects.toMatchObject({ code: 'VGL_LEDGER_DIVERGED', message: expect.stringContaining("the bucket's copy is missing") });
      expect(await s3.store.head(ledgerKey(1))).toBeNull();
    } finally {
      await s3.close();
    }
  });

  it('a crashed append (its pending record names the entry that landed) is settled, not a disagreement', async () => {
    const s3 = await startS3();
    try {
      const { ledger, prefix } = await ledgerWith(s3, 2);
      const head = await ledger.head();
      const landed = serializeEntry({ ...parseEntry((await s3.store.get(ledgerKey(1)))!), seq: 2, prev: head.hash, key: 'seen/2024/11/12/crashed.json' });
      await redis.set(`${prefix}:ledger:pending`, JSON.stringify({ seq: 2, hash: entryHash(landed), intent: 'seen/2024/11/12/crashed.json' }));
      await s3.store.put(ledgerKey(2), landed, { contentType: 'application/json' });
      await ledger.append(seen(3));
      expect(parseEntry((await s3.store.get(ledgerKey(3)))!).prev).toBe(entryHash(landed));
      expect(await ledger.status()).toEqual({ ok: true });
    } finally {
      await s3.close();
    }
  });
});

describe('crash repair', () => {
  it('runs in a worker-only process: an intent left by a crashed writer is ledgered when the worker core opens', async () => {
    const s3 = await startS3();
    const prefix = `rep${++n}`;
    const key = 'custody/2024/11/12/01JCRASHED000000000000000.json';
    const body = Buffer.from('{"v":1,"action":"store"}\n');
    await s3.store.put(key, body, { contentType: 'application/json' });
    // The intent a writer records before its object write; it crashed before the append (2 min ago).
    await redis.hset(`${prefix}:ledger:intents`, key, JSON.stringify({ type: 'custody', key, sha256: sha256Hex(body), size: body.length, at: Date.now() - 120_000 }));
    const settings = SettingsSchema.parse({ dataDir: join(dir, `core${n}`), redis: { url: redisSrv.url, prefix }, s3: s3.settings, capture: { enabled: false } });
    const core = await openCore(settings, log);
    try {
      const entry = parseEntry((await s3.store.get(ledgerKey(0)))!);
      expect(entry).toMatchObject({ type: 'custody', key, sha256: sha256Hex(body), size: body.length });
      expect(await redis.hexists(`${prefix}:ledger:intents`, key)).toBe(0);
    } finally {
      await core.close();
      await s3.close();
    }
  });
});
