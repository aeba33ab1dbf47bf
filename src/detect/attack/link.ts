// "Consistent with" links: a takedown or shadow-ban of a target within `linkWindow` after an attack
// on it records the attack, the lag and the evidence. From outside a platform a link is evidence,
// never proof: the wording everywhere is "consistent with" (README, detection table).
import type { EventType } from '../vocabulary.js';

/** Event types a preceding attack is linked to (takedowns and shadow-bans; not renames or restorations). */
export const LINKED_TYPES: ReadonlySet<EventType> = new Set<EventType>([
  'post_deleted',
  'account_deleted',
  'account_suspended',
  'account_restricted',
  'account_geo_blocked',
  'account_private',
  'shadowban_search',
  'shadowban_suggestion',
  'shadowban_reply',
  'reach_drop',
]);

/** An attack_suspected event remembered for a target (hot state). */
export interface AttackRef {
  id: string;
  /** End of the attack's burst window (the lag is counted from here). */
  at: string;
  /** Start of the burst window. */
  from: string;
  score: number;
  evidence: string[];
}

export interface ConsistentWith {
  attackEventId: string;
  lagSeconds: number;
  score: number;
  evidence: string[];
  /** Said with every link: what it is and is not. */
  note: string;
}

export const LINK_NOTE = 'consistent with a preceding bot-farm attack on this target; evidence, not proof';

/**
 * The attack an event is consistent with: the latest attack on the target that ended at or before
 * the event's first changed observation and no more than `windowMs` before it.
 */
export function linkToAttack(ev: { type: EventType; firstChangedAt: string }, attacks: readonly AttackRef[], windowMs: number): ConsistentWith | undefined {
  if (!LINKED_TYPES.has(ev.type)) return undefined;
  const t = Date.parse(ev.firstChangedAt);
  let best: AttackRef | undefined;
  for (const a of attacks) {
    const at = Date.parse(a.at);
    if (!(at <= t && t - at <= windowMs)) continue;
    if (!best || at > Date.parse(best.at) || (at === Date.parse(best.at) && a.id > best.id)) best = a;
  }
  if (!best) return undefined;
  return { attackEventId: best.id, lagSeconds: Math.round((t - Date.parse(best.at)) / 1000), score: best.score, evidence: best.evidence, note: LINK_NOTE };
}

/** Attacks still able to be linked at `now` (older ones leave the hot state). */
export const keepAttacks = (attacks: readonly AttackRef[], now: number, windowMs: number, max = 20): AttackRef[] =>
  attacks.filter((a) => now - Date.parse(a.at) <= windowMs).slice(-max);

/** A new burst overlapping a remembered attack (its window reaches into it) is the same attack, not another. */
export const sameAttack = (from: string, attacks: readonly AttackRef[], burstWindowMs: number): AttackRef | undefined =>
  attacks.find((a) => Date.parse(from) <= Date.parse(a.at) + burstWindowMs);
