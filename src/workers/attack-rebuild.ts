// The attack memory after Redis lost its data (issue 10): the attacks a target's hot state keeps for
// "consistent with" links, and the cross-target memory of campaigns (attack-store.ts), rebuilt
// from the archived `attack_suspected` and `campaign` events as the catalog holds them. Without
// this, a takedown after a Redis flush would not be linked to the attack that preceded it, and an
// attack on a second target would not complete a campaign. Calls to report a handle seen in watched
// channels are not rebuilt (they are re-found only as new posts arrive); see README "Faults and
// recovery". Pure but for `rebuildAttackMemory`, which reads the catalog and writes Redis.
import type { EventRow } from '../catalog/types.js';
import type { AttackRef, AttackSummary } from '../detect/attack/index.js';
import type { AttackStore } from './attack-store.js';

const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);

/** Burst bounds of an attack event: details.burst, else its window and detection time. */
function burstOf(e: EventRow): { from: string; to: string } {
  const b = (e.details?.burst ?? {}) as Record<string, unknown>;
  const from = str(b.from) ?? e.window.firstChangedAt;
  return { from, to: str(b.to) ?? e.detectedAt ?? from };
}

/** An attack_suspected event as a target's hot state remembers it (src/workers/attacks.ts). */
export function attackRefOf(e: EventRow): AttackRef {
  const { from, to } = burstOf(e);
  const score = typeof e.details?.score === 'number' ? e.details.score : e.confidence;
  return { id: e.id, from, at: to, score, evidence: e.evidence };
}

/** An attack_suspected event as the campaign memory keeps it (accounts, text signatures). */
export function attackSummaryOf(e: EventRow): AttackSummary {
  const { from, to } = burstOf(e);
  return { id: e.id, target: e.target, from, at: to, accounts: strings(e.details?.accounts), textSigs: strings(e.details?.textSigs) };
}

/** Per target, its attacks still linkable at `now` (ended within `linkWindowMs`), oldest first. */
export function attacksByTarget(events: readonly EventRow[], now: number, linkWindowMs: number): Map<string, AttackRef[]> {
  const out = new Map<string, AttackRef[]>();
  for (const e of events) {
    if (e.type !== 'attack_suspected' || e.status !== 'confirmed') continue;
    const ref = attackRefOf(e);
    if (!(now - Date.parse(ref.at) <= linkWindowMs)) continue;
    out.set(e.target, [...(out.get(e.target) ?? []), ref]);
  }
  for (const [k, v] of out) out.set(k, v.sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id)));
  return out;
}

/** Attacks a saved state lacks (a poll that saved after the wipe), added by id, oldest first. */
export function mergeAttackRefs(current: readonly AttackRef[] | undefined, rebuilt: readonly AttackRef[]): AttackRef[] {
  const have = new Set((current ?? []).map((a) => a.id));
  return [...(current ?? []), ...rebuilt.filter((a) => !have.has(a.id))].sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
}

export interface AttackMemoryDeps {
  catalog: { listEvents(f: { type: 'attack_suspected' | 'campaign'; status: 'confirmed'; limit: number }): Promise<EventRow[]> };
  attacks: Pick<AttackStore, 'addAttack' | 'claimCampaign'>;
}

/**
 * Reads the confirmed attacks and campaigns from the catalog; puts the attacks of the campaign
 * window back in the campaign memory and re-claims announced campaigns (so none is announced
 * twice). Returns the attacks per target for the hot states (those within `linkWindowMs`).
 */
export async function rebuildAttackMemory(d: AttackMemoryDeps, cfg: { linkWindow: number; campaignWindow: number }, now: number): Promise<Map<string, AttackRef[]>> {
  const attacks = await d.catalog.listEvents({ type: 'attack_suspected', status: 'confirmed', limit: 5000 });
  for (const e of attacks) {
    const s = attackSummaryOf(e);
    // The store prunes to twice the campaign window, as attacks.ts keeps them.
    if (now - Date.parse(s.at) <= 2 * cfg.campaignWindow) await d.attacks.addAttack(s, 2 * cfg.campaignWindow);
  }
  const campaigns = await d.catalog.listEvents({ type: 'campaign', status: 'confirmed', limit: 5000 });
  for (const c of campaigns) {
    const members = strings(c.details?.members);
    if (members.length) await d.attacks.claimCampaign(members.join('\n'));
  }
  return attacksByTarget(attacks, now, cfg.linkWindow);
}
