// `vigil verify --bucket`: re-derive every guarantee from the bucket alone, in memory that does
// not grow with the archive. One listing pass hashes blobs (streamed) and records with bounded
// parallelism; the ledger is then read once in seq order (chain links, Merkle tree as its right
// edge, checkpoints checked when the walk reaches their size); the joins "every record is in
// the ledger with its hash" and "every artifact a manifest names exists" are external merge sorts
// on disk (sorter.ts), so 10 million entries need no more memory than ten thousand.
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import { blobKey } from '../../ids.js';
import { CaptureManifest, ObservationRecord, type ObjectStore } from '../types.js';
import { ledgerKey, seqFromKey } from '../ledger/entry.js';
import { PUBLIC_KEY_KEY } from '../ledger/keys.js';
import { leafHash } from '../ledger/merkle.js';
import { checkpointSizeFromKey, type CheckpointBody } from '../ledger/note.js';
import { streamEntries } from '../ledger/read.js';
import { TreeBuilder } from '../ledger/tiles.js';
import { bounded } from './bounded.js';
import { createChainWalker } from './chain.js';
import { bucketCheckpointNames, checkCheckpointFile, headMismatch, inconsistent, rootMismatch } from './checkpoints.js';
import { fault, type Fault, type Warning } from './faults.js';
import { checkKey, notAnchoredWarning, type KeyReport } from './key-pin.js';
import { createSorter, mergeJoin, type Sorter } from './sorter.js';

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
  /** Where the on-disk sort runs go (default: the OS temp dir); removed afterwards. */
  tmpDir?: string;
  /** Lines a sorter keeps in memory before spilling a run to disk (default 50 000). */
  sortBufferLines?: number;
  /** Ledger entries read ahead of the walk (default 64). */
  ledgerWindow?: number;
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
  const work = await mkdtemp(join(opts.tmpDir ?? tmpdir(), 'vigil-verify-'));
  try {
    return await verifyIn(work, store, opts);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Keys go through JSON in sort lines: no tab or newline of a hostile key can break a line. */
const enc = (k: string): string => JSON.stringify(k);
const dec = (k: string): string => JSON.parse(k) as string;

async function verifyIn(work: string, store: StreamingStore, opts: VerifyOptions): Promise<VerifyReport> {
  const runner = bounded(opts.concurrency ?? 8);
  const faults: Fault[] = [];
  const counts: VerifyCounts = { objects: 0, blobs: 0, blobBytes: 0, ledgerEntries: 0, manifests: 0, checkpoints: 0, timestamps: 0, timestampsNotAnchored: 0 };
  const sorter = (name: string) => createSorter(work, name, opts.sortBufferLines);
  const ledgered = sorter('ledgered'); // key \t seq \t sha256 \t size
  const stored = sorter('stored'); // key \t sha256 \t size   (or "-" when listed but unreadable)
  const blobs = sorter('blobs'); // key
  const refs = sorter('refs'); // blob key \t manifest key \t artifact name \t sha256
  const cpSizes: number[] = [];
  let maxSeq = -1;

  // 1. One listing: blobs hashed as streams, records read and hashed, the rest counted.
  for await (const k of store.list('')) {
    counts.objects++;
    const seq = seqFromKey(k);
    const cp = checkpointSizeFromKey(k);
    if (BLOB_RE.test(k)) {
      await blobs.add(enc(k));
      await runner.run(() => checkBlob(store, k, faults, counts));
    } else if (seq !== null) {
      maxSeq = Math.max(maxSeq, seq);
    } else if (cp !== null) {
      cpSizes.push(cp);
    } else if (RECORD_PREFIXES.some((p) => k.startsWith(p))) {
      await runner.run(() => checkRecord(store, k, { stored, refs }, faults, counts));
    }
  }
  await runner.drain();
  const size = maxSeq + 1;

  // 2. Checkpoints: what needs no ledger (signature, token, size claim), kept by size for the walk.
  cpSizes.sort((a, b) => a - b);
  counts.checkpoints = cpSizes.length;
  const pemBytes = await store.get(PUBLIC_KEY_KEY);
  const key = checkKey(pemBytes?.toString('utf8'), PUBLIC_KEY_KEY, opts.trustedKeys, cpSizes.length > 0);
  faults.push(...key.faults);
  const warnings: Warning[] = [...key.warnings];
  const bodies = new Map<number, { body: CheckpointBody; name: string; rootOk?: boolean }>();
  for (const n of cpSizes) {
    await runner.run(async () => {
      const names = bucketCheckpointNames(n);
      const [body, sig, tsr] = await Promise.all([store.get(names.body), store.get(names.sig), store.get(names.tsr)]);
      const c = await checkCheckpointFile(
        { size: n, body: body ?? Buffer.alloc(0), sig: sig ?? undefined, tsr: tsr ?? undefined, names },
        { publicKey: key.key, tsaTrustedPem: opts.tsaTrustedPem, requireTimestamp: opts.requireTimestamps, ledgerSize: size, timeToleranceMs: opts.timeToleranceMs },
      );
      faults.push(...c.faults);
      if (c.timestamp === 'anchored') counts.timestamps++;
      if (c.timestamp === 'not_anchored') counts.timestampsNotAnchored++;
      if (c.body) bodies.set(c.body.size, { body: c.body, name: names.body });
    });
  }
  await runner.drain();
  if (counts.timestampsNotAnchored) warnings.push(notAnchoredWarning(counts.timestampsNotAnchored));

  // 3. The ledger, once, in seq order: links, the tree's right edge, checkpoint roots and heads.
  const walker = createChainWalker();
  const tree = new TreeBuilder();
  let whole = true; // no entry missing so far: roots can be recomputed
  for await (const { seq, bytes } of streamEntries(store, 0, size, opts.ledgerWindow ?? 64)) {
    const step = walker.step(seq, bytes, faults);
    if (bytes) counts.ledgerEntries++;
    if (!bytes) whole = false;
    if (whole && bytes) tree.push(leafHash(bytes));
    if (step.entry) await ledgered.add(`${enc(step.entry.key)}\t${seq}\t${step.entry.sha256}\t${step.entry.size}`);
    const cp = bodies.get(seq + 1);
    if (cp) {
      if (whole) {
        const root = tree.root();
        cp.rootOk = root.equals(cp.body.root);
        if (!cp.rootOk) faults.push(rootMismatch(cp.name, cp.body, root));
      }
      if (step.hash !== undefined && step.hash !== cp.body.head) faults.push(headMismatch(cp.name, cp.body, step.hash));
    }
  }
  // Consecutive checkpoints must describe one append-only history. With every entry present, a
  // consistency proof built from the entries verifies exactly when both signed roots are the
  // entries' roots, so the root checks above decide it (no proof needs to be materialised).
  const parsed = [...bodies.values()].sort((a, b) => a.body.size - b.body.size);
  for (let i = 1; i < parsed.length && whole; i++) {
    const [a, b] = [parsed[i - 1], parsed[i]];
    if (b.body.size > size) break;
    if (!(a.rootOk && b.rootOk)) faults.push(inconsistent(a.body.size, b.body.size));
  }

  // 4. Records against the ledger: every readable record ledgered with the hash it has now, every
  //    ledgered record present.
  await mergeJoin(ledgered.sorted(), stored.sorted(), async (k, refsOf, found) => {
    const key = dec(k);
    const cur = found[0]?.split('\t');
    if (!refsOf.length) {
      if (cur && cur[0] !== '-') faults.push(fault('not_in_ledger', key, `${key} is not recorded in the ledger: it was added outside Vigil or its ledger entry was lost`));
      return;
    }
    const exists = cur !== undefined || (!RECORD_PREFIXES.some((p) => key.startsWith(p)) && (await store.head(key)) !== null);
    for (const ref of refsOf) {
      const [seq, sha256, entrySize] = ref.split('\t');
      const lk = ledgerKey(Number(seq));
      if (!exists) faults.push(fault('object_missing', key, `${key} is recorded in ${lk} but is missing from the bucket: it was deleted`));
      else if (cur && cur[0] !== '-' && cur[0] !== sha256) {
        faults.push(fault('object_hash_mismatch', key, `${key} hashes to ${cur[0]} but ${lk} recorded ${sha256}: the record was altered after it was ledgered`));
      } else if (cur && cur[0] !== '-' && cur[1] !== entrySize) {
        faults.push(fault('object_hash_mismatch', key, `${key} is ${cur[1]} bytes but ${lk} recorded ${entrySize}: the ledger entry was altered`));
      }
    }
  });

  // 5. Every artifact a manifest names is in the bucket.
  await mergeJoin(refs.sorted(), blobs.sorted(), (k, named, present) => {
    if (present.length) return;
    const bk = dec(k);
    for (const r of named) {
      const [manifest, name, sha256] = r.split('\t');
      faults.push(fault('artifact_missing', bk, `${dec(manifest)} lists ${dec(name)} (sha256 ${sha256}) but ${bk} is missing from the bucket`));
    }
  });

  faults.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.code.localeCompare(b.code)));
  opts.log?.info({ counts, faults: faults.length, keyPinned: key.report.pinned }, 'verify bucket');
  return { ok: faults.length === 0, counts, key: key.report, faults, warnings };
}

