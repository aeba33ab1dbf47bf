// The ledger at archive scale: `vigil verify --bucket` and an export on a generated bucket of
// LEDGER_ENTRIES entries (default 1 000 000; 10 000 000 works with ~3 GB of free RAM for the
// generator's own buffers), and the same at a tenth of that size, to show memory does not grow
// with the ledger. The generator keeps its bytes outside the JS heap, so the heap figures are the
// verifier's and exporter's: the largest live heap (after a full GC) during the run.
// Prints ONE JSON line last.
import { generateKeyPairSync } from 'node:crypto';
import v8 from 'node:v8';
import { runInNewContext } from 'node:vm';
import pino from 'pino';
import { keyFromPem } from '../src/archive/ledger/keys.js';
import { buildPackage } from '../src/archive/export/package.js';
import { verifyBucket } from '../src/archive/verify/index.js';
import { createSyntheticBucket } from '../test/helpers/syntheticBucket.js';

const N = Number(process.env.LEDGER_ENTRIES ?? 1_000_000);
const key = keyFromPem(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
const log = pino({ level: 'silent' });
const mb = (b: number) => Math.round((b / 1024 / 1024) * 10) / 10;

// A full GC on demand (the bench must not depend on how node was started).
v8.setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/**
 * Runs f and returns its result, wall time and the largest live heap while it ran: every second a
 * full GC, then heapUsed (a plain sampled peak would mostly count garbage not yet collected).
 */
async function measure<T>(f: () => Promise<T>): Promise<{ value: T; ms: number; heapPeakMb: number }> {
  gc();
  const base = process.memoryUsage().heapUsed;
  let peak = base;
  const timer = setInterval(() => {
    gc();
    peak = Math.max(peak, process.memoryUsage().heapUsed);
  }, 1000);
  const t0 = performance.now();
  const value = await f();
  const ms = performance.now() - t0;
  clearInterval(timer);
  return { value, ms, heapPeakMb: mb(Math.max(0, peak - base)) };
}

async function run(entries: number) {
  const t0 = performance.now();
  const synth = createSyntheticBucket({ entries, checkpointEvery: 1000, key, tiles: true });
  process.stderr.write(`generated ${entries} entries in ${Math.round(performance.now() - t0)} ms\n`);
  const v = await measure(() => verifyBucket(synth.store, { trustedKeys: [key.fingerprint] }));
  if (!v.value.ok) throw new Error(`verify found faults: ${JSON.stringify(v.value.faults.slice(0, 3))}`);
  const pick = Math.floor(entries * 0.7);
  const capture = synth.recordKey(pick - (pick % 1000) + 999).split('/').pop()!.split('.')[0];
  synth.resetStats();
  const e = await measure(() => buildPackage({ store: synth.store, log, signingKey: key }, { captureIds: [capture] }));
  const out = {
    verify_ms: Math.round(v.ms),
    verify_entries_per_s: Math.round(entries / (v.ms / 1000)),
    verify_heap_peak_mb: v.heapPeakMb,
    export_ms: Math.round(e.ms),
    export_heap_peak_mb: e.heapPeakMb,
    export_ledger_reads: synth.stats.gets.get('ledger') ?? 0,
  };
  process.stderr.write(`${entries}: ${JSON.stringify(out)}\n`);
  return out;
}

const small = await run(Math.max(1000, Math.round(N / 10)));
const big = await run(N);
process.stdout.write(
  `${JSON.stringify({
    bench: 'ledger-scale',
    entries: N,
    ...big,
    small_entries: Math.round(N / 10),
    small_verify_heap_peak_mb: small.verify_heap_peak_mb,
    small_export_heap_peak_mb: small.export_heap_peak_mb,
    heap_growth_10x: Number((big.verify_heap_peak_mb / Math.max(1, small.verify_heap_peak_mb)).toFixed(2)),
  })}\n`,
);
process.exit(0);
