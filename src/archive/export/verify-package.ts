// Offline check of a case.zip, without the bucket: file hashes, seal, checkpoint signature and
// timestamp, the ledger segment's links, inclusion proofs to the signed root, and that each
// manifest and artifact is the one the ledger recorded.
import { verify as verifySig } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { CaptureManifest, ObservationRecord } from '../types.js';
import { parseEntry, seqFromKey, sha256Hex } from '../ledger/entry.js';
import { leafHash, verifyInclusion } from '../ledger/merkle.js';
import { parseBody } from '../ledger/note.js';
import { checkChain } from '../verify/chain.js';
import { checkCheckpoints } from '../verify/checkpoints.js';
import { fault, type Fault, type Warning } from '../verify/faults.js';
import { checkKey, notAnchoredWarning, type KeyReport } from '../verify/key-pin.js';
import { unzipFiles } from './zip.js';
import type { UnzipLimits } from './zip-rules.js';

export interface PackageReport {
  ok: boolean;
  checkpointSize?: number;
  files: number;
  /** The package's keys/ledger.pem and whether a pin vouches for it. */
  key: KeyReport;
  /** Timestamps intact and anchored to a pinned TSA root / intact but checked without one. */
  timestamps: number;
  timestampsNotAnchored: number;
  faults: Fault[];
  warnings: Warning[];
}

export interface PackageVerifyOptions {
  /** Pinned TSA root(s), PEM (--tsa-ca, integrity.tsaCaFile). The package's tsa/chain.pem is never a root. */
  tsaTrustedPem?: string;
  /** Pinned ledger key fingerprints (hex, normalized): --key-fingerprint, integrity.trustedKeys. */
  trustedKeys?: readonly string[];
  /** The checkpoint must carry its RFC 3161 token (integrity.tsaUrl set, or a TSA root pinned). */
  requireTimestamp?: boolean;
  limits?: UnzipLimits;
}

const KEY_PATH = 'keys/ledger.pem';

const parseJson = (b: Buffer): unknown => {
  try {
    return JSON.parse(b.toString('utf8'));
  } catch {
    return undefined;
  }
};

const Index = z.object({
  v: z.literal(1),
  checkpointSize: z.number().int().positive(),
  items: z.array(z.object({ kind: z.enum(['capture', 'observation', 'event']), id: z.string(), bucketKey: z.string(), path: z.string(), seq: z.number().int(), sha256: z.string(), posts: z.array(z.string()).optional() })),
});
const Proof = z.object({ leafIndex: z.number().int(), treeSize: z.number().int(), path: z.array(z.string().regex(/^[0-9a-f]{64}$/)), root: z.string() });

