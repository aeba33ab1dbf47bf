// GET /api/export?(target|event|capture|search)=…&since&until : a case package from the injected exporter.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { VigilError } from '../../errors.js';
import type { ApiDeps } from '../deps.js';

const IsoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'an ISO date/time, e.g. 2024-11-12 or 2024-11-12T10:00:00Z');
export const ExportQuery = z
  .object({
    target: z.string().min(1).max(64).optional(),
    event: z.string().min(1).max(64).optional(),
    capture: z.string().min(1).max(64).optional(),
    search: z.string().min(1).max(500).optional(),
    since: IsoTime.optional(),
    until: IsoTime.optional(),
  })
  .strict()
  .refine((q) => [q.target, q.event, q.capture, q.search].filter((v) => v !== undefined).length === 1, {
    message: 'give exactly one of target, event, capture, search',
  });

export const exportRoutes = (deps: ApiDeps): FastifyPluginAsync => async (app) => {
  app.get('/api/export', async (req, reply) => {
    const q = ExportQuery.parse(req.query);
    if (!deps.exporter) throw new VigilError('VGL_NOT_ENABLED', 'export is not available in this Vigil process');
    const out = await deps.exporter.export(q);
    const name = out.filename.replace(/[^A-Za-z0-9._-]/g, '_');
    return reply
      .header('content-type', out.contentType ?? 'application/zip')
      .header('content-disposition', `attachment; filename="${name}"`)
      .send(out.body);
  });
};