async function checkBlob(store: StreamingStore, k: string, faults: Fault[], counts: VerifyCounts): Promise<void> {
  const r = await hashObject(store, k);
  if (!r) {
    faults.push(fault('object_missing', k, `${k} was listed but could not be read`));
    return;
  }
  counts.blobs++;
  counts.blobBytes += r.size;
  const name = BLOB_RE.exec(k)![1];
  if (r.sha256 !== name) faults.push(fault('blob_hash_mismatch', k, `${k} hashes to ${r.sha256}, not to its name: the blob's bytes were altered after capture`));
}

async function checkRecord(store: StreamingStore, k: string, out: { stored: Sorter; refs: Sorter }, faults: Fault[], counts: VerifyCounts): Promise<void> {
  const body = await store.get(k);
  if (!body) {
    await out.stored.add(`${enc(k)}\t-`);
    return;
  }
  const sha = createHash('sha256').update(body).digest('hex');
  await out.stored.add(`${enc(k)}\t${sha}\t${body.length}`);
  if (k.startsWith('captures/') || k.startsWith('observations/')) {
    for (const r of checkManifest(k, body, faults, counts)) await out.refs.add(`${enc(blobKey(r.sha256))}\t${enc(k)}\t${enc(r.name)}\t${r.sha256}`);
  }
}

/** Parses a manifest; returns the blobs it names (checked against the listing by the caller). */
function checkManifest(key: string, body: Buffer, faults: Fault[], counts: VerifyCounts): { sha256: string; name: string }[] {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    faults.push(fault('manifest_invalid', key, `${key} is not valid JSON`));
    return [];
  }
  counts.manifests++;
  const isCapture = key.startsWith('captures/');
  const parsed = isCapture ? CaptureManifest.safeParse(json) : ObservationRecord.safeParse(json);
  if (!parsed.success) {
    faults.push(fault('manifest_invalid', key, `${key} does not match the ${isCapture ? 'capture' : 'observation'} schema: ${parsed.error.issues[0]?.message}`));
    return [];
  }
  return isCapture
    ? (parsed.data as CaptureManifest).artifacts.map((a) => ({ sha256: a.sha256, name: a.name }))
    : (parsed.data as ObservationRecord).posts.map((p) => ({ sha256: p.sha256, name: `post ${p.id}` }));
}
