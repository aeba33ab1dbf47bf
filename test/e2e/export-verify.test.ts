// The real `vigil` CLI (tsx src/cli/main.ts): `vigil export` against a running API backed by the
// real exporter, `vigil keys fingerprint`, `vigil verify case.zip` unpinned (warned), pinned,
// re-signed with another key (key_not_trusted), tampered, and a ZIP bomb; and
// `vigil verify --bucket` on a data dir holding the embedded store (nothing else running),
// before and after one blob byte is flipped on disk.
import { execFile } from 'node:child_process';
import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../src/api/index.js';
import { createArchive } from '../../src/archive/archive.js';
import { createS3Store, type S3Store } from '../../src/archive/s3-store.js';
import { blobKey } from '../../src/archive/keys.js';
import { keyFromPem } from '../../src/archive/ledger/index.js';
import { unzipFiles, zipFiles } from '../../src/archive/export/zip.js';
import { createCatalog, reindex, type Catalog } from '../../src/catalog/index.js';
import { SettingsSchema } from '../../src/config/schema.js';
import { sha256Hex } from '../../src/ids.js';
import { openEvidence, type Evidence } from '../../src/integrity/index.js';
import { startEmbeddedS3, type EmbeddedS3 } from '../../src/services/s3.js';
import { runVigil, type CliResult } from '../helpers/cli.js';
import { startRedis, type TestRedis } from '../helpers/startRedis.js';
import { IDS, TID, seedWorld, type World } from '../integration/integrity-fixture.js';

const log = pino({ level: 'silent' });
let dir: string;
let catalog: Catalog;
let redisSrv: TestRedis;
let redis: Redis;
let s3: EmbeddedS3 | undefined;
let store: S3Store;
let evidence: Evidence | undefined;
let api: FastifyInstance | undefined;
let url = '';
let world: World;

const sh = promisify(execFile);

/** The package as someone holding another key would re-sign it: new key, checkpoint signature, seal. */
async function resign(zip: Buffer): Promise<{ zip: Buffer; fingerprint: string }> {
  const { privateKey } = generateKeyPairSync('ed25519');
  const key = keyFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
  const files = await unzipFiles(zip);
  const n = (JSON.parse(files.get('package-index.json')!.toString()) as { checkpointSize: number }).checkpointSize;
  files.set('keys/ledger.pem', Buffer.from(key.publicPem));
  files.set(`checkpoint/${n}.sig`, sign(null, files.get(`checkpoint/${n}.body`)!, key.privateKey));
  files.delete('SHA256SUMS');
  files.delete('SHA256SUMS.sig');
  const sums = [...files].sort(([a], [b]) => (a < b ? -1 : 1)).map(([p, b]) => `${sha256Hex(b)}  ${p}`).join('\n') + '\n';
  files.set('SHA256SUMS', Buffer.from(sums));
  files.set('SHA256SUMS.sig', sign(null, Buffer.from(sums), key.privateKey));
  return { zip: await zipFiles(files), fingerprint: key.fingerprint };
}

/** The CLI with a clean environment: only the data dir (and the API URL) come from the test. */
function vigil(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VIGIL_')));
  return runVigil(args, { ...base, VIGIL_DATA_DIR: dir, VIGIL_API_URL: url, ...env });
}

