// /api/captures (manifests, on-demand captures) and /api/blobs/:sha256 (artifact bytes).
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { Sha256Hex } from '../../archive/types.js';
import { VigilError } from '../../errors.js';
import type { ApiDeps } from '../deps.js';
import { captureCitation, citationJson, serverBase } from '../cite.js';
import { CaptureJson, QueuedAnswer } from '../schemas.js';
import type { RouteDoc } from '../openapi.js';
import { recordAudit } from '../audit.js';

const CaptureId = z.object({ id: z.string().regex(/^[0-9A-Za-z]{10,40}$/, 'a capture id (ULID)') });
const CaptureBody = z
  .object({
    url: z.string().url().refine((u) => /^https?:$/.test(new URL(u).protocol), 'only http and https URLs can be captured'),
    target: z.string().min(1).max(64).optional(),
  })
  .strict();

const BlobParams = z.object({ sha256: Sha256Hex });

export const captureDocs: RouteDoc[] = [
  { method: 'get', path: '/api/captures/:id', tag: 'captures', role: 'viewer', summary: 'A capture manifest with its citation (202 with the status while it is queued or running)', params: CaptureId, answer: { schema: CaptureJson, description: 'the manifest' } },
  { method: 'post', path: '/api/captures', tag: 'captures', role: 'editor', summary: 'Queue a browser capture of a URL', body: CaptureBody, answer: { status: 202, schema: QueuedAnswer, description: 'the capture id' } },
  { method: 'get', path: '/api/blobs/:sha256', tag: 'captures', role: 'viewer', summary: 'The bytes of an artifact (sandboxed)', params: BlobParams, answer: { contentType: 'application/octet-stream', description: 'the artifact' } },
];

export const captureRoutes = (deps: ApiDeps): FastifyPluginAsync => async (app) => {
  app.get('/api/captures/:id', async (req, reply) => {
    const { id } = CaptureId.parse(req.params);
    const m = (await deps.catalog.getCapture(id)) ?? (await deps.archive.getCapture(id));
    if (m) return CaptureJson.parse({ ...m, citation: citationJson(await captureCitation(deps, serverBase(req, deps), m)) });
    // Not in the bucket yet: a capture still in the queue or in the browser.
    const status = deps.captures?.status ? await deps.captures.status(id) : null;
    if (status) return reply.code(202).send({ id, status, artifacts: [] });
    throw new VigilError('VGL_NOT_FOUND', `no capture with id ${id}`);
  });

  app.post('/api/captures', async (req, reply) => {
    const body = CaptureBody.parse(req.body ?? {});
    if (!deps.captures) throw new VigilError('VGL_NOT_ENABLED', 'browser capture is not enabled in this Vigil (capture.enabled, worker role)');
    const id = await deps.captures.enqueue(body.url, body.target);
    req.log.info({ captureId: id, target: body.target }, 'capture queued');
    await recordAudit(deps, req, 'capture.request', { capture: id, url: body.url, target: body.target });
    return reply.code(202).send(QueuedAnswer.parse({ id }));
  });

  app.get('/api/blobs/:sha256', async (req, reply) => {
    const { sha256 } = BlobParams.parse(req.params);
    const bytes = await deps.archive.getBlob(sha256);
    if (!bytes) throw new VigilError('VGL_NOT_FOUND', `no blob ${sha256}`);
    const art = deps.catalog.findArtifact ? await deps.catalog.findArtifact(sha256) : null;
    const name = (art?.name ?? sha256).replace(/[^A-Za-z0-9._-]/g, '_');
    // Archived pages are hostile content: sandbox them so their scripts never run in our origin.
    return reply
      .header('content-type', art?.type ?? 'application/octet-stream')
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', 'sandbox')
      .header('content-disposition', `inline; filename="${name}"`)
      .header('x-vigil-sha256', sha256)
      .send(bytes);
  });
};
