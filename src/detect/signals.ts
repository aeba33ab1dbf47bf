// Quiet outcomes (shadow-bans, reach drops) as candidate events: each probe round or poll yields
// one signal per event type: positive (the outcome shows), negative (it does not: dismisses an
// open candidate, ends a held one) or none (no verdict: a failed probe, login wall, captcha, 429,
// or nothing to judge). Positive signals open a candidate, then agree with it; confirmation goes
// through the same isReady/settle as takedowns, plus the vantage rule of shadow-bans. Pure.
import { agreeWith, openCandidate, settle, type ConfirmPolicy } from './confirm.js';
import type { DetectContext, Finding } from './rules.js';
import type { OpenCandidate, TargetState } from './state.js';
import type { EventType } from './vocabulary.js';

export { SHADOW_TYPES, SIGNAL_TYPES, isShadowType, vantagesOf, type ShadowType } from './quiet.js';
import { vantagesOf } from './quiet.js';

export interface Signal {
  type: EventType;
  verdict: 'positive' | 'negative' | 'none';
  rule: string;
  confidence: number;
  /** Vantages / sessions whose probes gave the positive verdict (shadow-bans). */
  vantages?: string[];
  /** Why, in numbers (kept on the event: the figures a reader checks). */
  details?: Record<string, unknown>;
}

export interface SignalStepResult {
  next: TargetState;
  created: OpenCandidate[];
  confirmed: OpenCandidate[];
  dismissed: OpenCandidate[];
  /** Held outcomes that ended this step (a shadow-ban lifted, views back to the baseline). */
  lifted: EventType[];
}

export function signalStep(prev: TargetState, signals: readonly Signal[], ctx: Pick<DetectContext, 'targetId' | 'observationId' | 'observedAt'>, policy: ConfirmPolicy): SignalStepResult {
  let open = [...prev.open];
  const held = { ...(prev.held ?? {}) };
  const created: OpenCandidate[] = [];
  const dismissed: OpenCandidate[] = [];
  const lifted: EventType[] = [];
  const dctx: DetectContext = { targetId: ctx.targetId, observationId: ctx.observationId, observedAt: ctx.observedAt };
  for (const sig of signals) {
    if (sig.verdict === 'none') continue;
    const key = `${sig.type}:`;
    const i = open.findIndex((c) => c.key === key && c.target === ctx.targetId);
    if (sig.verdict === 'negative') {
      if (i >= 0) dismissed.push(open[i]!);
      if (i >= 0) open = open.filter((_, j) => j !== i);
      if (held[sig.type] !== undefined) {
        delete held[sig.type];
        lifted.push(sig.type);
      }
      continue;
    }
    if (held[sig.type] !== undefined) continue; // confirmed and still holding: nothing new
    if (i >= 0) {
      const c = agreeWith(open[i]!, dctx);
      const vantages = [...new Set([...vantagesOf(c), ...(sig.vantages ?? [])])].sort();
      open[i] = { ...c, details: { ...c.details, ...sig.details, ...(sig.vantages ? { vantages } : {}) } };
      continue;
    }
    const f: Finding = { key, type: sig.type, target: ctx.targetId, rule: sig.rule, confidence: sig.confidence, details: { ...sig.details, ...(sig.vantages ? { vantages: [...new Set(sig.vantages)].sort() } : {}) } };
    const c = openCandidate(f, prev, dctx);
    created.push(c);
    open.push(c);
  }
  const next: TargetState = { ...prev, open };
  if (Object.keys(held).length) next.held = held;
  else delete next.held;
  const settled = settle(next, policy);
  return { next: settled.state, created, confirmed: settled.confirmed, dismissed, lifted };
}
