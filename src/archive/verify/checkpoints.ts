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

export async function checkCheckpoints(files: CheckpointFiles[], opts: CheckpointCheckOpts): Promise<CheckpointCheck> {
  const faults: Fault[] = [];
  const key = opts.publicKey;
  const bodies: CheckpointBody[] = [];
  let timestamps = 0;
  let notAnchored = 0;
  for (const f of [...files].sort((a, b) => a.size - b.size)) {
    let body: CheckpointBody;
    try {
      body = parseBody(f.body);
    } catch (err) {
      faults.push(fault('checkpoint_invalid', f.names.body, `${f.names.body}: ${(err as Error).message}`));
      continue;
    }
    if (body.size !== f.size) faults.push(fault('checkpoint_invalid', f.names.body, `${f.names.body} claims tree size ${body.size}, not ${f.size} as its name says`));
    if (!f.sig) faults.push(fault('checkpoint_signature_missing', f.names.sig, `${f.names.sig} is missing: checkpoint ${f.size} is unsigned`));
    else if (key && !verifySig(null, f.body, key, f.sig)) {
      faults.push(fault('checkpoint_signature_invalid', f.names.sig, `${f.names.sig} is not a valid Ed25519 signature of ${f.names.body} under the ledger key: the body or the signature was altered, or another key signed it`));
    }
    if (opts.ledgerSize !== undefined && body.size > opts.ledgerSize) {
      faults.push(fault('checkpoint_beyond_ledger', f.names.body, `${f.names.body} covers ${body.size} entries but the ledger holds ${opts.ledgerSize}: entries were removed from its end`));
    }
    const known = opts.leaves.slice(0, body.size);
    if (known.length === body.size && known.every((l): l is Buffer => l !== undefined)) {
      const root = treeRoot(known);
      if (!root.equals(body.root)) {
        faults.push(fault('checkpoint_root_mismatch', f.names.body, `${f.names.body} signed Merkle root ${body.root.toString('base64')} but entries 0..${body.size - 1} give ${root.toString('base64')}: the ledger was changed after this checkpoint`));
      }
    }
    const head = opts.hashes.get(body.size - 1);
    if (head !== undefined && head !== body.head) {
      faults.push(fault('checkpoint_head_mismatch', f.names.body, `${f.names.body} records head sha256 ${body.head} but entry ${body.size - 1} hashes to ${head}`));
    }
    if (!f.tsr && opts.requireTimestamp) {
      faults.push(
        fault('checkpoint_timestamp_missing', f.names.tsr, `${f.names.tsr} is missing: integrity.tsaUrl is set, so every checkpoint is published with its RFC 3161 token; it was removed (or the checkpoint predates integrity.tsaUrl)`),
      );
    }
    if (f.tsr && f.sig) {
      const ts = await verifyTimestamp(f.tsr, f.sig, { trustedPem: opts.tsaTrustedPem });
      if (ts.ok && ts.anchored) timestamps++;
      else if (ts.ok) notAnchored++;
      if (!ts.ok) faults.push(fault('checkpoint_timestamp_invalid', f.names.tsr, `${f.names.tsr}: ${ts.problem}`));
      else if (ts.genTime && Math.abs(ts.genTime.getTime() - Date.parse(body.time)) > (opts.timeToleranceMs ?? 10 * 60_000)) {
        faults.push(fault('checkpoint_time_skew', f.names.tsr, `${f.names.tsr} was stamped at ${ts.genTime.toISOString()}, far from the body's time ${body.time}`));
      }
    }
    bodies.push(body);
  }
  // Consecutive checkpoints must describe one append-only history.
  const leaves = opts.leaves;
  const whole = leaves.every((l): l is Buffer => l !== undefined);
  for (let i = 1; i < bodies.length && whole; i++) {
    const [a, b] = [bodies[i - 1], bodies[i]];
    if (b.size > leaves.length) break;
    const proof = consistencyProof(leaves as Buffer[], a.size, b.size);
    if (!verifyConsistency(a.size, b.size, a.root, b.root, proof)) {
      const name = checkpointKey(b.size, 'body');
      faults.push(fault('checkpoints_inconsistent', name, `checkpoint ${a.size} is not a prefix of checkpoint ${b.size}: the history between them was rewritten`));
    }
  }
  return { faults, timestamps, notAnchored, verified: bodies };
}
