// A bucket verification is itself a custody action (Berkeley Protocol ¶167): record its outcome.
import { appendCustody } from '../ledger/custody.js';
import type { LedgerSink, ObjectStore } from '../types.js';
import type { VerifyReport } from './bucket.js';

export function recordVerification(deps: { store: ObjectStore; ledger: LedgerSink }, report: VerifyReport, actor: string): Promise<{ key: string; sha256: string }> {
  return appendCustody(deps, 'verify', actor, {
    ok: report.ok,
    counts: report.counts,
    faults: report.faults.length,
    // The first faults, so the ledger itself says what was wrong at that time.
    sample: report.faults.slice(0, 20).map((f) => ({ code: f.code, key: f.key })),
  });
}
