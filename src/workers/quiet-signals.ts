// The quiet-outcome signals of one poll: shadow-ban verdicts of a probe round and the reach_drop
// verdict of the views baseline, and whether the poll must be archived for them (a probe round,
// or a reach verdict that opens, agrees with or ends an event needs its observation record).
import type { Settings } from '../config/schema.js';
import { reachSignal, shadowSignals, type ReachJudgement, type ReachPolicy, type ReachState, type Signal, type TargetState } from '../detect/index.js';
import type { ProbeRound } from './shadow-probes.js';
import type { Observation } from '../scrapers/types.js';

type ProbeSettings = Settings['detection']['probes'];

export const reachPolicyOf = (r: ProbeSettings['reach']): ReachPolicy => ({
  buckets: [...r.ages].sort((a, b) => a - b),
  window: r.window,
  minBaseline: r.minBaseline,
  ratio: r.ratio,
  z: r.z,
  minPosts: r.minPosts,
});

export function quietSignals(prev: TargetState, cfg: ProbeSettings, round: ProbeRound | undefined, reach: { next: ReachState; judged: ReachJudgement[] } | undefined, obs: Observation, observedAt: string): { signals: Signal[]; archive: boolean } {
  const signals: Signal[] = [];
  if (round) {
    const few = round.vantages < cfg.minVantages;
    for (const sig of shadowSignals(round.outcomes)) {
      // Said on the event: with fewer vantages/sessions than minVantages it stays a candidate.
      signals.push(sig.verdict === 'positive' ? { ...sig, details: { ...sig.details, vantagesConfigured: round.vantages, ...(few ? { cannotConfirm: `probed through ${round.vantages} vantage(s)/session(s); detection.probes.minVantages is ${cfg.minVantages}` } : {}) } } : sig);
    }
  }
  let reachSays = false;
  if (reach) {
    const sig = reachSignal(reach.next, obs, observedAt, reachPolicyOf(cfg.reach));
    const bears = sig.verdict === 'positive' || (sig.verdict === 'negative' && (prev.open.some((c) => c.type === 'reach_drop') || prev.held?.reach_drop !== undefined));
    if (sig.verdict !== 'none') signals.push(sig);
    reachSays = bears;
  }
  // A round that only says "unsupported on this platform" is no reason to write a record: it rides
  // along when the poll is archived anyway.
  return { signals, archive: (round !== undefined && (round.outcomes.length === 0 || round.outcomes.some((o) => !o.unsupported))) || reachSays };
}
