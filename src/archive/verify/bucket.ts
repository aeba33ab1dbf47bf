// `vigil verify --bucket`: re-derive every guarantee from the bucket alone. Blobs are hashed
// as streams with bounded parallel reads; ledger, manifests and checkpoints are cross-checked.
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import pLimit from 'p-limit';
import type { Logger } from 'pino';
import { blobKey } from '../../ids.js';
import { CaptureManifest, ObservationRecord, type ObjectStore } from '../types.js';
import { ledgerKey, seqFromKey } from '../ledger/entry.js';
import { PUBLIC_KEY_KEY } from '../ledger/keys.js';
import { leafHash } from '../ledger/merkle.js';
import { checkpointSizeFromKey } from '../ledger/note.js';
import { checkChain } from './chain.js';
import { isCompleteRecord } from '../record-bytes.js';
import { bucketCheckpointNames, checkCheckpoints, type CheckpointFiles } from './checkpoints.js';
import { fault, type Fault, type Warning } from './faults.js';
import { checkKey, notAnchoredWarning, type KeyReport } from './key-pin.js';

/** Stores that can stream a body (the S3 store may add it); verify falls back to get(). */
export interface StreamingStore extends ObjectStore {
  getStream?(key: string): Promise<Readable | null>;
}

export interface VerifyOptions {
  concurrency?: number;
  /** Pinned TSA root(s), PEM (integrity.tsaCaFile). The bucket's keys/tsa-chain.pem is never trusted. */
  tsaTrustedPem?: string;
  /** Pinned ledger key fingerprints (hex, normalized). Without any, the report warns key_not_pinned. */
  trustedKeys?: readonly string[];
  /** integrity.tsaUrl is set: every checkpoint must carry its .tsr. */
  requireTimestamps?: boolean;
  timeToleranceMs?: number;
  log?: Logger;
}

export interface VerifyCounts {
  objects: number;
  blobs: number;
  blobBytes: number;
  ledgerEntries: number;
  manifests: number;
  checkpoints: number;
  /** Timestamps that are intact and anchored to a pinned TSA root. */
  timestamps: number;
  /** Timestamps that are intact but were checked without a pinned root (never counted as valid). */
  timestampsNotAnchored: number;
}

export interface VerifyReport {
  ok: boolean;
  counts: VerifyCounts;
  /** The ledger key found in the bucket and whether a pin vouches for it. */
  key: KeyReport;
  faults: Fault[];
  warnings: Warning[];
}

const RECORD_PREFIXES = ['captures/', 'observations/', 'events/', 'seen/', 'custody/'];
const BLOB_RE = /^blobs\/sha256\/[0-9a-f]{2}\/[0-9a-f]{2}\/([0-9a-f]{64})$/;