beforeAll(async () => {
  catalog = await createCatalog({ dataDir: '/nonexistent', database: {} }, log, { inMemory: true });
  dir = await mkdtemp(join(tmpdir(), 'vigil-e2e-verify-'));
  redisSrv = await startRedis();
  redis = new Redis(redisSrv.url);
  // The embedded store of this data dir, with the default bucket, as `vigil run` would have it.
  s3 = await startEmbeddedS3({ dataDir: dir, bucket: 'vigil', log });
  const settings = SettingsSchema.parse({ dataDir: dir, redis: { prefix: 'e2ev' }, s3: { endpoint: s3.endpoint, bucket: 'vigil' } });
  store = createS3Store({ settings: settings.s3, log });
  evidence = await openEvidence({ settings, log, redis, store, catalog });
  const archive = createArchive({ store, log, ledger: evidence.integrity.ledger });
  world = await seedWorld(archive, store);
  await reindex(archive, catalog, log);
  api = await buildApi({ settings: { http: { host: '127.0.0.1', port: 0 } }, log, catalog, archive, targets: { add: async () => world.def, list: async () => [world.def], remove: async () => undefined }, exporter: evidence });
  url = await api.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await api?.close();
  await evidence?.close();
  store?.close();
  await s3?.stop();
  redis?.disconnect();
  await catalog?.close();
  await redisSrv?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('vigil export + vigil verify', () => {
  it('exports through the API, verifies the package (exit 0) and names the flipped artifact byte (exit 1)', async () => {
    const zipPath = join(dir, 'case.zip');
    const e = await vigil(['export', '--target', TID, '--since', '2024-11-01', '--out', zipPath]);
    expect(e.stderr).toBe('');
    expect(e.code).toBe(0);
    const zip = await readFile(zipPath);
    expect(e.stdout).toBe(`wrote ${zipPath} (${zip.length} bytes, sha256 ${sha256Hex(zip)})\n`);

    // The fingerprint to pin, as the operator gets it, equals what openssl prints for the package's key.
    const fpOut = await vigil(['keys', 'fingerprint']);
    expect(fpOut.code).toBe(0);
    const fp = evidence!.integrity.key.fingerprint;
    expect(fpOut.stdout).toBe(`${fp}\n`);
    const keyPem = join(dir, 'ledger.pem');
    await writeFile(keyPem, (await unzipFiles(zip)).get('keys/ledger.pem')!);
    expect((await sh('sh', ['-c', `openssl pkey -pubin -in '${keyPem}' -outform DER | sha256sum`])).stdout).toBe(`${fp}  -\n`);

    // Unpinned: OK, but it says loudly that the key proves nothing yet.
    const ok = await vigil(['verify', zipPath]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(new RegExp(`^package .*case\\.zip: \\d+ files, checkpoint 6\\nkey: ${fp} \\(NOT PINNED\\)\\nWARNING key_not_pinned: the ledger key was NOT pinned: .*--key-fingerprint ${fp} or integrity\\.trustedKeys\\nOK: no faults found \\(1 warning\\(s\\) above: key_not_pinned\\)\\n$`));
    const json = JSON.parse((await vigil(['verify', zipPath, '--json'])).stdout) as { ok: boolean; keyPinned: boolean; key: object; warnings: { code: string }[] };
    expect(json).toMatchObject({ ok: true, keyPinned: false, key: { fingerprint: fp, pinned: false, trusted: false }, warnings: [{ code: 'key_not_pinned' }] });
    // Pinned (flag, or integrity.trustedKeys in the config): no warning.
    const pinned = await vigil(['verify', '--key-fingerprint', fp.toUpperCase(), zipPath]);
    expect(pinned.code).toBe(0);
    expect(pinned.stdout).toMatch(new RegExp(`\\nkey: ${fp} \\(pinned, trusted\\)\\nOK: no faults found\\n$`));
    const cfg = join(dir, 'pin.yaml');
    await writeFile(cfg, `integrity:\n  trustedKeys: ["${fp}"]\n`);
    expect((await vigil(['--config', cfg, 'verify', zipPath])).stdout).toContain('(pinned, trusted)');

    // The same package re-signed with another key (new keys/ledger.pem, checkpoint and seal): refused under the pin.
    const resigned = await resign(zip);
    const resignedPath = join(dir, 'resigned.zip');
    await writeFile(resignedPath, resigned.zip);
    expect((await vigil(['verify', resignedPath])).code).toBe(0); // consistent in itself
    const refused = await vigil(['verify', '--key-fingerprint', fp, resignedPath]);
    expect(refused.code).not.toBe(0);
    expect(refused.stdout).toContain(`FAULT key_not_trusted keys/ledger.pem: keys/ledger.pem has fingerprint ${resigned.fingerprint}, which is not the pinned ${fp}`);
    expect(refused.stderr).toMatch(/^error \[VGL_VERIFY_FAILED\]/m);
    const noCa = await vigil(['verify', '--tsa-ca', join(dir, 'nope.pem'), zipPath]);
    expect(noCa.stderr).toMatch(/^error \[VGL_BAD_REQUEST\]: --tsa-ca .*nope\.pem: no such file/m);
    const badPin = await vigil(['verify', '--key-fingerprint', 'abc', zipPath]);
    expect(badPin.stderr).toMatch(/^error \[VGL_BAD_REQUEST\]: --key-fingerprint "abc": not a SHA-256 fingerprint/m);

    // A ZIP bomb is a clear error, not an out-of-memory crash.
    const bombPath = join(dir, 'bomb.zip');
    await writeFile(bombPath, await zipFiles(new Map([['artifacts/x/page.html', Buffer.alloc(64 * 1024 ** 2)]])));
    const bomb = await vigil(['verify', bombPath]);
    expect(bomb.code).not.toBe(0);
    expect(bomb.stderr).toMatch(/^error \[VGL_PACKAGE_UNSAFE\]: package: entry "artifacts\/x\/page\.html" inflates \d+:1 .*ZIP bomb/m);

    // One byte of one artifact flipped, the ZIP otherwise intact.
    const files = await unzipFiles(zip);
    const art = `artifacts/${IDS.page}/page.html`;
    const original = files.get(art)!;
    const bytes = Buffer.from(original);
    bytes[100] ^= 0x01;
    files.set(art, bytes);
    const badPath = join(dir, 'tampered.zip');
    await writeFile(badPath, await zipFiles(files));
    const bad = await vigil(['verify', badPath]);
    expect(bad.code).not.toBe(0);
    const faults = bad.stdout.split('\n').filter((l) => l.startsWith('FAULT '));
    expect(faults.map((l) => l.split(':')[0])).toEqual([`FAULT blob_hash_mismatch ${art}`, `FAULT package_hash_mismatch ${art}`]);
    expect(faults[1]).toContain(`${art} hashes to ${sha256Hex(bytes)}, not ${sha256Hex(original)} as SHA256SUMS says`);
    expect(bad.stdout).toContain('FAILED: 2 fault(s)');
    expect(bad.stderr).toMatch(/^error \[VGL_VERIFY_FAILED\]: verification failed with 2 fault\(s\)/m);
  }, 240_000); // spawns the CLI several times: slow on a loaded machine, not a timing assertion

  it('vigil verify --bucket on the data dir: exit 0, then non-zero naming the blob whose byte was flipped on disk', async () => {
    // Nothing may hold the embedded store while the CLI opens it: stop API, ledger and s3rver.
    await api!.close();
    api = undefined;
    await evidence!.close();
    evidence = undefined;
    store.close();
    await s3!.stop();
    s3 = undefined;

    const fp = (await vigil(['keys', 'fingerprint'])).stdout.trim();
    // Without the private key on this machine, the fingerprint comes from the bucket, with a note saying so.
    const noKey = join(dir, 'nokey.yaml');
    await writeFile(noKey, `integrity:\n  keyFile: ${join(dir, 'absent', 'k.pem')}\n`);
    const fromBucket = await vigil(['--config', noKey, 'keys', 'fingerprint']);
    expect(fromBucket.stdout).toBe(`${fp}\n`);
    expect(fromBucket.stderr).toMatch(/^note: read from the bucket's keys\/ledger\.pem, which whoever can write to the bucket can replace/m);
    const ok = await vigil(['verify', '--bucket', '--key-fingerprint', fp]);
    expect(ok.stderr).not.toMatch(/^error/m); // (the AWS SDK prints a Node-version notice there)
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(new RegExp(`^bucket vigil: \\d+ objects, 6 blobs \\(.+ MB\\), 7 ledger entries, 4 manifests, \\d+ checkpoints, 0 timestamps\\nkey: ${fp} \\(pinned, trusted\\)\\nOK: no faults found\\n$`));
    const wrongPin = await vigil(['verify', '--bucket', '--key-fingerprint', 'ab'.repeat(32)]);
    expect(wrongPin.code).not.toBe(0);
    expect(wrongPin.stdout).toContain(`FAULT key_not_trusted keys/ledger.pem: keys/ledger.pem has fingerprint ${fp}, which is not the pinned ${'ab'.repeat(32)}`);

    const key = blobKey(world.shotSha);
    const fh = await open(join(dir, 's3', 'vigil', `${key}._S3rver_object`), 'r+');
    const b = Buffer.alloc(1);
    await fh.read(b, 0, 1, 3);
    b[0] ^= 0xff;
    await fh.write(b, 0, 1, 3);
    await fh.close();

    const bad = await vigil(['verify', '--bucket', '--key-fingerprint', fp]);
    expect(bad.code).not.toBe(0);
    const faults = bad.stdout.split('\n').filter((l) => l.startsWith('FAULT '));
    expect(faults).toHaveLength(1);
    expect(faults[0]).toMatch(new RegExp(`^FAULT blob_hash_mismatch ${key}: ${key} hashes to [0-9a-f]{64}, not to its name`));
    expect(bad.stderr).toMatch(/^error \[VGL_VERIFY_FAILED\]/m);
  }, 240_000); // spawns the CLI several times: slow on a loaded machine, not a timing assertion
});
