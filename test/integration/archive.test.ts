// Archive against a real s3rver: dedup, checksums on the wire, integrity on read, ledger order,
// deterministic records and the seen-log.
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArchive } from '../../src/archive/archive.js';
import { createS3Store, type S3Store } from '../../src/archive/s3-store.js';
import { createSeenLog } from '../../src/archive/seen-log.js';
import { SeenBatch } from '../../src/archive/seen-format.js';
import type { CaptureManifest, LedgerSink, ObjectStore } from '../../src/archive/types.js';
import { isVigilError } from '../../src/errors.js';
import { blobKey, deterministicId, sha256Hex } from '../../src/ids.js';
import { startS3, type TestS3 } from '../helpers/startS3.js';

const log = pino({ level: 'silent' });

/** Counts calls to the real store (instrumentation, not a mock: every call still reaches s3rver). */
function counting(store: ObjectStore) {
  const calls = { put: 0, head: 0, get: 0 };
  const wrapped: ObjectStore = {
    put: (...a) => (calls.put++, store.put(...a)),
    head: (k) => (calls.head++, store.head(k)),
    get: (k) => (calls.get++, store.get(k)),
    list: (p) => store.list(p),
    ping: () => store.ping(),
  };
  return { calls, store: wrapped };
}

function recordingLedger() {
  const entries: Parameters<LedgerSink['append']>[0][] = [];
  return { entries, sink: { append: async (e) => void entries.push(e) } satisfies LedgerSink };
}

const manifest = (id: string, sha: string, size: number): CaptureManifest => ({
  v: 1,
  id,
  kind: 'http',
  status: 'done',
  target: 'telegram-durov',
  url: 'https://t.me/s/durov',
  tool: { name: 'vigil', version: '0.1.0' },
  vantage: 'local',
  startedAt: '2024-11-12T10:00:00.000Z',
  finishedAt: '2024-11-12T10:00:01.000Z',
  artifacts: [{ name: 'page.html', sha256: sha, size, type: 'text/html' }],
  response: { status: 200, headers: { 'content-type': 'text/html' }, finalUrl: 'https://t.me/s/durov' },
});

let s3: TestS3;
let page: Buffer;
beforeAll(async () => {
  s3 = await startS3();
  // 256 KiB of deterministic bytes standing in for a captured page.
  page = Buffer.concat(Array.from({ length: 8192 }, (_, i) => Buffer.from(sha256Hex(String(i)), 'hex')));
});
afterAll(async () => {
  await s3.close();
});

