// Checks of signed checkpoints against a ledger's leaf hashes: signature, root, head, RFC 3161
// token, time skew, and consistency between consecutive checkpoints.
import { verify as verifySig, type KeyObject } from 'node:crypto';
import { consistencyProof, treeRoot, verifyConsistency } from '../ledger/merkle.js';
import { checkpointKey, parseBody, type CheckpointBody } from '../ledger/note.js';
import { verifyTimestamp } from '../tsa/verify.js';
import { fault, type Fault } from './faults.js';

export interface CheckpointFiles {
  size: number;
  body: Buffer;
  sig?: Buffer;
  tsr?: Buffer;
  /** How to name the files in faults (bucket keys or package paths). */
  names: { body: string; sig: string; tsr: string };
}

export interface CheckpointCheckOpts {
  /** The ledger key (already checked against the pins, see key-pin.ts); absent = signatures unchecked. */
  publicKey?: KeyObject;
  /** Pinned TSA root(s), PEM. Without them a token can be intact but never anchored. */
  tsaTrustedPem?: string;
  /** integrity.tsaUrl is set: a checkpoint without its .tsr is a fault. */
  requireTimestamp?: boolean;
  /** Leaf hashes known so far (index = seq); undefined where an entry is missing. */
  leaves: (Buffer | undefined)[];
  /** Entry hashes by seq. */
  hashes: Map<number, string>;
  /** Ledger length; a checkpoint may not claim more. Omit for a package (partial ledger). */
  ledgerSize?: number;
  timeToleranceMs?: number;
}

export const bucketCheckpointNames = (size: number) => ({
  body: checkpointKey(size, 'body'),
  sig: checkpointKey(size, 'sig'),
  tsr: checkpointKey(size, 'tsr'),
});

export interface CheckpointCheck {
  faults: Fault[];
  /** Tokens that are intact and chain to a pinned TSA root. */
  timestamps: number;
  /** Tokens that are intact but were checked without a pinned root. */
  notAnchored: number;
  verified: CheckpointBody[];
}

export interface FileCheck {
  faults: Fault[];
  /** Parsed body (undefined when it does not parse). */
  body?: CheckpointBody;
  timestamp: 'anchored' | 'not_anchored' | 'none';
}

/** Everything about one checkpoint that needs no ledger: body, signature, size claim, RFC 3161 token. */
export async function checkCheckpointFile(f: CheckpointFiles, opts: Omit<CheckpointCheckOpts, 'leaves' | 'hashes'>): Promise<FileCheck> {
  const faults: Fault[] = [];
  let body: CheckpointBody;
  try {
    body = parseBody(f.body);
  } catch (err) {
    return { faults: [fault('checkpoint_invalid', f.names.body, `${f.names.body}: ${(err as Error).message}`)], timestamp: 'none' };
  }
  const key = opts.publicKey;
  if (body.size !== f.size) faults.push(fault('checkpoint_invalid', f.names.body, `${f.names.body} claims tree size ${body.size}, not ${f.size} as its name says`));
  if (!f.sig) faults.push(fault('checkpoint_signature_missing', f.names.sig, `${f.names.sig} is missing: checkpoint ${f.size} is unsigned`));
  else if (key && !verifySig(null, f.body, key, f.sig)) {
    faults.push(fault('checkpoint_signature_invalid', f.names.sig, `${f.names.sig} is not a valid Ed25519 signature of ${f.names.body} under the ledger key: the body or the signature was altered, or another key signed it`));
  }
  if (opts.ledgerSize !== undefined && body.size > opts.ledgerSize) {
    faults.push(fault('checkpoint_beyond_ledger', f.names.body, `${f.names.body} covers ${body.size} entries but the ledger holds ${opts.ledgerSize}: entries were removed from its end`));
  }
  if (!f.tsr && opts.requireTimestamp) {
    faults.push(
      fault('checkpoint_timestamp_missing', f.names.tsr, `${f.names.tsr} is missing: integrity.tsaUrl is set, so every checkpoint is published with its RFC 3161 token; it was removed (or the checkpoint predates integrity.tsaUrl)`),
    );
  }
  let timestamp: FileCheck['timestamp'] = 'none';
  if (f.tsr && f.sig) {
    const ts = await verifyTimestamp(f.tsr, f.sig, { trustedPem: opts.tsaTrustedPem });
    if (ts.ok) timestamp = ts.anchored ? 'anchored' : 'not_anchored';
    if (!ts.ok) faults.push(fault('checkpoint_timestamp_invalid', f.names.tsr, `${f.names.tsr}: ${ts.problem}`));
    else if (ts.genTime && Math.abs(ts.genTime.getTime() - Date.parse(body.time)) > (opts.timeToleranceMs ?? 10 * 60_000)) {
      faults.push(fault('checkpoint_time_skew', f.names.tsr, `${f.names.tsr} was stamped at ${ts.genTime.toISOString()}, far from the body's time ${body.time}`));
    }
  }
  return { faults, body, timestamp };
}

export const rootMismatch = (name: string, body: CheckpointBody, actual: Buffer): Fault =>
  fault('checkpoint_root_mismatch', name, `${name} signed Merkle root ${body.root.toString('base64')} but entries 0..${body.size - 1} give ${actual.toString('base64')}: the ledger was changed after this checkpoint`);

export const headMismatch = (name: string, body: CheckpointBody, actual: string): Fault =>
  fault('checkpoint_head_mismatch', name, `${name} records head sha256 ${body.head} but entry ${body.size - 1} hashes to ${actual}`);

export const inconsistent = (a: number, b: number): Fault =>
  fault('checkpoints_inconsistent', checkpointKey(b, 'body'), `checkpoint ${a} is not a prefix of checkpoint ${b}: the history between them was rewritten`);

export async function checkCheckpoints(files: CheckpointFiles[], opts: CheckpointCheckOpts): Promise<CheckpointCheck> {
  const faults: Fault[] = [];
  const bodies: CheckpointBody[] = [];
  let timestamps = 0;
  let notAnchored = 0;
  for (const f of [...files].sort((a, b) => a.size - b.size)) {
    const c = await checkCheckpointFile(f, opts);
    faults.push(...c.faults);
    if (c.timestamp === 'anchored') timestamps++;
    if (c.timestamp === 'not_anchored') notAnchored++;
    const body = c.body;
    if (!body) continue;
    const known = opts.leaves.slice(0, body.size);
    if (known.length === body.size && known.every((l): l is Buffer => l !== undefined)) {
      const root = treeRoot(known);
      if (!root.equals(body.root)) faults.push(rootMismatch(f.names.body, body, root));
    }
    const head = opts.hashes.get(body.size - 1);
    if (head !== undefined && head !== body.head) faults.push(headMismatch(f.names.body, body, head));
    bodies.push(body);
  }
  // Consecutive checkpoints must describe one append-only history.
  const leaves = opts.leaves;
  const whole = leaves.every((l): l is Buffer => l !== undefined);
  for (let i = 1; i < bodies.length && whole; i++) {
    const [a, b] = [bodies[i - 1], bodies[i]];
    if (b.size > leaves.length) break;
    const proof = consistencyProof(leaves as Buffer[], a.size, b.size);
    if (!verifyConsistency(a.size, b.size, a.root, b.root, proof)) faults.push(inconsistent(a.size, b.size));
  }
  return { faults, timestamps, notAnchored, verified: bodies };
}
