// Evidence packages end to end on real redis-server, s3rver and a local openssl TSA: the
// package's own VERIFY.md commands (sha256sum, openssl) pass in a shell, verifyPackage agrees,
// and a tampered package fails both.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createArchive } from '../../src/archive/archive.js';
import type { CaptureManifest } from '../../src/archive/types.js';
import { newId } from '../../src/ids.js';
import { createCheckpointer, createLedger, loadOrCreateKey, publishPublicKey, type SigningKey } from '../../src/archive/ledger/index.js';
import { buildPackage, verifyCommands, verifyPackage } from '../../src/archive/export/index.js';
import { unzipFiles, zipFiles } from '../../src/archive/export/zip.js';
import { verifyBucket } from '../../src/archive/verify/index.js';
import { startRedis, type TestRedis } from '../helpers/startRedis.js';
import { startS3, type TestS3 } from '../helpers/startS3.js';
import { startTsa, type LocalTsa } from '../helpers/startTsa.js';

const sh = promisify(execFile);
const log = pino({ level: 'silent' });
let redisSrv: TestRedis;
let tsa: LocalTsa;
let s3: TestS3;
let redis: Redis;
let dir: string;
let key: SigningKey;
const captures: CaptureManifest[] = [];
let deps: Parameters<typeof buildPackage>[0];