describe('S3Store on s3rver', () => {
  it('detects that s3rver ignores If-None-Match and checksums', async () => {
    expect(await s3.store.probe()).toEqual({ conditionalPut: false, verifiesChecksum: false });
  });

  it('sends ChecksumSHA256 (base64 of the raw digest) on put', async () => {
    // A recording HTTP proxy in front of s3rver sees the real request headers.
    const seen: IncomingHttpHeaders[] = [];
    const target = new URL(s3.endpoint);
    const proxy: Server = createServer((req, res) => {
      seen.push(req.headers);
      const up = request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (r) => {
        res.writeHead(r.statusCode ?? 502, r.headers);
        r.pipe(res);
      });
      req.pipe(up);
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const port = (proxy.address() as { port: number }).port;
    const store = createS3Store({ settings: { ...s3.settings, endpoint: `http://127.0.0.1:${port}` }, log });
    try {
      const body = Buffer.from('checksum me');
      await store.put('checksum/a', body, { contentType: 'text/plain', sha256: sha256Hex(body) });
      const put = seen.find((h) => h['x-amz-checksum-sha256']);
      expect(put?.['x-amz-checksum-sha256']).toBe(Buffer.from(sha256Hex(body), 'hex').toString('base64'));
      expect((await s3.store.get('checksum/a'))?.equals(body)).toBe(true);
    } finally {
      store.close();
      proxy.closeAllConnections();
      await new Promise((r) => proxy.close(r));
    }
  });

  it('HEAD-then-PUT keeps write-once keys when the store ignores If-None-Match', async () => {
    await s3.store.probe();
    await s3.store.put('once/a', Buffer.from('first'), { contentType: 'text/plain', ifNoneMatch: true });
    await s3.store.put('once/a', Buffer.from('second'), { contentType: 'text/plain', ifNoneMatch: true });
    expect((await s3.store.get('once/a'))?.toString()).toBe('first');
  });

  it('lists keys across pages', async () => {
    for (let i = 0; i < 5; i++) await s3.store.put(`list/${i}`, Buffer.from(String(i)), { contentType: 'text/plain' });
    const paged = createS3Store({ settings: s3.settings, log, listPageSize: 2 });
    const keys: string[] = [];
    for await (const k of paged.list('list/')) keys.push(k);
    paged.close();
    expect(keys.sort()).toEqual(['list/0', 'list/1', 'list/2', 'list/3', 'list/4']);
  });
});

describe('Archive', () => {
  it('stores a blob once: no upload on the second put, no HEAD when the hash is known', async () => {
    const c = counting(s3.store);
    const archive = createArchive({ store: c.store, log });
    const a = await archive.putBlob(page, 'text/html');
    expect(a).toEqual({ sha256: sha256Hex(page), size: page.length });
    expect(c.calls).toMatchObject({ put: 1, head: 1 });
    await archive.putBlob(page, 'text/html');
    expect(c.calls).toMatchObject({ put: 1, head: 1 });
    // A fresh worker (empty cache) finds it with one HEAD and does not upload.
    const c2 = counting(s3.store);
    await createArchive({ store: c2.store, log }).putBlob(page, 'text/html');
    expect(c2.calls).toMatchObject({ put: 0, head: 1 });
    expect((await archive.getBlob(a.sha256))?.equals(page)).toBe(true);
  });

  it('detects a flipped byte in a stored blob on read', async () => {
    const archive = createArchive({ store: s3.store, log });
    const bytes = Buffer.from('evidence bytes that must not change');
    const { sha256 } = await archive.putBlob(bytes, 'text/plain');
    const file = join(s3.directory, s3.bucket, `${blobKey(sha256)}._S3rver_object`);
    const onDisk = await readFile(file);
    onDisk[3] ^= 0x01;
    await writeFile(file, onDisk);
    const err = await archive.getBlob(sha256).catch((e: unknown) => e);
    expect(isVigilError(err, 'VGL_STORE_INTEGRITY')).toBe(true);
    expect((err as Error).message).toContain(sha256);
  });

  it('writes records deterministically, validates them, and appends to the ledger after they are stored', async () => {
    const ledger = recordingLedger();
    const seenAtAppend: boolean[] = [];
    const sink: LedgerSink = {
      append: async (e) => {
        seenAtAppend.push((await s3.store.head(e.key)) !== null);
        await ledger.sink.append(e);
      },
    };
    const archive = createArchive({ store: s3.store, log, ledger: sink });
    const blob = await archive.putBlob(page, 'text/html');
    const id = deterministicId(Date.UTC(2024, 10, 12, 10), 'capture-1');
    const m = manifest(id, blob.sha256, blob.size);
    const first = await archive.putCapture(m);
    const reordered = Object.fromEntries(Object.entries(m).reverse()) as CaptureManifest;
    const second = await archive.putCapture(reordered);
    expect(first.key).toBe(`captures/2024/11/12/${id}.json`);
    expect(second.sha256).toBe(first.sha256);
    expect(await archive.getCapture(id)).toEqual(m);
    expect(ledger.entries.map((e) => [e.type, e.key, e.sha256])).toEqual([
      ['capture', first.key, first.sha256],
      ['capture', first.key, first.sha256],
    ]);
    expect(seenAtAppend).toEqual([true, true]);
    // A malformed record never reaches the bucket.
    await expect(archive.putCapture({ ...m, id: deterministicId(Date.UTC(2024, 10, 12), 'bad'), vantage: 3 } as unknown as CaptureManifest)).rejects.toMatchObject({ code: 'VGL_INTERNAL' });
    expect(ledger.entries).toHaveLength(2);
  });

  it('rejects a record read back that does not match its schema', async () => {
    const archive = createArchive({ store: s3.store, log });
    const id = deterministicId(Date.UTC(2024, 10, 13), 'broken');
    await s3.store.put(`captures/2024/11/13/${id}.json`, Buffer.from('{"v":1,"id":"x"}'), { contentType: 'application/json' });
    const err = await archive.getCapture(id).catch((e: unknown) => e);
    expect(isVigilError(err, 'VGL_STORE_INTEGRITY')).toBe(true);
    expect(await archive.getCapture(deterministicId(Date.UTC(2024, 10, 13), 'absent'))).toBeNull();
  });

  it('writes unchanged polls as one small seen object with no blobs', async () => {
    const s = await startS3();
    try {
      const ledger = recordingLedger();
      const archive = createArchive({ store: s.store, log, ledger: ledger.sink });
      const seen = createSeenLog({ archive, log, flushEveryMs: 60_000, maxEntries: 10_000 });
      const digest = sha256Hex('same content');
      for (let i = 0; i < 200; i++) seen.record({ target: `telegram-t${i % 20}`, at: new Date(Date.UTC(2024, 10, 12, 10, 0, i)).toISOString(), observationRef: deterministicId(0, `o${i % 20}`), contentDigest: digest });
      await seen.stop();
      const keys: string[] = [];
      for await (const k of s.store.list('')) keys.push(k);
      const seenKeys = keys.filter((k) => k.startsWith('seen/'));
      expect(seenKeys).toHaveLength(1);
      expect(keys.filter((k) => k.startsWith('blobs/'))).toHaveLength(0);
      const size = (await s.store.head(seenKeys[0]))!.size;
      expect(size / 200).toBeLessThan(1024);
      const batch = await archive.getJson(seenKeys[0], SeenBatch);
      expect(batch?.entries).toHaveLength(200);
      expect(ledger.entries.map((e) => e.type)).toEqual(['seen']);
      expect(await seen.flush()).toBeNull();
    } finally {
      await s.close();
    }
  });
});
