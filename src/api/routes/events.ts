// /api/events: takedown events with filters, a page at a time; one event; its citation.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { EVENT_STATUSES, EVENT_TYPES } from '../../detect/vocabulary.js';
import { VigilError } from '../../errors.js';
import type { EventRow } from '../../catalog/types.js';
import type { ApiDeps } from '../deps.js';
import { eventJson } from '../shapes.js';
import { EventsCursor, decodeCursor, pageOf } from '../cursor.js';
import { citationJson, eventCitations, serverBase, targetRows } from '../cite.js';
import { EventAnswer, EventsAnswer } from '../schemas.js';
import type { RouteDoc } from '../openapi.js';
import { CitationFormat, sendCitation } from './citation.js';

export const EventsQuery = z
  .object({
    target: z.string().min(1).max(64).optional(),
    type: z.enum(EVENT_TYPES).optional(),
    status: z.enum(EVENT_STATUSES).optional(),
    limit: z.coerce.number().int().min(1).max(5000).optional(),
    cursor: z.string().min(1).max(400).optional(),
  })
  .strict();
const IdParams = z.object({ id: z.string().min(1).max(64) });

export const eventDocs: RouteDoc[] = [
  { method: 'get', path: '/api/events', tag: 'events', role: 'viewer', summary: 'Takedown events, newest first, a page at a time (default 200)', query: EventsQuery, answer: { schema: EventsAnswer, description: 'a page of events, each with its citation' } },
  { method: 'get', path: '/api/events/:id', tag: 'events', role: 'viewer', summary: 'One event with its details', params: IdParams, answer: { schema: EventAnswer, description: 'the event' } },
  { method: 'get', path: '/api/events/:id/citation', tag: 'citations', role: 'viewer', summary: 'The citation of an event as Markdown, CSV or CSL-JSON', params: IdParams, query: CitationFormat, answer: { contentType: 'text/markdown', description: 'the citation' } },
];

export const eventRoutes = (deps: ApiDeps): FastifyPluginAsync => async (app) => {
  const cite = async (base: string, events: EventRow[]) => eventCitations(deps, base, events, await targetRows(deps, events.map((e) => e.target)));
  const one = async (id: string) => {
    const ev = await deps.catalog.getEvent(id);
    if (!ev) throw new VigilError('VGL_NOT_FOUND', `no event with id ${JSON.stringify(id)}`);
    return ev;
  };

  app.get('/api/events', async (req) => {
    const { cursor, ...f } = EventsQuery.parse(req.query);
    const limit = f.limit ?? 200;
    const after = cursor ? decodeCursor(cursor, EventsCursor, 'events') : undefined;
    const rows = await deps.catalog.listEvents({ ...f, limit: limit + 1, ...(after ? { before: { detectedAt: after.t, id: after.i } } : {}) });
    const page = pageOf(rows, limit, (e) => ({ t: new Date(e.detectedAt).toISOString(), i: e.id }));
    const cites = await cite(serverBase(req, deps), page.items);
    return EventsAnswer.parse({ events: page.items.map((e, i) => ({ ...eventJson(e), citation: citationJson(cites[i]) })), next: page.next });
  });

  app.get('/api/events/:id', async (req) => {
    const { id } = IdParams.parse(req.params);
    const ev = await one(id);
    const [c] = await cite(serverBase(req, deps), [ev]);
    return EventAnswer.parse({ event: { ...eventJson(ev), details: ev.details ?? null, citation: citationJson(c) } });
  });

  app.get('/api/events/:id/citation', async (req, reply) => {
    const { id } = IdParams.parse(req.params);
    const { format } = CitationFormat.parse(req.query);
    const [c] = await cite(serverBase(req, deps), [await one(id)]);
    return sendCitation(reply, c, format);
  });
};
