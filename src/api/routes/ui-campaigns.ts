// UI: /campaigns (a page of campaigns, newest first, following the API's `next` cursor) and
// /campaigns/:id (one campaign). Each shows the members' attacks, takedowns and shadow-bans.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { ApiDeps } from '../deps.js';
import { memberEvents } from '../campaigns.js';
import { campaignPage, campaignsPage } from '../ui/pages-campaigns.js';
import { campaignsPage as campaignsList, oneCampaign } from './campaigns.js';
import { given, sendHtml, uiOf } from './ui-common.js';

/** Campaigns per page: each one reads its members' events for its chart. */
const PAGE = 10;
const Form = z.object({ target: z.string().min(1).max(64).optional(), cursor: z.string().min(1).max(400).optional() }).strict();

export const uiCampaigns = (deps: ApiDeps): FastifyPluginAsync => async (app) => {
  app.get('/campaigns', async (req, reply) => {
    const f = Form.parse(given(req.query));
    const page = await campaignsList(deps, { ...f, limit: PAGE });
    const cards = await Promise.all(page.items.map(async (c) => ({ c, events: await memberEvents(deps.catalog, c) })));
    return sendHtml(reply, campaignsPage(cards, f, page.next, uiOf(req)));
  });

  app.get('/campaigns/:id', async (req, reply) => {
    const { id } = z.object({ id: z.string().min(1).max(64) }).parse(req.params);
    const c = await oneCampaign(deps, id);
    return sendHtml(reply, campaignPage({ c, events: await memberEvents(deps.catalog, c) }, uiOf(req)));
  });
};
