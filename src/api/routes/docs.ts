// GET /api/openapi.json: the OpenAPI 3.1 document generated from the routes' zod schemas.
// GET /api/docs: its reference page (Swagger UI from the swagger-ui-dist package, served by
// Vigil itself: no CDN, no validator call-out). Both public: they describe, they hold no data.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { openApiDocument, type RouteDoc } from '../openapi.js';
import { targetDocs } from './targets.js';
import { eventDocs } from './events.js';
import { campaignDocs } from './campaigns.js';
import { captureDocs } from './captures.js';
import { citationDocs } from './citation.js';
import { searchDocs } from './search.js';
import { exportDocs } from './export.js';
import { accessDocs } from './access.js';

const VERSION = '0.1.0';
const Ok = z.object({ ok: z.literal(true), alerts: z.array(z.record(z.unknown())).optional() });

const ownDocs: RouteDoc[] = [
  { method: 'get', path: '/healthz', tag: 'ops', summary: 'Readiness (public): 200 when the catalog answers and the ledger writer runs', answer: { schema: Ok, description: 'ready' } },
  { method: 'get', path: '/api/health', tag: 'ops', role: 'viewer', summary: 'Readiness with each alert’s last error', answer: { schema: Ok, description: 'ready' } },
  { method: 'get', path: '/metrics', tag: 'ops', role: 'viewer', summary: 'Prometheus metrics', answer: { contentType: 'text/plain', description: 'metrics' } },
  { method: 'get', path: '/api/openapi.json', tag: 'ops', summary: 'This document (public)', answer: { contentType: 'application/json', description: 'OpenAPI 3.1' } },
];

/** Every documented route (server.ts registers the same groups). */
export const ALL_DOCS: readonly RouteDoc[] = [...targetDocs, ...eventDocs, ...campaignDocs, ...captureDocs, ...citationDocs, ...searchDocs, ...exportDocs, ...accessDocs, ...ownDocs];

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Vigil API reference</title>
<link rel="stylesheet" href="/api/docs/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/swagger-ui-bundle.js"></script>
<script src="/api/docs/init.js"></script></body></html>
`;
// validatorUrl null: Swagger UI would otherwise send the document to validator.swagger.io.
const INIT = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', validatorUrl: null, deepLinking: true });\n`;
const CSP = "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'";

const ASSETS: Record<string, string> = { 'swagger-ui.css': 'text/css; charset=utf-8', 'swagger-ui-bundle.js': 'text/javascript; charset=utf-8' };

export const docsRoutes = (): FastifyPluginAsync => async (app) => {
  let doc: string | undefined;
  const dist = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  const cache = new Map<string, Buffer>();

  app.get('/api/openapi.json', async (_req, reply) => {
    doc ??= JSON.stringify(openApiDocument(ALL_DOCS, { version: VERSION }));
    return reply.type('application/json; charset=utf-8').send(doc);
  });

  app.get('/api/docs', async (_req, reply) => reply.type('text/html; charset=utf-8').header('content-security-policy', CSP).header('x-frame-options', 'DENY').send(PAGE));
  app.get('/api/docs/init.js', async (_req, reply) => reply.type('text/javascript; charset=utf-8').send(INIT));
  app.get('/api/docs/:file', async (req, reply) => {
    const { file } = z.object({ file: z.enum(Object.keys(ASSETS) as [string, ...string[]]) }).parse(req.params);
    let body = cache.get(file);
    if (!body) {
      body = await readFile(join(dist, file));
      cache.set(file, body);
    }
    return reply.type(ASSETS[file]).header('cache-control', 'public, max-age=86400').send(body);
  });
};
