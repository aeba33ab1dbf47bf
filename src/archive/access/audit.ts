// The audit log: who changed targets, exported, made dossiers, logged in (and failed to), and
// managed users, as `audit/<seq 12 digits>.json` in the bucket, chained like the ledger: each
// entry holds the SHA-256 of the previous entry's bytes, so removing or editing one breaks every
// link after it (`verifyAudit`). Entries are written create-only (If-None-Match): two processes
// racing for one seq never overwrite each other; the loser re-reads the head and takes the next.
// Under Object Lock the prefix is retained like evidence (object-lock.ts).
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { VigilError } from '../../errors.js';
import type { ObjectStore } from '../types.js';

export const AuditEntry = z.object({
  v: z.literal(1),
  seq: z.number().int().nonnegative(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  ip: z.string().optional(),
  details: z.record(z.unknown()).default({}),
  /** sha256 of the previous entry's stored bytes; 64 zeros for the first. */
  prev: z.string().regex(/^[0-9a-f]{64}$/),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

export interface AuditInput {
  actor: string;
  action: string;
  ip?: string;
  details?: Record<string, unknown>;
}

export interface AuditLog {
  append(e: AuditInput): Promise<AuditEntry>;
  /** Newest first, `before` = a seq to page on. */
  list(o?: { limit?: number; before?: number }): Promise<AuditEntry[]>;
}

const ZERO = '0'.repeat(64);
export const auditKey = (seq: number): string => `audit/${String(seq).padStart(12, '0')}.json`;
const seqOf = (key: string): number | null => {
  const m = /^audit\/(\d{12})\.json$/.exec(key);
  return m ? Number(m[1]) : null;
};
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function lastSeq(store: ObjectStore): Promise<number> {
  let max = -1;
  for await (const k of store.list('audit/')) max = Math.max(max, seqOf(k) ?? -1);
  return max;
}

export function createAuditLog(store: ObjectStore, o: { now?: () => Date } = {}): AuditLog {
  const now = o.now ?? (() => new Date());
  let head: { seq: number; sha: string } | undefined;
  let tail: Promise<unknown> = Promise.resolve();

  const loadHead = async (): Promise<{ seq: number; sha: string }> => {
    const seq = await lastSeq(store);
    if (seq < 0) return { seq: -1, sha: ZERO };
    const b = await store.get(auditKey(seq));
    if (!b) throw new VigilError('VGL_STORE_INTEGRITY', `audit: ${auditKey(seq)} was listed but cannot be read`);
    return { seq, sha: sha(b) };
  };

  const appendOnce = async (e: AuditInput): Promise<AuditEntry> => {
    for (let attempt = 0; attempt < 20; attempt++) {
      head ??= await loadHead();
      const entry: AuditEntry = { v: 1, seq: head.seq + 1, at: now().toISOString(), actor: e.actor, action: e.action, ...(e.ip ? { ip: e.ip } : {}), details: e.details ?? {}, prev: head.sha };
      const bytes = Buffer.from(JSON.stringify(entry) + '\n');
      const r = await store.put(auditKey(entry.seq), bytes, { contentType: 'application/json', sha256: sha(bytes), ifNoneMatch: true });
      if (!r.existed) {
        head = { seq: entry.seq, sha: sha(bytes) };
        return entry;
      }
      head = undefined; // another process wrote that seq: read the head again
    }
    throw new VigilError('VGL_STORE_UNAVAILABLE', 'audit: could not append after 20 tries (another writer keeps winning)');
  };

  return {
    append(e) {
      // One writer at a time in this process; across processes the create-only put decides.
      const run = tail.then(() => appendOnce(e));
      tail = run.catch(() => undefined);
      return run;
    },
    async list({ limit = 100, before } = {}) {
      const top = before !== undefined ? before - 1 : await lastSeq(store);
      const out: AuditEntry[] = [];
      for (let s = top; s >= 0 && out.length < limit; s--) {
        const b = await store.get(auditKey(s));
        if (!b) continue;
        const r = AuditEntry.safeParse(JSON.parse(b.toString('utf8')));
        if (r.success) out.push(r.data);
      }
      return out;
    },
  };
}

export interface AuditFault {
  key: string;
  problem: string;
}

/** Walks the whole chain: every seq present, each `prev` the hash of the entry before. */
export async function verifyAudit(store: ObjectStore): Promise<{ entries: number; faults: AuditFault[] }> {
  const last = await lastSeq(store);
  const faults: AuditFault[] = [];
  let prev = ZERO;
  for (let s = 0; s <= last; s++) {
    const key = auditKey(s);
    const b = await store.get(key);
    if (!b) {
      faults.push({ key, problem: 'missing: the chain has a gap' });
      prev = '';
      continue;
    }
    const r = AuditEntry.safeParse((() => { try { return JSON.parse(b.toString('utf8')); } catch { return null; } })());
    if (!r.success) faults.push({ key, problem: 'not an audit entry' });
    else if (r.data.seq !== s) faults.push({ key, problem: `holds seq ${r.data.seq}` });
    else if (prev && r.data.prev !== prev) faults.push({ key, problem: `prev ${r.data.prev} is not the hash of the entry before (${prev}): an entry was altered or replaced` });
    prev = sha(b);
  }
  return { entries: last + 1, faults };
}
