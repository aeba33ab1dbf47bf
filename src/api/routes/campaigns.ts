// /api/campaigns: `campaign` events with their member targets, attacker accounts and attacks,
// newest first, a page at a time; one campaign with the members' attacks, takedowns and
// shadow-bans since its first attack (what the campaigns screen charts).
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { EVENT_STATUSES } from '../../detect/vocabulary.js';
import { VigilError } from '../../errors.js';
import type { EventRow } from '../../catalog/types.js';
import type { ApiDeps } from '../deps.js';
import { eventJson } from '../shapes.js';
import { EventsCursor, decodeCursor, encodeCursor, pageOf } from '../cursor.js';
import { citationJson, eventCitations, serverBase, targetRows } from '../cite.js';
import { CampaignAnswer, CampaignsAnswer } from '../schemas.js';
import type { RouteDoc } from '../openapi.js';
import { campaignOf, memberEvents, type CampaignView } from '../campaigns.js';

export const CampaignsQuery = z
  .object({
    target: z.string().min(1).max(64).optional().describe('only campaigns this target is a member of'),
    status: z.enum(EVENT_STATUSES).optional(),
    limit: z.coerce.number().int().min(1).max(500).optional(),
    cursor: z.string().min(1).max(400).optional(),
  })
  .strict();
const IdParams = z.object({ id: z.string().min(1).max(64) });

export const campaignDocs: RouteDoc[] = [
  { method: 'get', path: '/api/campaigns', tag: 'events', role: 'viewer', summary: 'Campaigns (several targets hit by the same accounts or texts) with their members and attackers, newest first, a page at a time (default 50)', query: CampaignsQuery, answer: { schema: CampaignsAnswer, description: 'a page of campaigns' } },
  { method: 'get', path: '/api/campaigns/:id', tag: 'events', role: 'viewer', summary: 'One campaign with its members’ attacks, takedowns and shadow-bans since its first attack', params: IdParams, answer: { schema: CampaignAnswer, description: 'the campaign and the events its timeline shows' } },
];

/** Campaign events a page at a time: `next` continues after the last campaign scanned. */
export async function campaignsPage(deps: Pick<ApiDeps, 'catalog'>, q: { target?: string; status?: EventRow['status']; limit?: number; cursor?: string }): Promise<{ items: CampaignView[]; next: string | null }> {
  const limit = q.limit ?? 50;
  const after = q.cursor ? decodeCursor(q.cursor, EventsCursor, 'campaigns') : undefined;
  if (!q.target) {
    const rows = await deps.catalog.listEvents({ type: 'campaign', status: q.status, limit: limit + 1, ...(after ? { before: { detectedAt: after.t, id: after.i } } : {}) });
    const page = pageOf(rows, limit, (e) => ({ t: new Date(e.detectedAt).toISOString(), i: e.id }));
    return { items: page.items.map(campaignOf), next: page.next };
  }
  // A member filter: the event's own target is only the member that completed it, so campaigns
  // are scanned in pages and kept when the target is among their members.
  const out: CampaignView[] = [];
  let before = after ? { detectedAt: after.t, id: after.i } : undefined;
  let exhausted = false;
  for (let scanned = 0; scanned < 20 * (limit + 1) && out.length <= limit && !exhausted; ) {
    const rows = await deps.catalog.listEvents({ type: 'campaign', status: q.status, limit: 200, ...(before ? { before } : {}) });
    exhausted = rows.length < 200;
    for (const e of rows) {
      scanned++;
      before = { detectedAt: new Date(e.detectedAt).toISOString(), id: e.id };
      const c = campaignOf(e);
      if (c.members.includes(q.target)) out.push(c);
      if (out.length > limit) break;
    }
  }
  const page = pageOf(out, limit, (c) => ({ t: new Date(c.event.detectedAt).toISOString(), i: c.event.id }));
  // Scanning stopped at its bound before the list ended: go on from the last campaign scanned.
  const more = !page.next && !exhausted && out.length <= limit && before ? encodeCursor({ t: before.detectedAt, i: before.id }) : null;
  return { items: page.items, next: page.next ?? more };
}

/** One campaign, or VGL_NOT_FOUND. */
export async function oneCampaign(deps: Pick<ApiDeps, 'catalog'>, id: string): Promise<CampaignView> {
  const e = await deps.catalog.getEvent(id);
  if (!e || e.type !== 'campaign') throw new VigilError('VGL_NOT_FOUND', `no campaign with id ${JSON.stringify(id)}`);
  return campaignOf(e);
}

export const campaignRoutes = (deps: ApiDeps): FastifyPluginAsync => async (app) => {
  const cite = async (req: FastifyRequest, events: EventRow[]) => eventCitations(deps, serverBase(req, deps), events, await targetRows(deps, events.map((e) => e.target)));
  const json = (c: CampaignView, citation: ReturnType<typeof citationJson>) => ({
    ...eventJson(c.event), citation, members: c.members, attackers: c.attackers, attacks: c.attacks, sharedTexts: c.sharedTexts, timeline: c.timeline, from: c.from,
  });

  app.get('/api/campaigns', async (req) => {
    const q = CampaignsQuery.parse(req.query);
    const page = await campaignsPage(deps, q);
    const cites = await cite(req, page.items.map((c) => c.event));
    return CampaignsAnswer.parse({ campaigns: page.items.map((c, i) => json(c, citationJson(cites[i]))), next: page.next });
  });

  app.get('/api/campaigns/:id', async (req) => {
    const { id } = IdParams.parse(req.params);
    const c = await oneCampaign(deps, id);
    const events = await memberEvents(deps.catalog, c);
    const cites = await cite(req, [c.event, ...events]);
    return CampaignAnswer.parse({ campaign: json(c, citationJson(cites[0])), events: events.map((e, i) => ({ ...eventJson(e), citation: citationJson(cites[i + 1]) })) });
  });
};