export async function verifyPackage(zip: string | Buffer, opts: PackageVerifyOptions = {}): Promise<PackageReport> {
  const files = await unzipFiles(typeof zip === 'string' ? await readFile(zip) : zip, opts.limits);
  const faults: Fault[] = [];
  const need = (p: string): Buffer | undefined => {
    const b = files.get(p);
    if (!b) faults.push(fault('package_file_missing', p, `${p} is missing from the package`));
    return b;
  };

  // 1. SHA256SUMS covers every file, and every file matches.
  const sums = need('SHA256SUMS');
  const listed = new Set<string>();
  for (const line of sums?.toString('utf8').split('\n').filter(Boolean) ?? []) {
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
    if (!m) {
      faults.push(fault('package_hash_mismatch', 'SHA256SUMS', `SHA256SUMS: unreadable line "${line.slice(0, 80)}"`));
      continue;
    }
    listed.add(m[2]);
    const b = files.get(m[2]);
    if (!b) faults.push(fault('package_file_missing', m[2], `${m[2]} is listed in SHA256SUMS but missing from the package`));
    else if (sha256Hex(b) !== m[1]) faults.push(fault('package_hash_mismatch', m[2], `${m[2]} hashes to ${sha256Hex(b)}, not ${m[1]} as SHA256SUMS says: the file was altered`));
  }
  for (const p of files.keys()) {
    if (sums && p !== 'SHA256SUMS' && p !== 'SHA256SUMS.sig' && !listed.has(p)) faults.push(fault('package_unlisted_file', p, `${p} is not listed in SHA256SUMS (added after export)`));
  }
  const key = checkKey(files.get(KEY_PATH)?.toString('utf8'), KEY_PATH, opts.trustedKeys, true);
  faults.push(...key.faults);
  const warnings: Warning[] = [...key.warnings];
  const seal = files.get('SHA256SUMS.sig');
  if (seal && sums && key.key && !verifySig(null, sums, key.key, seal)) {
    faults.push(fault('package_seal_invalid', 'SHA256SUMS.sig', `SHA256SUMS.sig does not verify under ${KEY_PATH}: the file list was changed after export`));
  }
  let timestamps = 0;
  let timestampsNotAnchored = 0;

  // 2. Index, ledger segment, checkpoint.
  const idxRaw = need('package-index.json');
  const idx = idxRaw ? Index.safeParse(parseJson(idxRaw)) : undefined;
  if (idx && !idx.success) faults.push(fault('package_file_missing', 'package-index.json', 'package-index.json is not a package index'));
  const n = idx?.success ? idx.data.checkpointSize : undefined;
  const ledgerBytes = new Map<number, Buffer>();
  for (const [p, b] of files) {
    const s = seqFromKey(p);
    if (s !== null) ledgerBytes.set(s, b);
  }
  const seqs = [...ledgerBytes.keys()].sort((a, b) => a - b);
  // A package carries either a contiguous segment or single entries; check links where contiguous.
  const contiguous = seqs.length > 0 && seqs[seqs.length - 1] - seqs[0] + 1 === seqs.length;
  const chain = contiguous ? checkChain(ledgerBytes, seqs[0], seqs[seqs.length - 1] + 1) : checkChainLoose(ledgerBytes);
  faults.push(...chain.faults);
  if (n !== undefined) {
    const body = need(`checkpoint/${n}.body`);
    if (body) {
      const cp = await checkCheckpoints(
        [{ size: n, body, sig: files.get(`checkpoint/${n}.sig`), tsr: files.get(`checkpoint/${n}.tsr`), names: { body: `checkpoint/${n}.body`, sig: `checkpoint/${n}.sig`, tsr: `checkpoint/${n}.tsr` } }],
        { publicKey: key.key, tsaTrustedPem: opts.tsaTrustedPem, requireTimestamp: opts.requireTimestamp, leaves: [], hashes: chain.hashes },
      );
      faults.push(...cp.faults);
      timestamps = cp.timestamps;
      timestampsNotAnchored = cp.notAnchored;
      if (cp.notAnchored) warnings.push(notAnchoredWarning(cp.notAnchored));
      let root: Buffer | undefined;
      try {
        root = parseBody(body).root;
      } catch {
        // reported by checkCheckpoints
      }
      // 3. Each item: manifest hash = ledger entry, inclusion proof to the signed root, artifacts.
      for (const item of idx!.success ? idx!.data.items : []) {
        const m = files.get(item.path);
        const e = chain.entries.get(item.seq);
        const lk = `ledger/${String(item.seq).padStart(12, '0')}.json`;
        if (!m || !e) {
          if (!e) faults.push(fault('package_file_missing', lk, `${lk} (the ledger entry of ${item.path}) is missing`));
          if (!m) faults.push(fault('package_file_missing', item.path, `${item.path} is missing`));
          continue;
        }
        if (e.key !== item.bucketKey || e.sha256 !== sha256Hex(m)) {
          faults.push(fault('object_hash_mismatch', item.path, `${item.path} hashes to ${sha256Hex(m)} but ${lk} recorded ${e.sha256} for ${e.key}`));
        }
        const proofPath = `proofs/${String(item.seq).padStart(12, '0')}.json`;
        const proofRaw = need(proofPath);
        const proof = proofRaw ? Proof.safeParse(parseJson(proofRaw)) : undefined;
        const leaf = leafHash(ledgerBytes.get(item.seq)!);
        if (proof && (!proof.success || !root || proof.data.treeSize !== n || proof.data.leafIndex !== item.seq || !verifyInclusion(leaf, item.seq, n, proof.data.path.map((h) => Buffer.from(h, 'hex')), root))) {
          faults.push(fault('proof_invalid', proofPath, `${proofPath} does not prove ${lk} is entry ${item.seq} of the tree signed in checkpoint/${n}.body`));
        }
        checkArtifacts(item, m, files, faults);
      }
    }
  }
  faults.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.code.localeCompare(b.code)));
  return { ok: faults.length === 0, checkpointSize: n, files: files.size, key: key.report, timestamps, timestampsNotAnchored, faults, warnings };
}

function checkArtifacts(item: z.infer<typeof Index>['items'][number], manifest: Buffer, files: Map<string, Buffer>, faults: Fault[]): void {
  const json = parseJson(manifest);
  const expect: [string, string][] = [];
  const safe = (s: string): string => s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_');
  if (item.kind === 'capture') {
    const m = CaptureManifest.safeParse(json);
    if (m.success) for (const a of m.data.artifacts) expect.push([`artifacts/${safe(m.data.id)}/${a.name.split('/').map(safe).join('/')}`, a.sha256]);
  } else if (item.kind === 'observation') {
    const o = ObservationRecord.safeParse(json);
    // A post's package carries only that post of a poll (item.posts, sealed by SHA256SUMS.sig):
    // the other posts' records stay in the bucket, proven by the same ledgered observation.
    const only = item.posts ? new Set(item.posts) : undefined;
    if (o.success) for (const p of o.data.posts) if (!only || only.has(p.id)) expect.push([`artifacts/${safe(o.data.id)}/posts/${safe(p.id)}.json`, p.sha256]);
    if (o.success && only) {
      const listed = new Set(o.data.posts.map((p) => p.id));
      for (const id of only) if (!listed.has(id)) faults.push(fault('artifact_missing', item.path, `package-index.json says ${item.path} holds post ${id}, but the observation does not list it`));
    }
  }
  for (const [p, sha] of expect) {
    const b = files.get(p);
    if (!b) faults.push(fault('artifact_missing', p, `${p} (listed in ${item.path}) is missing from the package`));
    else if (sha256Hex(b) !== sha) faults.push(fault('blob_hash_mismatch', p, `${p} hashes to ${sha256Hex(b)} but ${item.path} recorded ${sha}: the artifact was altered`));
  }
}

/** Non-contiguous entries: parse each, no links to check (the inclusion proofs carry them). */
function checkChainLoose(bytes: Map<number, Buffer>): ReturnType<typeof checkChain> {
  const out: ReturnType<typeof checkChain> = { entries: new Map(), hashes: new Map(), faults: [] };
  for (const [seq, b] of bytes) {
    const key = `ledger/${String(seq).padStart(12, '0')}.json`;
    out.hashes.set(seq, sha256Hex(b));
    try {
      out.entries.set(seq, parseEntry(b, key));
    } catch (err) {
      out.faults.push(fault('ledger_entry_invalid', key, (err as Error).message));
    }
  }
  return out;
}
