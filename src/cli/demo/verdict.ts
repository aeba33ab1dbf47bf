// Pure: when `vigil demo` may print its verdict. Not at a fixed time (on a slow machine the last
// confirmation may still be on its way), but once every ground-truth event has had its whole
// confirmation span and every one of them was confirmed; if that does not happen, at a bounded
// deadline, so `--exit-when-done` always ends and always reports the same thing for the same run.

export interface VerdictTiming {
  /** How often each demo target is polled. */
  everyMs: number;
  /** detection.confirm.minSpan: how far apart the agreeing observations must be. */
  minSpanMs: number;
  /** How long past the last confirmation span the demo waits at most for what is still pending. */
  graceMs: number;
}

export interface TimedTruth {
  /** When it happened in the simulator (ISO). */
  at: string;
  /** The longest a poll can take to see it: one poll interval, plus a sweep cycle for deep deletions. */
  lagMs: number;
}

export interface VerdictRow {
  truth: TimedTruth;
  /** A confirmed Vigil event matched it. */
  found: boolean;
}

export type VerdictDecision =
  | { due: false; pending: number; deadlineMs: number }
  | { due: true; why: 'settled' | 'deadline'; pending: number };

/**
 * When a truth event has had its confirmation span: seen by a poll (lag), confirmed by an
 * agreeing observation minSpan later, plus one more poll and one more confirm round as slack.
 */
export const confirmSpanEnd = (t: TimedTruth, p: VerdictTiming): number => Date.parse(t.at) + t.lagMs + p.minSpanMs + (p.everyMs + p.minSpanMs);

/**
 * Due ('settled') once the scenario has played out, every truth event's confirmation span has
 * passed and every truth event is confirmed; due ('deadline') `graceMs` after the last span in any
 * case. Until then a truth event still a candidate, or not reported yet, keeps the verdict waiting.
 */
export function verdictDue(nowMs: number, scenarioEndMs: number, rows: VerdictRow[], p: VerdictTiming): VerdictDecision {
  const spansEnd = Math.max(scenarioEndMs, ...rows.map((r) => confirmSpanEnd(r.truth, p)));
  const deadlineMs = spansEnd + p.graceMs;
  const pending = rows.filter((r) => !r.found).length;
  if (nowMs >= deadlineMs) return { due: true, why: 'deadline', pending };
  if (nowMs < spansEnd || pending > 0) return { due: false, pending, deadlineMs };
  return { due: true, why: 'settled', pending };
}
