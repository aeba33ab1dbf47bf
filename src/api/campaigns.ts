// Campaigns as the API and the UI show them: a `campaign` event (src/detect/attack/campaign.ts)
// read back with its members, attacker accounts and attacks, and the member targets' attacks,
// takedowns and shadow-bans since its first attack (what its timeline chart plots). A takedown
// after an attack is "consistent with" it, never "caused by" it. Pure, except `memberEvents`,
// which reads the catalog passed in.
import { z } from 'zod';
import { LINKED_TYPES } from '../detect/attack/index.js';
import type { Catalog, EventRow } from '../catalog/types.js';

/** details of a campaign event, as detection writes them; checked, since they come back from storage. */
const CampaignDetails = z.object({
  members: z.array(z.string()).default([]),
  attackers: z.array(z.string()).default([]),
  attacks: z.array(z.string()).default([]),
  sharedTexts: z.boolean().default(false),
  timeline: z.array(z.object({ at: z.string(), target: z.string(), attackEventId: z.string(), accounts: z.number() })).default([]),
});
export type CampaignDetails = z.infer<typeof CampaignDetails>;

export interface CampaignView extends CampaignDetails {
  event: EventRow;
  /** Its earliest time on record (detection writes the first attack's burst end here). */
  from: string;
}

export function campaignOf(e: EventRow): CampaignView {
  const r = CampaignDetails.safeParse(e.details ?? {});
  const d = r.success ? r.data : CampaignDetails.parse({});
  const members = d.members.length ? d.members : [e.target];
  const starts = [e.window.firstChangedAt, ...d.timeline.map((x) => x.at)].filter((t) => !Number.isNaN(Date.parse(t))).sort();
  return { ...d, members, event: e, from: starts[0] ?? e.detectedAt };
}

/** Attacks, takedowns and shadow-bans: what a campaign's timeline sets against each other. */
export const isCampaignRelated = (e: Pick<EventRow, 'type' | 'status'>): boolean =>
  e.status !== 'dismissed' && (e.type === 'attack_suspected' || LINKED_TYPES.has(e.type));

/** Which of the chart's three kinds an event is. */
export const relatedKind = (e: Pick<EventRow, 'type'>): 'attack' | 'shadowban' | 'takedown' =>
  e.type === 'attack_suspected' ? 'attack' : e.type.startsWith('shadowban_') || e.type === 'reach_drop' ? 'shadowban' : 'takedown';

const firstSeen = (e: EventRow): number => Date.parse(e.window.firstChangedAt || e.detectedAt);

/** The related events of the members since the campaign's first attack, oldest first. Pure. */
export function relatedEvents(c: CampaignView, events: readonly EventRow[]): EventRow[] {
  // The timeline holds each attack's burst end; its own event starts at the burst's start.
  const attacks = new Set(c.attacks);
  const from = Math.min(Date.parse(c.from), ...events.filter((e) => attacks.has(e.id)).map(firstSeen));
  const members = new Set(c.members);
  const seen = new Set<string>();
  return events
    .filter((e) => members.has(e.target) && isCampaignRelated(e) && !(firstSeen(e) < from) && !seen.has(e.id) && seen.add(e.id))
    .sort((a, b) => firstSeen(a) - firstSeen(b) || a.id.localeCompare(b.id));
}

/** Most events read per member (newest first, back to the campaign's start). */
const PER_MEMBER = 2000;
const PAGE = 500;

/** The members' events back to the campaign's start, page by page through the catalog. */
export async function memberEvents(catalog: Pick<Catalog, 'listEvents'>, c: CampaignView): Promise<EventRow[]> {
  const from = Date.parse(c.from);
  const out: EventRow[] = [];
  for (const target of c.members) {
    let before: { detectedAt: string; id: string } | undefined;
    for (let read = 0; read < PER_MEMBER; read += PAGE) {
      const rows = await catalog.listEvents({ target, limit: PAGE, ...(before ? { before } : {}) });
      out.push(...rows);
      const last = rows[rows.length - 1];
      if (rows.length < PAGE || !last || Date.parse(last.detectedAt) < from) break;
      before = { detectedAt: new Date(last.detectedAt).toISOString(), id: last.id };
    }
  }
  return relatedEvents(c, out);
}
