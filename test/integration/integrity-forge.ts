// The attacker of issue 8 §4: someone who can write to the bucket (but holds neither Redis nor
// the archive's private key) rewrites a record, re-chains the ledger over it, makes a fresh
// Ed25519 key, re-signs a checkpoint with it (stamped by a TSA of their own, whose root they put
// in keys/tsa-chain.pem) and replaces keys/ledger.pem. Every hash and signature in the bucket is
// then consistent; only a pinned key fingerprint (and a pinned TSA root) can tell.
import { generateKeyPairSync, sign } from 'node:crypto';
import { keyFromPem, formatBody, leafHash, ledgerKey, parseEntry, serializeEntry, treeRoot, checkpointKey, entryHash, type SigningKey } from '../../src/archive/ledger/index.js';
import { requestTimestamp } from '../../src/archive/tsa/index.js';
import { jsonBytes } from '../../src/archive/json.js';
import type { S3Store } from '../../src/archive/s3-store.js';
import { sha256Hex } from '../../src/ids.js';

export function attackerKey(): SigningKey {
  const { privateKey } = generateKeyPairSync('ed25519');
  return keyFromPem(privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
}

export interface Forgery {
  key: SigningKey;
  /** The ledger size of the forged checkpoint. */
  size: number;
}

/** Rewrites record `recordKey` with `edit`, re-chains the whole ledger and re-signs one checkpoint. */
export async function forgeBucket(
  store: S3Store,
  recordKey: string,
  edit: (record: Record<string, unknown>) => void,
  opts: { key?: SigningKey; tsa?: { url: string; caPem: string }; origin?: string } = {},
): Promise<Forgery> {
  const key = opts.key ?? attackerKey();
  const record = JSON.parse((await store.get(recordKey))!.toString('utf8')) as Record<string, unknown>;
  edit(record);
  const forged = jsonBytes(record);
  await store.put(recordKey, forged, { contentType: 'application/json' });

  const seqs: number[] = [];
  for await (const k of store.list('ledger/')) seqs.push(Number(/(\d{12})/.exec(k)![1]));
  seqs.sort((a, b) => a - b);
  const leaves: Buffer[] = [];
  let prev = '0'.repeat(64);
  for (const seq of seqs) {
    const e = parseEntry((await store.get(ledgerKey(seq)))!);
    const next = { ...e, prev, ...(e.key === recordKey ? { sha256: sha256Hex(forged), size: forged.length } : {}) };
    const bytes = serializeEntry(next);
    await store.put(ledgerKey(seq), bytes, { contentType: 'application/json' });
    leaves.push(leafHash(bytes));
    prev = entryHash(bytes);
  }

  for await (const k of store.list('checkpoints/')) await store.remove(k);
  const size = seqs.length;
  const body = formatBody({ origin: opts.origin ?? 'vigil/test', size, root: treeRoot(leaves), head: prev, time: new Date().toISOString() });
  const sig = sign(null, body, key.privateKey);
  await store.put(checkpointKey(size, 'sig'), sig, { contentType: 'application/octet-stream' });
  if (opts.tsa) {
    const ts = await requestTimestamp({ url: opts.tsa.url }, sig);
    await store.put(checkpointKey(size, 'tsr'), ts.tsr, { contentType: 'application/timestamp-reply' });
    await store.put('keys/tsa-chain.pem', Buffer.from(opts.tsa.caPem), { contentType: 'application/x-pem-file' });
  }
  await store.put(checkpointKey(size, 'body'), body, { contentType: 'text/plain; charset=utf-8' });
  await store.put('keys/ledger.pem', Buffer.from(key.publicPem), { contentType: 'application/x-pem-file' });
  return { key, size };
}
