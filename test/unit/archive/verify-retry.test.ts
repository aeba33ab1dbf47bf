// verify --bucket on a store that drops connections now and then (ECONNRESET mid-body under load):
// transient read failures are retried with backoff and the report is clean; a store that keeps
// failing makes verify stop with VGL_STORE_UNAVAILABLE naming the key, never a false "missing" or
// "altered" fault. Pure code over a generated bucket.
import { generateKeyPairSync } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { keyFromPem } from '../../../src/archive/ledger/keys.js';
import { verifyBucket, type StreamingStore } from '../../../src/archive/verify/bucket.js';
import { isVigilError } from '../../../src/errors.js';
import { createSyntheticBucket } from '../../helpers/syntheticBucket.js';

const key = keyFromPem(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
const synth = createSyntheticBucket({ entries: 300, checkpointEvery: 100, captureEvery: 10, key });
const reset = (): Error => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

/** The bucket through a flaky connection: each key's first `failures` reads fail (get: at once; stream: mid-body). */
function flaky(failures: number): { store: StreamingStore; failed: Set<string> } {
  const seen = new Map<string, number>();
  const failed = new Set<string>();
  const fails = (k: string): boolean => {
    const n = (seen.get(k) ?? 0) + 1;
    seen.set(k, n);
    if (n > failures) return false;
    failed.add(k);
    return true;
  };
  const s = synth.store;
  return {
    failed,
    store: {
      put: (k, b, o) => s.put(k, b, o),
      list: (p) => s.list(p),
      ping: () => s.ping(),
      head: (k) => s.head(k),
      get: async (k) => {
        if (fails(k)) throw reset();
        return s.get(k);
      },
      getStream: async (k) => {
        const body = await s.get(k);
        if (!body) return null;
        if (!fails(k)) return Readable.from([body]);
        // Half the body, then the connection drops.
        return Readable.from(
          (async function* () {
            yield body.subarray(0, body.length >> 1);
            throw reset();
          })(),
        );
      },
    },
  };
}

describe('verify --bucket on a flaky store', () => {
  it('retries reads cut by ECONNRESET (whole reads and streams cut mid-body) and reports no fault', async () => {
    const { store, failed } = flaky(2);
    const retried: string[] = [];
    const r = await verifyBucket(store, { trustedKeys: [key.fingerprint], readRetry: { baseMs: 1, onRetry: (i) => retried.push(i.key) } });
    expect(r.faults).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.counts.ledgerEntries).toBe(300);
    expect(r.counts.blobs).toBeGreaterThan(0);
    // Blobs (streamed), records and ledger entries all went through a failed read first.
    expect([...failed].some((k) => k.startsWith('blobs/'))).toBe(true);
    expect([...failed].some((k) => k.startsWith('ledger/'))).toBe(true);
    expect(retried.length).toBe(2 * failed.size);
  });

  it('a store that keeps failing stops verify with VGL_STORE_UNAVAILABLE naming the key, not a fault', async () => {
    const { store } = flaky(1000);
    const err = await verifyBucket(store, { trustedKeys: [key.fingerprint], readRetry: { attempts: 3, baseMs: 1 } }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(isVigilError(err, 'VGL_STORE_UNAVAILABLE')).toBe(true);
    expect((err as Error).message).toMatch(/reading \S+ failed 3 times \(ECONNRESET\)/);
  });
});
