// Offline check of a case.zip, without the bucket: file hashes, seal, checkpoint signature and
// timestamp, the ledger segment's links, inclusion proofs to the signed root, and that each
// manifest and artifact is the one the ledger recorded.
import { createPublicKey, verify as verifySig } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { CaptureManifest, ObservationRecord } from '../types.js';
import { parseEntry, seqFromKey, sha256Hex } from '../ledger/entry.js';
import { leafHash, verifyInclusion } from '../ledger/merkle.js';
import { parseBody } from '../ledger/note.js';
import { checkChain } from '../verify/chain.js';
import { checkCheckpoints } from '../verify/checkpoints.js';
import { fault, type Fault } from '../verify/faults.js';
import { unzipFiles } from './zip.js';

export interface PackageReport {
  ok: boolean;
  checkpointSize?: number;
  files: number;
  faults: Fault[];
}

const Index = z.object({
  v: z.literal(1),
  checkpointSize: z.number().int().positive(),
  items: z.array(z.object({ kind: z.enum(['capture', 'observation', 'event']), id: z.string(), bucketKey: z.string(), path: z.string(), seq: z.number().int(), sha256: z.string() })),
});
const Proof = z.object({ leafIndex: z.number().int(), treeSize: z.number().int(), path: z.array(z.string().regex(/^[0-9a-f]{64}$/)), root: z.string() });

export async function verifyPackage(zip: string | Buffer, opts: { tsaTrustedPem?: string; publicKeyPem?: string } = {}): Promise<PackageReport> {
  const files = await unzipFiles(typeof zip === 'string' ? await readFile(zip) : zip);
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
  const pub = opts.publicKeyPem ?? files.get('keys/ledger.pem')?.toString('utf8');
  const seal = files.get('SHA256SUMS.sig');
  if (seal && sums && pub && !verifySig(null, sums, createPublicKey(pub), seal)) {
    faults.push(fault('package_seal_invalid', 'SHA256SUMS.sig', 'SHA256SUMS.sig does not verify under keys/ledger.pem: the file list was changed after export'));
  }

  // 2. Index, ledger segment, checkpoint.
  const idxRaw = need('package-index.json');
  const idx = idxRaw ? Index.safeParse(JSON.parse(idxRaw.toString('utf8'))) : undefined;
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
        { publicKeyPem: pub, tsaTrustedPem: opts.tsaTrustedPem ?? files.get('tsa/chain.pem')?.toString('utf8'), leaves: [], hashes: chain.hashes },
      );
      faults.push(...cp.faults);
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
        const proof = proofRaw ? Proof.safeParse(JSON.parse(proofRaw.toString('utf8'))) : undefined;
        const leaf = leafHash(ledgerBytes.get(item.seq)!);
        if (proof && (!proof.success || !root || proof.data.treeSize !== n || proof.data.leafIndex !== item.seq || !verifyInclusion(leaf, item.seq, n, proof.data.path.map((h) => Buffer.from(h, 'hex')), root))) {
          faults.push(fault('proof_invalid', proofPath, `${proofPath} does not prove ${lk} is entry ${item.seq} of the tree signed in checkpoint/${n}.body`));
        }
        checkArtifacts(item, m, files, faults);
      }
    }
  }
  faults.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.code.localeCompare(b.code)));
  return { ok: faults.length === 0, checkpointSize: n, files: files.size, faults };
}

function checkArtifacts(item: z.infer<typeof Index>['items'][number], manifest: Buffer, files: Map<string, Buffer>, faults: Fault[]): void {
  const json: unknown = JSON.parse(manifest.toString('utf8'));
  const expect: [string, string][] = [];
  const safe = (s: string): string => s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^\.+/, '_');
  if (item.kind === 'capture') {
    const m = CaptureManifest.safeParse(json);
    if (m.success) for (const a of m.data.artifacts) expect.push([`artifacts/${safe(m.data.id)}/${a.name.split('/').map(safe).join('/')}`, a.sha256]);
  } else if (item.kind === 'observation') {
    const o = ObservationRecord.safeParse(json);
    if (o.success) for (const p of o.data.posts) expect.push([`artifacts/${safe(o.data.id)}/posts/${safe(p.id)}.json`, p.sha256]);
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
