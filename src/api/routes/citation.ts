// Citations as files: GET /api/captures/:id/citation?format=md|csv|csl — platform, account,
// title or first words, published and archived time (UTC), what happened, the SHA-256 recorded
// in the ledger (of the stored manifest bytes), the ledger position and the archive link. Posts
// and events have the same route (targets.ts, events.ts); every JSON answer carries `citation`.
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import { citationsCslJson, citationsCsv, citationsMarkdown, type Citation } from '../../archive/export/citations.js';
import { VigilError } from '../../errors.js';
import type { ApiDeps } from '../deps.js';
import { captureCitation, serverBase } from '../cite.js';
import type { RouteDoc } from '../openapi.js';

const Params = z.object({ id: z.string().regex(/^[0-9A-Za-z]{10,40}$/, 'a capture id (ULID)') });
export const CitationFormat = z.object({ format: z.enum(['md', 'csv', 'csl']).default('md') }).strict();

export function sendCitation(reply: FastifyReply, c: Citation, format: 'md' | 'csv' | 'csl') {
  if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(citationsCsv([c]));
  if (format === 'csl') return reply.type('application/vnd.citationstyles.csl+json').send(JSON.stringify(citationsCslJson([c]), null, 2) + '\n');
  // Markdown: the one citation line (the package's citations.md adds a heading around many).
  return reply.type('text/markdown; charset=utf-8').send(citationsMarkdown([c]).replace(/^# Citations\n\n/, ''));
}

export const citationDocs: RouteDoc[] = [
  { method: 'get', path: '/api/captures/:id/citation', tag: 'citations', role: 'viewer', summary: 'The citation of a capture as Markdown, CSV or CSL-JSON', params: Params, query: CitationFormat, answer: { contentType: 'text/markdown', description: 'the citation' } },
];

export const citationRoutes = (deps: ApiDeps): FastifyPluginAsync => async (app) => {
  app.get('/api/captures/:id/citation', async (req, reply) => {
    const { id } = Params.parse(req.params);
    const { format } = CitationFormat.parse(req.query);
    // The bucket's bytes are the ones the ledger hashed; the catalog copy is a re-serialization.
    const m = (await deps.archive.getCapture(id)) ?? (await deps.catalog.getCapture(id));
    if (!m) throw new VigilError('VGL_NOT_FOUND', `no archived capture with id ${id}`);
    return sendCitation(reply, await captureCitation(deps, serverBase(req, deps), m), format);
  });
};
