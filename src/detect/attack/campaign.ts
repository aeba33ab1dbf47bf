// campaign: several targets hit by overlapping attacker accounts or the same texts within a window.
// Attacks are tied when they share `campaignMinShared` accounts or a near-duplicate text signature;
// a connected group of ties spanning `campaignMinTargets` targets is a campaign.
import type { AttackSettings } from './settings.js';
import { sigFromHex, similarity } from './minhash.js';

/** What is remembered of each attack across targets (Redis, pruned to the campaign window). */
export interface AttackSummary {
  id: string;
  target: string;
  from: string;
  at: string;
  accounts: string[];
  textSigs: string[];
}

export interface CampaignFinding {
  /** Member targets, sorted. */
  members: string[];
  /** The attack events, in time order. */
  attacks: string[];
  /** Accounts seen in the attacks of two or more members. */
  attackers: string[];
  /** Whether shared texts tied any pair. */
  sharedTexts: boolean;
  timeline: { at: string; target: string; attackEventId: string; accounts: number }[];
}

function ties(a: AttackSummary, b: AttackSummary, cfg: AttackSettings): { shared: string[]; text: boolean } | null {
  if (a.target === b.target) return null;
  const bs = new Set(b.accounts);
  const shared = a.accounts.filter((x) => bs.has(x));
  const text = a.textSigs.some((x) => b.textSigs.some((y) => similarity(sigFromHex(x), sigFromHex(y)) >= cfg.nearDuplicate));
  return shared.length >= cfg.campaignMinShared || text ? { shared, text } : null;
}

/** The campaign the newest attack belongs to, if its group spans enough targets within the window. */
export function findCampaign(newest: AttackSummary, recent: readonly AttackSummary[], cfg: AttackSettings): CampaignFinding | null {
  const t = Date.parse(newest.at);
  const pool = [newest, ...recent.filter((r) => r.id !== newest.id && Math.abs(t - Date.parse(r.at)) <= cfg.campaignWindow)];
  // Breadth-first from the newest attack over ties.
  const inGroup = new Set([0]);
  const queue = [0];
  const attackers = new Set<string>();
  let sharedTexts = false;
  while (queue.length) {
    const i = queue.shift()!;
    for (let j = 0; j < pool.length; j++) {
      if (j === i) continue;
      const tie = ties(pool[i]!, pool[j]!, cfg);
      if (!tie) continue;
      for (const a of tie.shared) attackers.add(a);
      sharedTexts ||= tie.text;
      if (!inGroup.has(j)) inGroup.add(j), queue.push(j);
    }
  }
  const group = [...inGroup].map((i) => pool[i]!).sort((a, b) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id));
  const members = [...new Set(group.map((g) => g.target))].sort();
  if (members.length < cfg.campaignMinTargets) return null;
  return {
    members,
    attacks: group.map((g) => g.id),
    attackers: [...attackers].sort(),
    sharedTexts,
    timeline: group.map((g) => ({ at: g.at, target: g.target, attackEventId: g.id, accounts: g.accounts.length })),
  };
}
