// /api/events: takedown events with filters.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { EVENT_STATUSES, EVENT_TYPES } from '../../detect/vocabulary.js';
import { VigilError } from '../../errors.js';
import type { ApiDeps } from '../deps.js';
import { eventJson } from '../shapes.js';

export const EventsQuery = z
  .object({
    target: z.string().min(1).max(64).optional(),
    type: z.enum(EVENT_TYPES).optional(),
    status: z.enum(EVENT_STATUSES).optional(),
    limit: z.coerce.number().int().min(1).max(5000).optional(),
  })
  .strict();

export const eventRoutes = (deps: ApiDeps): FastifyPluginAsync => async (app) => {
  app.get('/api/events', async (req) => {
    const f = EventsQuery.parse(req.query);
    return { events: (await deps.catalog.listEvents(f)).map(eventJson) };
  });

  app.get('/api/events/:id', async (req) => {
    const { id } = z.object({ id: z.string().min(1).max(64) }).parse(req.params);
    const ev = await deps.catalog.getEvent(id);
    if (!ev) throw new VigilError('VGL_NOT_FOUND', `no event with id ${JSON.stringify(id)}`);
    return { event: { ...eventJson(ev), details: ev.details ?? null } };
  });
};