export async function hashObject(store: StreamingStore, key: string): Promise<{ sha256: string; size: number; body?: Buffer } | null> {
  if (store.getStream) {
    const s = await store.getStream(key);
    if (!s) return null;
    const h = createHash('sha256');
    let size = 0;
    for await (const chunk of s) {
      h.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
    return { sha256: h.digest('hex'), size };
  }
  const body = await store.get(key);
  if (!body) return null;
  return { sha256: createHash('sha256').update(body).digest('hex'), size: body.length, body };
}

export async function verifyBucket(store: StreamingStore, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const limit = pLimit(opts.concurrency ?? 8);
  const faults: Fault[] = [];
  const counts: VerifyCounts = { objects: 0, blobs: 0, blobBytes: 0, ledgerEntries: 0, manifests: 0, checkpoints: 0, timestamps: 0, timestampsNotAnchored: 0 };
  const all = new Set<string>();
  for await (const k of store.list('')) all.add(k);
  counts.objects = all.size;
  const keys = [...all];

  // Blobs: content must hash to the name (streamed, bounded parallelism).
  const blobs = keys.filter((k) => BLOB_RE.test(k));
  const blobWork = Promise.all(
    blobs.map((k) =>
      limit(async () => {
        const r = await hashObject(store, k);
        if (!r) return faults.push(fault('object_missing', k, `${k} was listed but could not be read`));
        counts.blobs++;
        counts.blobBytes += r.size;
        const name = BLOB_RE.exec(k)![1];
        if (r.sha256 === name) return;
        // An empty object is what an upload cut short leaves (the store died mid-write); the next
        // write of the same artifact replaces it. Anything else was altered.
        if (r.size === 0) faults.push(fault('blob_hash_mismatch', k, `${k} is empty: an upload was cut short (the store died mid-write); the bytes are missing until the artifact is written again`));
        else faults.push(fault('blob_hash_mismatch', k, `${k} hashes to ${r.sha256}, not to its name: the blob's bytes were altered or truncated after capture`));
      }),
    ),
  );

  // Ledger entries.
  const ledgerKeys = keys.filter((k) => seqFromKey(k) !== null);
  const entryBytes = new Map<number, Buffer>();
  await Promise.all(
    ledgerKeys.map((k) =>
      limit(async () => {
        const b = await store.get(k);
        if (b) entryBytes.set(seqFromKey(k)!, b);
      }),
    ),
  );
  const size = entryBytes.size ? Math.max(...entryBytes.keys()) + 1 : 0;
  counts.ledgerEntries = entryBytes.size;
  const chain = checkChain(entryBytes, 0, size);
  faults.push(...chain.faults);

  // Records: each must be in the ledger with the hash it has now; manifests' artifacts must exist.
  const ledgered = new Map<string, { seq: number; sha256: string }[]>();
  for (const [seq, e] of chain.entries) ledgered.set(e.key, [...(ledgered.get(e.key) ?? []), { seq, sha256: e.sha256 }]);
  const records = keys.filter((k) => RECORD_PREFIXES.some((p) => k.startsWith(p)));
  const recordHash = new Map<string, { sha256: string; size: number }>();
  await Promise.all(
    records.map((k) =>
      limit(async () => {
        const body = await store.get(k);
        if (!body) return;
        const sha = createHash('sha256').update(body).digest('hex');
        recordHash.set(k, { sha256: sha, size: body.length });
        if (!ledgered.has(k)) faults.push(fault('not_in_ledger', k, `${k} is not recorded in the ledger: it was added outside Vigil or its ledger entry was lost`));
        if (k.startsWith('captures/') || k.startsWith('observations/')) checkManifest(k, body, all, faults, counts);
        else if (!isCompleteRecord(body)) {
          faults.push(fault('record_invalid', k, `${k} is ${body.length === 0 ? 'empty' : 'not valid JSON'}: a write was cut short (the store died mid-upload) or the record was altered`));
        }
      }),
    ),
  );
  for (const [key, refs] of ledgered) {
    for (const ref of refs) {
      const lk = ledgerKey(ref.seq);
      const actual = recordHash.get(key);
      if (!all.has(key)) faults.push(fault('object_missing', key, `${key} is recorded in ${lk} but is missing from the bucket: it was deleted`));
      else if (actual !== undefined && actual.sha256 !== ref.sha256) {
        faults.push(fault('object_hash_mismatch', key, `${key} hashes to ${actual.sha256} but ${lk} recorded ${ref.sha256}: the record was altered after it was ledgered`));
      } else if (actual !== undefined && chain.entries.get(ref.seq)!.size !== actual.size) {
        faults.push(fault('object_hash_mismatch', key, `${key} is ${actual.size} bytes but ${lk} recorded ${chain.entries.get(ref.seq)!.size}: the ledger entry was altered`));
      }
    }
  }

  // Checkpoints.
  const cpSizes = keys.map(checkpointSizeFromKey).filter((n): n is number => n !== null);
  const files: CheckpointFiles[] = await Promise.all(
    cpSizes.map((n) =>
      limit(async () => {
        const names = bucketCheckpointNames(n);
        const [body, sig, tsr] = await Promise.all([store.get(names.body), all.has(names.sig) ? store.get(names.sig) : null, all.has(names.tsr) ? store.get(names.tsr) : null]);
        return { size: n, body: body ?? Buffer.alloc(0), sig: sig ?? undefined, tsr: tsr ?? undefined, names };
      }),
    ),
  );
  counts.checkpoints = files.length;
  const leaves = Array.from({ length: size }, (_, i) => (entryBytes.has(i) ? leafHash(entryBytes.get(i)!) : undefined));
  const pem = all.has(PUBLIC_KEY_KEY) ? (await store.get(PUBLIC_KEY_KEY))?.toString('utf8') : undefined;
  const key = checkKey(pem, PUBLIC_KEY_KEY, opts.trustedKeys, files.length > 0);
  faults.push(...key.faults);
  const warnings: Warning[] = [...key.warnings];
  const cp = await checkCheckpoints(files, {
    publicKey: key.key,
    tsaTrustedPem: opts.tsaTrustedPem,
    requireTimestamp: opts.requireTimestamps,
    leaves,
    hashes: chain.hashes,
    ledgerSize: size,
    timeToleranceMs: opts.timeToleranceMs,
  });
  faults.push(...cp.faults);
  counts.timestamps = cp.timestamps;
  counts.timestampsNotAnchored = cp.notAnchored;
  if (cp.notAnchored) warnings.push(notAnchoredWarning(cp.notAnchored));

  await blobWork;
  faults.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.code.localeCompare(b.code)));
  opts.log?.info({ counts, faults: faults.length, keyPinned: key.report.pinned }, 'verify bucket');
  return { ok: faults.length === 0, counts, key: key.report, faults, warnings };
}

function checkManifest(key: string, body: Buffer, all: Set<string>, faults: Fault[], counts: VerifyCounts): void {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    faults.push(fault('manifest_invalid', key, `${key} is ${body.length === 0 ? 'empty' : 'not valid JSON'}: a write was cut short (the store died mid-upload) or the record was altered`));
    return;
  }
  counts.manifests++;
  const isCapture = key.startsWith('captures/');
  const parsed = isCapture ? CaptureManifest.safeParse(json) : ObservationRecord.safeParse(json);
  if (!parsed.success) {
    faults.push(fault('manifest_invalid', key, `${key} does not match the ${isCapture ? 'capture' : 'observation'} schema: ${parsed.error.issues[0]?.message}`));
    return;
  }
  const refs = isCapture
    ? (parsed.data as CaptureManifest).artifacts.map((a) => ({ sha256: a.sha256, name: a.name }))
    : (parsed.data as ObservationRecord).posts.map((p) => ({ sha256: p.sha256, name: `post ${p.id}` }));
  for (const r of refs) {
    const bk = blobKey(r.sha256);
    if (!all.has(bk)) faults.push(fault('artifact_missing', bk, `${key} lists ${r.name} (sha256 ${r.sha256}) but ${bk} is missing from the bucket`));
  }
}
