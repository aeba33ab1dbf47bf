// The real `vigil` CLI (tsx src/cli/main.ts): `vigil export` against a running API backed by the
// real exporter, `vigil verify case.zip` on the good and on a tampered package, and
// `vigil verify --bucket` on a data dir holding the embedded store (nothing else running),
// before and after one blob byte is flipped on disk.
import { mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
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

    const ok = await vigil(['verify', zipPath]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^package .*case\.zip: \d+ files, checkpoint 6\nOK: no faults found\n$/);

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
  });

  it('vigil verify --bucket on the data dir: exit 0, then non-zero naming the blob whose byte was flipped on disk', async () => {
    // Nothing may hold the embedded store while the CLI opens it: stop API, ledger and s3rver.
    await api!.close();
    api = undefined;
    await evidence!.close();
    evidence = undefined;
    store.close();
    await s3!.stop();
    s3 = undefined;

    const ok = await vigil(['verify', '--bucket']);
    expect(ok.stderr).not.toMatch(/^error/m); // (the AWS SDK prints a Node-version notice there)
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/^bucket vigil: \d+ objects, 6 blobs \(.+ MB\), 7 ledger entries, 4 manifests, \d+ checkpoints, 0 timestamps\nOK: no faults found\n$/);

    const key = blobKey(world.shotSha);
    const fh = await open(join(dir, 's3', 'vigil', `${key}._S3rver_object`), 'r+');
    const b = Buffer.alloc(1);
    await fh.read(b, 0, 1, 3);
    b[0] ^= 0xff;
    await fh.write(b, 0, 1, 3);
    await fh.close();

    const bad = await vigil(['verify', '--bucket']);
    expect(bad.code).not.toBe(0);
    const faults = bad.stdout.split('\n').filter((l) => l.startsWith('FAULT '));
    expect(faults).toHaveLength(1);
    expect(faults[0]).toMatch(new RegExp(`^FAULT blob_hash_mismatch ${key}: ${key} hashes to [0-9a-f]{64}, not to its name`));
    expect(bad.stderr).toMatch(/^error \[VGL_VERIFY_FAILED\]/m);
  });
});
