// GET /api/captures/:id/citation?format=md|csv|csl — the citation of one archived capture:
// platform, account, title or first words, published and archived time (UTC), the SHA-256
// recorded in the ledger (of the stored manifest bytes) and the archive link.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { captureKey } from '../../archive/keys.js';
import { jsonBytes } from '../../archive/json.js';
import { citationFromManifest, citationsCslJson, citationsCsv, citationsMarkdown } from '../../archive/export/citations.js';
import { VigilError } from '../../errors.js';
import { sha256Hex } from '../../ids.js';
import type { ApiDeps } from '../deps.js';

const Params = z.object({ id: z.string().regex(/^[0-9A-Za-z]{10,40}$/, 'a capture id (ULID)') });
const Query = z.object({ format: z.enum(['md', 'csv', 'csl']).default('md') }).strict();

/** Link to the capture on this server, as the client reached it. */
const archiveLink = (req: FastifyRequest, id: string): string => `${req.protocol}://${req.headers.host ?? '127.0.0.1'}/api/captures/${id}`;

export const citationRoutes = (deps: ApiDeps): FastifyPluginAsync => async (app) => {
  app.get('/api/captures/:id/citation', async (req, reply) => {
    const { id } = Params.parse(req.params);
    const { format } = Query.parse(req.query);
    // The bucket's bytes are the ones the ledger hashed; the catalog copy is a re-serialization.
    const stored = deps.archive.getRecordBytes ? await deps.archive.getRecordBytes(captureKey(id)) : null;
    const m = stored ? await deps.archive.getCapture(id) : ((await deps.catalog.getCapture(id)) ?? (await deps.archive.getCapture(id)));
    if (!m) throw new VigilError('VGL_NOT_FOUND', `no archived capture with id ${id}`);
    const sha256 = sha256Hex(stored ?? jsonBytes(m));
    const c = citationFromManifest(m, sha256, archiveLink(req, id));
    if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(citationsCsv([c]));
    if (format === 'csl') return reply.type('application/vnd.citationstyles.csl+json').send(JSON.stringify(citationsCslJson([c]), null, 2) + '\n');
    // Markdown: the one citation line (the package's citations.md adds a heading around many).
    return reply.type('text/markdown; charset=utf-8').send(citationsMarkdown([c]).replace(/^# Citations\n\n/, ''));
  });
};