beforeAll(async () => {
  [redisSrv, tsa, s3] = await Promise.all([startRedis(), startTsa(), startS3()]);
  dir = await mkdtemp(join(tmpdir(), 'vigil-pkg-'));
  redis = new Redis(redisSrv.url);
  key = await loadOrCreateKey(join(dir, 'key.pem'));
  await publishPublicKey(s3.store, key);
  const cp = createCheckpointer({ store: s3.store, redis, prefix: 'pkg', log, key, origin: 'vigil/test', entries: 1000, everyMs: 60_000, tsa: { url: tsa.url, trustedPem: tsa.caPem } });
  const ledger = createLedger({ redis, store: s3.store, log, prefix: 'pkg', afterAppend: (n) => cp.afterAppend(n) });
  const archive = createArchive({ store: s3.store, log, ledger });
  for (let i = 0; i < 4; i++) {
    const html = await archive.putBlob(Buffer.from(`<html>post ${i} — текст</html>`), 'text/html');
    const png = await archive.putBlob(Buffer.from(`png ${i}`), 'image/png');
    const m: CaptureManifest = {
      v: 1, id: newId(), kind: 'browser', status: 'done', target: 'durov', url: `https://t.me/durov/${500 + i}`,
      tool: { name: 'vigil', version: '0.1.0', browser: 'chromium' }, vantage: 'test', startedAt: new Date().toISOString(), finishedAt: new Date().toISOString(),
      artifacts: [
        { name: 'page.html', sha256: html.sha256, size: html.size, type: 'text/html' },
        { name: 'media/0 shot.png', sha256: png.sha256, size: png.size, type: 'image/png' },
      ],
      metadata: { text: `Statement ${i}: we will not be silenced, whatever happens next week`, publishedAt: '2024-11-12T10:00:00Z' },
    };
    await archive.putCapture(m);
    captures.push(m);
  }
  deps = { store: s3.store, log, signingKey: key, ledger, checkpoint: () => cp.checkpoint(), archiveUrl: (id) => `https://vigil.example/captures/${id}` };
});
afterAll(async () => {
  redis?.disconnect();
  await Promise.all([redisSrv?.close(), tsa?.close(), s3?.close()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function extract(zip: Buffer, to: string): Promise<void> {
  for (const [p, b] of await unzipFiles(zip)) {
    await mkdir(dirname(join(to, p)), { recursive: true });
    await writeFile(join(to, p), b);
  }
}

describe('evidence package', () => {
  it('passes its own VERIFY.md commands and verifyPackage; records the export as custody', async () => {
    const pkg = await buildPackage(deps, { captureIds: [captures[1].id, captures[3].id] });
    expect(pkg.files).toEqual(expect.arrayContaining([
      `artifacts/${captures[1].id}/page.html`, `artifacts/${captures[1].id}/media/0_shot.png`, 'SHA256SUMS', 'SHA256SUMS.sig', 'VERIFY.md',
      `checkpoint/${pkg.checkpointSize}.body`, `checkpoint/${pkg.checkpointSize}.sig`, `checkpoint/${pkg.checkpointSize}.tsr`, 'tsa/chain.pem', 'keys/ledger.pem',
      'citations.md', 'citations.csv', 'citations.json', 'proofs/000000000001.json', 'proofs/000000000003.json',
    ]));
    expect(pkg.checkpointSize).toBe(4);
    const out = join(dir, 'ok');
    await extract(pkg.zip, out);
    const md = (await unzipFiles(pkg.zip)).get('VERIFY.md')!.toString();
    const cmds = verifyCommands(md);
    expect(cmds[0]).toBe('sha256sum -c SHA256SUMS');
    expect(cmds).toContain('openssl ts -verify -data checkpoint/4.sig -in checkpoint/4.tsr -CAfile tsa/chain.pem');
    for (const c of cmds) await sh('sh', ['-c', c], { cwd: out }); // throws on a non-zero exit
    expect(cmds.length).toBeGreaterThan(6);

    const zipPath = join(dir, 'case.zip');
    await writeFile(zipPath, pkg.zip);
    const r = await verifyPackage(zipPath, { tsaTrustedPem: tsa.caPem });
    expect(r.faults).toEqual([]);
    expect(r.ok).toBe(true);
    expect(pkg.citations.map((c) => c.title)).toEqual(['Statement 1: we will not be silenced, whatever happens next week', 'Statement 3: we will not be silenced, whatever happens next week']);

    // The export itself is a ledgered custody entry, and the bucket still verifies.
    const b = await verifyBucket(s3.store);
    expect(b.faults).toEqual([]);
    expect(b.counts.ledgerEntries).toBe(5);
  });

  it('an altered artifact fails sha256sum -c and verifyPackage with the precise faults', async () => {
    const pkg = await buildPackage({ ...deps, ledger: undefined }, { captureIds: [captures[0].id] });
    const files = await unzipFiles(pkg.zip);
    const art = `artifacts/${captures[0].id}/page.html`;
    files.set(art, Buffer.from('<html>forged</html>'));
    const forged = await zipFiles(files);
    const out = join(dir, 'bad');
    await extract(forged, out);
    await expect(sh('sh', ['-c', 'sha256sum -c SHA256SUMS'], { cwd: out })).rejects.toMatchObject({ stdout: expect.stringContaining('page.html: FAILED') });
    const r = await verifyPackage(forged);
    expect(r.ok).toBe(false);
    expect(r.faults.map((f) => `${f.code} ${f.key}`)).toEqual([`blob_hash_mismatch ${art}`, `package_hash_mismatch ${art}`]);
  });

  it('a checkpoint body edited inside the package fails the openssl signature check and verifyPackage', async () => {
    const pkg = await buildPackage({ ...deps, ledger: undefined }, { captureIds: [captures[2].id] });
    const files = await unzipFiles(pkg.zip);
    const n = pkg.checkpointSize;
    const body = files.get(`checkpoint/${n}.body`)!.toString().replace(/time .*/, 'time 2020-01-01T00:00:00.000Z');
    files.set(`checkpoint/${n}.body`, Buffer.from(body));
    const out = join(dir, 'badsig');
    await extract(await zipFiles(files), out);
    await expect(sh('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', 'keys/ledger.pem', '-rawin', '-in', `checkpoint/${n}.body`, '-sigfile', `checkpoint/${n}.sig`], { cwd: out })).rejects.toThrow();
    const r = await verifyPackage(await zipFiles(files));
    expect(r.faults.map((f) => f.code)).toEqual(expect.arrayContaining(['checkpoint_signature_invalid', 'package_hash_mismatch']));
  });
});
