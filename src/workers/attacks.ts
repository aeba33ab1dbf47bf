// Attacks on one target, per poll (issue 10): calls to report other accounts found in its new
// posts are remembered by handle; when its interactions changed, the attack rules score them
// (src/detect/attack) and a fired rule writes a confirmed `attack_suspected` event naming the
// archived interactions as evidence, then checks for a `campaign` across targets. Takedowns and
// shadow-bans that follow are linked to the attack ("consistent with") by linkAttacks().
import { eventKey } from '../archive/keys.js';
import type { EventRecord } from '../archive/types.js';
import { deterministicId } from '../ids.js';
import {
  findCampaign, isReportCall, keepAttacks, linkToAttack, mentionedHandles, sameAttack, scoreAttack,
  type AttackFinding, type AttackRef, type AttackSettings, type AttackSummary, type SeenInteraction,
} from '../detect/attack/index.js';
import type { OpenCandidate, TargetState } from '../detect/state.js';
import type { Observation, PostRecord, TargetRef } from '../scrapers/types.js';
import type { InteractionsRead, ObservedInteractions } from './interactions.js';
import type { PipelineDeps } from './pipeline-deps.js';
import { jobId } from './queues.js';

const INDEX_OPTS = { removeOnComplete: true, removeOnFail: 1000, attempts: 5, backoff: { type: 'exponential', delay: 500 } } as const;

export interface AttackPoll {
  targetId: string;
  ref: TargetRef;
  obs: Observation;
  prev: TargetState;
  inter?: InteractionsRead;
  /** Interactions archived this poll (their blobs and captures). */
  archived?: readonly ObservedInteractions[];
  /** This poll's observation record (written unless `unchanged`). */
  observationId: string;
  observedAt: string;
  unchanged: boolean;
  /** New posts of this poll. */
  added: readonly PostRecord[];
}

export interface AttackState {
  attacks?: AttackRef[];
  ir?: Record<string, string>;
}

/** Where each post's last interactions are archived: `<blob sha256>|<capture id>|<observation id>`. */
function interactionRefs(c: AttackPoll): Record<string, string> | undefined {
  if (!c.inter) return c.prev.ir;
  const out: Record<string, string> = {};
  for (const k of Object.keys(c.inter.digests)) if (c.prev.ir?.[k]) out[k] = c.prev.ir[k];
  for (const a of c.archived ?? []) out[a.postKey] = `${a.sha256}|${a.capture}|${c.observationId}`;
  return out;
}

async function putEvents(d: PipelineDeps, recs: EventRecord[]): Promise<void> {
  await Promise.all(recs.map((r) => d.archive.putEvent(r)));
  await d.queues.index.addBulk(recs.map((r) => ({ name: 'event', data: { kind: 'event' as const, key: eventKey(r.id, r.status) }, opts: { ...INDEX_OPTS, jobId: jobId('idx', 'ev', r.id, r.status) } })));
}

const handleOf = (c: AttackPoll): string => (c.obs.channel?.username ?? c.prev.username ?? c.ref.key).toLowerCase();

/** Runs the attack rules for one poll; returns what the hot state keeps (attacks, interaction refs). */
export async function pollAttacks(d: PipelineDeps, c: AttackPoll): Promise<AttackState> {
  const cfg = d.settings.detection.attack;
  const now = Date.parse(c.observedAt);
  let attacks = keepAttacks(c.prev.attacks ?? [], now, cfg.linkWindow);
  const ir = interactionRefs(c);
  if (!cfg.enabled) return { attacks, ir };
  const own = handleOf(c);
  // Calls in this target's new posts to report other accounts, kept for when those are scored.
  if (d.attacks && !c.unchanged && c.obs.state === 'ok') {
    for (const p of c.added) {
      if (!isReportCall(p.text)) continue;
      for (const h of mentionedHandles(p.text)) {
        if (h === own) continue;
        await d.attacks.addReportCall(h, { at: p.publishedAt ?? c.observedAt, source: p.url, text: p.text.slice(0, 500), evidence: c.observationId }, cfg.lookback);
      }
    }
  }
  if (!c.inter || c.inter.changed.length === 0) return { attacks, ir };
  const seen: SeenInteraction[] = c.inter.read.flatMap((r) => {
    const [blob, capture, observationId] = (ir?.[r.post.key] ?? '').split('|');
    return r.probe.interactions.map((interaction) => ({ interaction, postKey: r.post.key, seenAt: c.observedAt, ...(blob ? { blob } : {}), ...(capture ? { capture } : {}), ...(observationId ? { observationId } : {}) }));
  });
  const reportCalls = d.attacks ? await d.attacks.reportCalls(own, now - cfg.lookback) : [];
  const finding = scoreAttack({ target: { handle: own, ...(c.obs.channel?.title ? { title: c.obs.channel.title } : {}) }, interactions: seen, reportCalls, now }, cfg);
  if (!finding.fired) return { attacks, ir };
  // The same burst seen again (more comments arrived): one attack, already recorded.
  if (sameAttack(finding.from, attacks, cfg.burstWindow)) return { attacks, ir };
  const rec = attackRecord(c, finding);
  await putEvents(d, [rec]);
  d.log.info({ targetId: c.targetId, eventId: rec.id, score: finding.score, features: finding.features.map((f) => f.name), accounts: finding.accounts.length }, 'attack suspected');
  attacks = [...attacks, { id: rec.id, from: finding.from, at: finding.to, score: finding.score, evidence: rec.evidence }];
  if (d.attacks) await campaign(d, cfg, c, { id: rec.id, target: c.targetId, from: finding.from, at: finding.to, accounts: finding.accounts, textSigs: finding.textSigs }, rec.evidence);
  return { attacks, ir };
}

