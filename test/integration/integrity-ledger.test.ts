// Ledger + checkpoints + verifyBucket on real redis-server, s3rver and a local openssl TSA,
// wired through the real Archive. Every tamper yields its own precise fault.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArchive } from '../../src/archive/archive.js';
import { captureKey } from '../../src/archive/keys.js';
import type { CaptureManifest } from '../../src/archive/types.js';
import { newId, blobKey } from '../../src/ids.js';
import {
  createCheckpointer,
  createLedger,
  checkpointKey,
  ledgerKey,
  loadOrCreateKey,
  parseEntry,
  publishPublicKey,
  serializeEntry,
  type Checkpointer,
  type Ledger,
} from '../../src/archive/ledger/index.js';
import { verifyBucket } from '../../src/archive/verify/index.js';
import { startRedis, type TestRedis } from '../helpers/startRedis.js';
import { startS3, type TestS3 } from '../helpers/startS3.js';
import { startTsa, type LocalTsa } from '../helpers/startTsa.js';

const run = promisify(execFile);
const log = pino({ level: 'silent' });
let redisSrv: TestRedis;
let tsa: LocalTsa;
let dir: string;
let n = 0;

beforeAll(async () => {
  [redisSrv, tsa] = await Promise.all([startRedis(), startTsa()]);
  dir = await mkdtemp(join(tmpdir(), 'vigil-integrity-'));
});
afterAll(async () => {
  await Promise.all([redisSrv?.close(), tsa?.close()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

interface World {
  s3: TestS3;
  redis: Redis;
  ledger: Ledger;
  cp: Checkpointer;
  captures: CaptureManifest[];
  close(): Promise<void>;
}

/** A bucket with 3 captures (2 artifacts each), all ledgered, and a TSA-stamped checkpoint. */
async function world(): Promise<World> {
  const s3 = await startS3();
  const redis = new Redis(redisSrv.url);
  const prefix = `t${++n}`;
  const key = await loadOrCreateKey(join(dir, `k${n}`, 'ledger.pem'));
  await publishPublicKey(s3.store, key);
  const cp = createCheckpointer({ store: s3.store, redis, prefix, log, key, origin: 'vigil/test', entries: 1000, everyMs: 60_000, tsa: { url: tsa.url, trustedPem: tsa.caPem } });
  const ledger = createLedger({ redis, store: s3.store, log, prefix, afterAppend: (size) => cp.afterAppend(size) });
  const archive = createArchive({ store: s3.store, log, ledger });
  const captures: CaptureManifest[] = [];
  for (let i = 0; i < 3; i++) {
    const html = Buffer.from(`<html><body>post ${i}</body></html>`);
    const png = Buffer.from(`fake png ${i}`);
    const a = await archive.putBlob(html, 'text/html');
    const b = await archive.putBlob(png, 'image/png');
    const m: CaptureManifest = {
      v: 1, id: newId(), kind: 'browser', status: 'done', target: 'durov', url: `https://t.me/durov/${100 + i}`,
      tool: { name: 'vigil', version: '0.1.0' }, vantage: 'test', startedAt: new Date().toISOString(), finishedAt: new Date().toISOString(),
      artifacts: [
        { name: 'page.html', sha256: a.sha256, size: a.size, type: 'text/html' },
        { name: 'screenshot.png', sha256: b.sha256, size: b.size, type: 'image/png' },
      ],
      metadata: { platform: 'telegram', account: 'durov', text: `Post number ${i} about things`, publishedAt: '2024-11-12T10:00:00Z' },
    };
    await archive.putCapture(m);
    captures.push(m);
  }
  await cp.checkpoint();
  return { s3, redis, ledger, cp, captures, close: async () => { redis.disconnect(); await s3.close(); } };
}

const codes = (faults: { code: string; key: string }[]) => faults.map((f) => `${f.code} ${f.key}`);

describe('ledger, checkpoints and bucket verification', () => {
  it('a clean bucket verifies, and the checkpoint verifies with openssl', async () => {
    const w = await world();
    try {
      const r = await verifyBucket(w.s3.store, { tsaTrustedPem: tsa.caPem });
      expect(r.faults).toEqual([]);
      expect(r.ok).toBe(true);
      expect(r.counts).toMatchObject({ blobs: 6, ledgerEntries: 3, manifests: 3, checkpoints: 1, timestamps: 1, timestampsNotAnchored: 0 });
      const d = await mkdtemp(join(dir, 'cp-'));
      for (const [name, key] of [['ledger.pem', 'keys/ledger.pem'], ['3.body', checkpointKey(3, 'body')], ['3.sig', checkpointKey(3, 'sig')], ['3.tsr', checkpointKey(3, 'tsr')], ['chain.pem', 'keys/tsa-chain.pem']]) {
        await writeFile(join(d, name), (await w.s3.store.get(key))!);
      }
      const other = await startTsa();
      const pinned = await verifyBucket(w.s3.store, { tsaTrustedPem: other.caPem });
      await other.close();
      expect(codes(pinned.faults)).toEqual([`checkpoint_timestamp_invalid ${checkpointKey(3, 'tsr')}`]);
      const sig = await run('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', 'ledger.pem', '-rawin', '-in', '3.body', '-sigfile', '3.sig'], { cwd: d });
      expect(sig.stdout).toContain('Signature Verified Successfully');
      const ts = await run('openssl', ['ts', '-verify', '-data', '3.sig', '-in', '3.tsr', '-CAfile', 'chain.pem'], { cwd: d });
      expect(ts.stdout).toContain('Verification: OK');
      // sha256sum of the stored entry is the next entry's prev.
      await writeFile(join(d, 'e0.json'), (await w.s3.store.get(ledgerKey(0)))!);
      const sum = (await run('sha256sum', ['e0.json'], { cwd: d })).stdout.split(' ')[0];
      expect(parseEntry((await w.s3.store.get(ledgerKey(1)))!).prev).toBe(sum);
    } finally {
      await w.close();
    }
  });

  it('a flipped byte in a blob is reported on that blob', async () => {
    const w = await world();
    try {
      const k = blobKey(w.captures[1].artifacts[0].sha256);
      const b = (await w.s3.store.get(k))!;
      b[3] ^= 0x01;
      await w.s3.store.put(k, b, { contentType: 'text/html' });
      const r = await verifyBucket(w.s3.store);
      expect(r.ok).toBe(false);
      expect(codes(r.faults)).toEqual([`blob_hash_mismatch ${k}`]);
      expect(r.faults[0].message).toMatch(/altered or truncated after capture/);
    } finally {
      await w.close();
    }
  });

  it('a deleted manifest is reported as missing, naming its ledger entry', async () => {
    const w = await world();
    try {
      const k = captureKey(w.captures[2].id);
      await w.s3.store.remove(k);
      const r = await verifyBucket(w.s3.store);
      expect(codes(r.faults)).toEqual([`object_missing ${k}`]);
      expect(r.faults[0].message).toContain(`recorded in ${ledgerKey(2)}`);
    } finally {
      await w.close();
    }
  });

  it('an edited ledger entry breaks the next prev link and the signed root', async () => {
    const w = await world();
    try {
      const e = parseEntry((await w.s3.store.get(ledgerKey(1)))!);
      await w.s3.store.put(ledgerKey(1), serializeEntry({ ...e, size: e.size + 1 }), { contentType: 'application/json' });
      const r = await verifyBucket(w.s3.store);
      expect(codes(r.faults).sort()).toEqual([`checkpoint_root_mismatch ${checkpointKey(3, 'body')}`, `ledger_prev_mismatch ${ledgerKey(1)}`, `object_hash_mismatch ${captureKey(w.captures[1].id)}`].sort());
      expect(r.faults.find((f) => f.code === 'ledger_prev_mismatch')!.message).toMatch(/entry 1 was edited after entry 2/);
    } finally {
      await w.close();
    }
  });

  it('a removed entry is a gap; removing the last one is caught by the checkpoint', async () => {
    const w = await world();
    try {
      await w.s3.store.remove(ledgerKey(1));
      let r = await verifyBucket(w.s3.store);
      expect(codes(r.faults)).toEqual([`not_in_ledger ${captureKey(w.captures[1].id)}`, `ledger_gap ${ledgerKey(1)}`]);
      await w.s3.store.remove(ledgerKey(2));
      r = await verifyBucket(w.s3.store);
      expect(codes(r.faults)).toContain(`checkpoint_beyond_ledger ${checkpointKey(3, 'body')}`);
    } finally {
      await w.close();
    }
  });

  it('a bad signature is reported on the .sig (and its timestamp no longer matches)', async () => {
    const w = await world();
    try {
      const k = checkpointKey(3, 'sig');
      const sig = (await w.s3.store.get(k))!;
      sig[10] ^= 0x80;
      await w.s3.store.put(k, sig, { contentType: 'application/octet-stream' });
      const r = await verifyBucket(w.s3.store);
      expect(codes(r.faults)).toEqual([`checkpoint_signature_invalid ${k}`, `checkpoint_timestamp_invalid ${checkpointKey(3, 'tsr')}`]);
      expect(r.faults[1].message).toMatch(/message imprint mismatch/);
    } finally {
      await w.close();
    }
  });

  it('repairs a crash between the object write and the ledger append, and a crash mid-append', async () => {
    const w = await world();
    try {
      const body = Buffer.from('{"v":1}\n');
      const sha = (await import('../../src/ids.js')).sha256Hex;
      await w.ledger.intend({ type: 'custody', key: 'custody/2024/11/12/X.json', sha256: sha(body), size: body.length });
      await w.s3.store.put('custody/2024/11/12/X.json', body, { contentType: 'application/json' });
      await w.ledger.intend({ type: 'custody', key: 'custody/2024/11/12/never.json', sha256: sha(body), size: body.length });
      // "crash": nothing appended. Before repair, verify sees the unledgered object.
      expect(codes((await verifyBucket(w.s3.store)).faults)).toEqual(['not_in_ledger custody/2024/11/12/X.json']);
      // A second crash: an entry written to the bucket whose Redis head update never happened.
      const e3 = { v: 1 as const, seq: 3, prev: (await w.ledger.head()).hash, ts: new Date().toISOString(), type: 'seen' as const, key: captureKey(w.captures[0].id), sha256: parseEntry((await w.s3.store.get(ledgerKey(0)))!).sha256, size: 1, writer: 'crashed', fence: 0 };
      e3.size = parseEntry((await w.s3.store.get(ledgerKey(0)))!).size;
      // As a real append does: the pending record first, then the entry; the crash comes before the head update.
      await w.redis.set(`t${n}:ledger:pending`, JSON.stringify({ seq: 3, hash: sha(serializeEntry(e3)), intent: e3.key }));
      await w.s3.store.put(ledgerKey(3), serializeEntry(e3), { contentType: 'application/json' });
      const restarted = createLedger({ redis: w.redis, store: w.s3.store, log, prefix: `t${n}` });
      expect(await restarted.repair({ graceMs: 0 })).toEqual({ appended: 1, dropped: 1 });
      const head = await restarted.head();
      expect(head.seq).toBe(4);
      expect(parseEntry((await w.s3.store.get(ledgerKey(4)))!).key).toBe('custody/2024/11/12/X.json');
      await w.cp.checkpoint();
      const r = await verifyBucket(w.s3.store, { tsaTrustedPem: tsa.caPem });
      expect(r.faults).toEqual([]);
      // Two checkpoints (3 and 5): the second is checked to extend the first (consistency proof).
      expect(r.counts).toMatchObject({ ledgerEntries: 5, checkpoints: 2, timestamps: 2 });
    } finally {
      await w.close();
    }
  });

  it('two writer processes appending to one ledger produce one gap-free chain', async () => {
    const s3 = await startS3();
    const prefix = `conc${++n}`;
    try {
      const ledgerUrl = pathToFileURL(resolve('src/archive/ledger/ledger.ts')).href;
      const storeUrl = pathToFileURL(resolve('src/archive/s3-store.ts')).href;
      const code = `
        (async () => {
        const { Redis } = await import('ioredis'); const { default: pino } = await import('pino');
        const { createLedger } = await import('${ledgerUrl}'); const { createS3Store } = await import('${storeUrl}');
        const log = pino({ level: 'silent' });
        const redis = new Redis(process.env.REDIS_URL);
        const store = createS3Store({ settings: JSON.parse(process.env.S3), log });
        const ledger = createLedger({ redis, store, log, prefix: process.env.PREFIX, writer: process.env.WRITER });
        for (let i = 0; i < 20; i++) await ledger.append({ type: 'seen', key: 'seen/' + process.env.WRITER + '-' + i, sha256: 'a'.repeat(64), size: i });
        redis.disconnect(); store.close();
        })().catch((e) => { console.error(e); process.exit(1); });`;
      const tsx = resolve('node_modules/.bin/tsx');
      const runWriter = (writer: string) =>
        new Promise<void>((ok, fail) => {
          const c = spawn(tsx, ['--eval', code], { env: { ...process.env, REDIS_URL: redisSrv.url, S3: JSON.stringify(s3.settings), PREFIX: prefix, WRITER: writer }, stdio: ['ignore', 'ignore', 'pipe'] });
          let err = '';
          c.stderr.on('data', (d: Buffer) => (err += d.toString()));
          c.on('exit', (code) => (code === 0 ? ok() : fail(new Error(`writer ${writer} exited ${code}: ${err}`))));
        });
      await Promise.all([runWriter('A'), runWriter('B')]);
      const r = await verifyBucket(s3.store);
      expect(r.counts.ledgerEntries).toBe(40);
      // seen/* objects were never written, so only object_missing faults are allowed: no chain faults.
      expect(r.faults.filter((f) => f.code !== 'object_missing')).toEqual([]);
      const writers = new Set<string>();
      for (let s = 0; s < 40; s++) writers.add(parseEntry((await s3.store.get(ledgerKey(s)))!).writer);
      expect(writers).toEqual(new Set(['A', 'B']));
    } finally {
      await s3.close();
    }
  });

  it('the timer checkpoints new entries without any append hook', async () => {
    const w = await world();
    try {
      await w.ledger.append({ type: 'seen', key: captureKey(w.captures[0].id), sha256: parseEntry((await w.s3.store.get(ledgerKey(0)))!).sha256, size: parseEntry((await w.s3.store.get(ledgerKey(0)))!).size });
      const key = await loadOrCreateKey(join(dir, `k${n}`, 'ledger.pem'));
      const timed = createCheckpointer({ store: w.s3.store, redis: w.redis, prefix: `t${n}`, log, key, origin: 'vigil/test', entries: 1000, everyMs: 50 });
      timed.start();
      try {
        for (let i = 0; i < 200 && !(await w.s3.store.head(checkpointKey(4, 'body'))); i++) await new Promise((r) => setTimeout(r, 50));
      } finally {
        timed.stop();
      }
      const r = await verifyBucket(w.s3.store, { tsaTrustedPem: tsa.caPem });
      expect(r.faults).toEqual([]);
      expect(r.counts).toMatchObject({ checkpoints: 2, timestamps: 1 });
    } finally {
      await w.close();
    }
  });

  it('creates the signing key with mode 0600', async () => {
    const f = join(dir, 'modecheck', 'k.pem');
    await loadOrCreateKey(f);
    expect((await stat(f)).mode & 0o777).toBe(0o600);
  });
});
