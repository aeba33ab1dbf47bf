// GET /api/export?(capture|event|target|q)=…&since&until : a case package (ZIP) from the
// injected exporter. `search=` is accepted as an alias of `q` (the CLI sends it). With q, the
// search filters of GET /api/search (target, platform, tag, deleted, since, until) apply as there.
// capture=, event= and post=<target>|<postId> may be repeated and combined: one package of every
// chosen item (the dossier's package).
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { VigilError } from '../../errors.js';
import { MAX_EXPORT_ITEMS, selectorOf } from '../../archive/export/exporter.js';
import type { ApiDeps } from '../deps.js';
import { DeletedFlag, withoutEmpty } from './search.js';
import type { RouteDoc } from '../openapi.js';
import { recordAudit } from '../audit.js';

const IsoTime = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'an ISO date/time, e.g. 2024-11-12 or 2024-11-12T10:00:00Z');
/** One id, or the parameter repeated (`event=a&event=b`). */
const Ids = (one: z.ZodString, what: string) => z.union([one, z.array(one).max(MAX_EXPORT_ITEMS)]).describe(`${what}; repeat the parameter for several`);
export const ExportQuery = z
  .object({
    target: z.string().min(1).max(64).optional(),
    event: Ids(z.string().min(1).max(64), 'an event id').optional(),
    capture: Ids(z.string().min(1).max(64), 'a capture id').optional(),
    post: Ids(z.string().min(3).max(400), 'a post as <target>|<postId>').optional(),
    q: z.string().trim().min(1).max(500).optional(),
    search: z.string().trim().min(1).max(500).optional(),
    platform: z.string().min(1).max(32).optional(),
    tag: z.string().min(1).max(64).optional(),
    deleted: DeletedFlag.optional(),
    since: IsoTime.optional(),
    until: IsoTime.optional(),
  })
  .strict()
  .transform(({ search, ...q }) => ({ ...q, q: q.q ?? search }))
  // Which selectors go together (exactly one of target and q; items combine) is selectorOf's rule,
  // checked in the handler with the exporter's own message.
  .refine((q) => q.q !== undefined || (q.platform === undefined && q.tag === undefined && q.deleted === undefined), {
    message: 'platform, tag and deleted filter a search: give q as well',
  })
  .refine((q) => !q.since || !q.until || Date.parse(q.since) <= Date.parse(q.until), { message: 'since is after until' });

export const exportDocs: RouteDoc[] = [
  { method: 'get', path: '/api/export', tag: 'export', role: 'viewer', summary: 'An evidence package (case.zip): exactly one of target, q, or any number of capture, event and post ids together (one package of every chosen item); since/until narrow a target or search', query: ExportQuery, answer: { contentType: 'application/zip', description: 'the package; x-vigil-sha256 is its hash, as in the custody entry' } },
];

export const exportRoutes = (deps: ApiDeps): FastifyPluginAsync => async (app) => {
  app.get('/api/export', async (req, reply) => {
    const q = ExportQuery.parse(withoutEmpty(req.query));
    selectorOf(q); // VGL_BAD_REQUEST for a mix the exporter refuses, before any work
    if (!deps.exporter) throw new VigilError('VGL_NOT_ENABLED', 'export is not available in this Vigil process');
    const out = await deps.exporter.export(q, { actor: req.user ? `api:${req.user.name}@${req.ip}` : `api:${req.ip}` });
    const name = out.filename.replace(/[^A-Za-z0-9._-]/g, '_');
    req.log.info({ selector: q, filename: name, sha256: out.sha256 }, 'export');
    await recordAudit(deps, req, 'export', { selector: q, filename: name, sha256: out.sha256 });
    reply
      .header('content-type', out.contentType ?? 'application/zip')
      .header('content-disposition', `attachment; filename="${name}"`);
    if (out.sha256) reply.header('x-vigil-sha256', out.sha256);
    return reply.send(out.body);
  });
};
