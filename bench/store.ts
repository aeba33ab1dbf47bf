// Small-object put throughput through the Archive against the embedded S3 server (s3rver).
// Prints one JSON line: {"bench":"store","puts_per_s":…,"mb_s":…}.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import pLimit from 'p-limit';
import { createArchive } from '../src/archive/archive.js';
import { createS3Store } from '../src/archive/s3-store.js';
import { startEmbeddedS3 } from '../src/services/s3.js';
import { sha256Hex } from '../src/ids.js';

const N = Number(process.env.BENCH_N ?? 1000);
const SIZE = Number(process.env.BENCH_SIZE ?? 2048);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);

const log = pino({ level: 'silent' });
const dir = await mkdtemp(join(tmpdir(), 'vigil-bench-store-'));
const s3 = await startEmbeddedS3({ dataDir: dir, bucket: 'bench', log });
const store = createS3Store({ settings: { endpoint: s3.endpoint, region: s3.region, bucket: 'bench', accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, forcePathStyle: true }, log });
await store.probe();
const archive = createArchive({ store, log });

// Distinct payloads so every put is a real upload (no dedup hits).
const payloads = Array.from({ length: N }, (_, i) => {
  const seed = Buffer.from(sha256Hex(`bench-${i}`), 'hex');
  return Buffer.concat(Array.from({ length: Math.ceil(SIZE / seed.length) }, () => seed)).subarray(0, SIZE);
});
const limit = pLimit(CONCURRENCY);
const t0 = process.hrtime.bigint();
await Promise.all(payloads.map((p) => limit(() => archive.putBlob(p, 'application/octet-stream'))));
const seconds = Number(process.hrtime.bigint() - t0) / 1e9;

// Second pass: every blob is known (LRU), so no request reaches the store.
const t1 = process.hrtime.bigint();
await Promise.all(payloads.map((p) => archive.putBlob(p, 'application/octet-stream')));
const dedupSeconds = Number(process.hrtime.bigint() - t1) / 1e9;

store.close();
await s3.stop();
await rm(dir, { recursive: true, force: true });
process.stdout.write(
  JSON.stringify({
    bench: 'store',
    objects: N,
    size_bytes: SIZE,
    concurrency: CONCURRENCY,
    puts_per_s: Math.round(N / seconds),
    mb_s: Number(((N * SIZE) / seconds / 1e6).toFixed(2)),
    dedup_puts_per_s: Math.round(N / dedupSeconds),
  }) + '\n',
);
