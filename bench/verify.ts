// Benchmark: `verifyBucket` throughput vs `sha256sum` over the same ~200 MB of blobs, in the
// same run. The store is a directory (s3rver keeps objects as files too) read with streams, so
// the figure is the verifier's own cost. Prints ONE JSON line.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { promisify } from 'node:util';
import { blobKey, newId, datedKey, sha256Hex } from '../src/ids.js';
import { GENESIS_PREV, entryHash, ledgerKey, serializeEntry } from '../src/archive/ledger/entry.js';
import { verifyBucket, type StreamingStore } from '../src/archive/verify/index.js';

const run = promisify(execFile);
const MB = 1024 * 1024;
const TOTAL_MB = Number(process.env.BENCH_MB ?? 200);
const BLOB_MB = 2;

function dirStore(root: string): StreamingStore {
  const path = (k: string) => join(root, k);
  async function* walk(d: string): AsyncIterable<string> {
    for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      const p = join(d, e.name);
      if (e.isDirectory()) yield* walk(p);
      else yield relative(root, p);
    }
  }
  return {
    async put(key, body) {
      await mkdir(dirname(path(key)), { recursive: true });
      await writeFile(path(key), body);
      return {};
    },
    get: (key) => readFile(path(key)).catch(() => null),
    head: (key) => stat(path(key)).then((s) => ({ size: s.size }), () => null),
    async *list(prefix) {
      for await (const k of walk(root)) if (k.startsWith(prefix)) yield k;
    },
    ping: async () => undefined,
    getStream: async (key) => ((await stat(path(key)).catch(() => null)) ? createReadStream(path(key), { highWaterMark: MB }) : null),
  };
}

async function main(): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'vigil-bench-verify-'));
  try {
    const store = dirStore(root);
    const blobFiles: string[] = [];
    let prev = GENESIS_PREV;
    let seq = 0;
    for (let i = 0; i < TOTAL_MB / BLOB_MB; i += 2) {
      const arts = [];
      for (const j of [0, 1]) {
        const b = randomBytes(BLOB_MB * MB);
        const h = sha256Hex(b);
        await store.put(blobKey(h), b, { contentType: 'application/octet-stream' });
        blobFiles.push(blobKey(h));
        arts.push({ name: `a${j}.bin`, sha256: h, size: b.length, type: 'application/octet-stream' });
      }
      const id = newId();
      const now = new Date().toISOString();
      const manifest = Buffer.from(JSON.stringify({ v: 1, id, kind: 'http', status: 'done', url: 'https://example.org/', tool: { name: 'bench', version: '0' }, vantage: 'bench', startedAt: now, finishedAt: now, artifacts: arts }) + '\n');
      const key = datedKey('captures', id);
      await store.put(key, manifest, { contentType: 'application/json' });
      const entry = serializeEntry({ v: 1, seq, prev, ts: now, type: 'capture', key, sha256: sha256Hex(manifest), size: manifest.length, writer: 'bench', fence: 1 });
      await store.put(ledgerKey(seq), entry, { contentType: 'application/json' });
      prev = entryHash(entry);
      seq++;
    }
    const bytes = blobFiles.length * BLOB_MB * MB;
    // Warm the page cache so both sides read from memory.
    await run('sh', ['-c', `cat ${blobFiles.join(' ')} > /dev/null`], { cwd: root, maxBuffer: 1 << 20 });
    const best = async (f: () => Promise<void>) => {
      let t = Infinity;
      for (let k = 0; k < 2; k++) {
        const s = process.hrtime.bigint();
        await f();
        t = Math.min(t, Number(process.hrtime.bigint() - s) / 1e9);
      }
      return t;
    };
    const tSum = await best(async () => {
      await run('sha256sum', blobFiles, { cwd: root, maxBuffer: 16 << 20 });
    });
    let faults = -1;
    const tVigil = await best(async () => {
      const r = await verifyBucket(store, { concurrency: 8 });
      faults = r.faults.length;
    });
    const mbs = (t: number) => Math.round((bytes / MB / t) * 10) / 10;
    console.log(JSON.stringify({ bench: 'verify', mb: Math.round(bytes / MB), blobs: blobFiles.length, faults, vigil_mb_s: mbs(tVigil), sha256sum_mb_s: mbs(tSum), ratio: Math.round((tSum / tVigil) * 100) / 100 }));
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

void main();