function attackRecord(c: AttackPoll, f: AttackFinding): EventRecord {
  const id = deterministicId(Date.parse(f.from), `attack|${c.targetId}|${f.from}`);
  return {
    v: 1,
    id,
    type: 'attack_suspected',
    status: 'confirmed',
    target: c.targetId,
    detectedAt: c.observedAt,
    confirmedAt: c.observedAt,
    window: { firstChangedAt: f.from },
    confidence: f.score,
    rule: 'attack.bot_farm',
    evidence: f.evidence,
    details: {
      score: f.score,
      features: f.features,
      accounts: f.accounts,
      burst: { from: f.from, to: f.to, interactions: f.interactions },
      samples: f.samples,
      // MinHash signatures of its texts: a campaign memory rebuilt from this event compares them.
      textSigs: f.textSigs,
      note: 'bot-farm signals in the public interactions with this target; suspected, not proven',
    },
  };
}

async function campaign(d: PipelineDeps, cfg: AttackSettings, c: AttackPoll, a: AttackSummary, evidence: string[]): Promise<void> {
  const store = d.attacks!;
  const now = Date.parse(a.at);
  const recent = await store.recentAttacks(now - cfg.campaignWindow);
  await store.addAttack(a, 2 * cfg.campaignWindow);
  const found = findCampaign(a, recent, cfg);
  if (!found || !(await store.claimCampaign(found.members.join('\n')))) return;
  const rec: EventRecord = {
    v: 1,
    id: deterministicId(now, `campaign|${found.members.join('\n')}`),
    type: 'campaign',
    status: 'confirmed',
    // The member whose attack completed the campaign; every member is in details.members.
    target: c.targetId,
    detectedAt: c.observedAt,
    confirmedAt: c.observedAt,
    window: { firstChangedAt: found.timeline[0]!.at },
    confidence: Math.min(1, 0.5 + 0.1 * found.members.length + (found.sharedTexts ? 0.1 : 0)),
    rule: found.attackers.length ? 'campaign.shared_accounts' : 'campaign.shared_texts',
    evidence: [...new Set([...found.attacks, ...evidence])],
    details: { members: found.members, attackers: found.attackers, attacks: found.attacks, sharedTexts: found.sharedTexts, timeline: found.timeline },
  };
  await putEvents(d, [rec]);
  d.log.info({ eventId: rec.id, members: found.members.length, attackers: found.attackers.length }, 'campaign');
}

/**
 * Adds `details.consistentWith` to takedown and shadow-ban candidates (created or confirmed this
 * poll) that follow an attack on the target within `linkWindow`. Returns the candidates, linked.
 */
export function linkAttacks(cands: readonly OpenCandidate[], attacks: readonly AttackRef[] | undefined, windowMs: number): OpenCandidate[] {
  if (!attacks?.length) return [...cands];
  return cands.map((c) => {
    if (c.details?.consistentWith) return c;
    const link = linkToAttack(c, attacks, windowMs);
    return link ? { ...c, details: { ...(c.details ?? {}), consistentWith: link } } : c;
  });
}
