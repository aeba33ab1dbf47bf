// The replay origin: ReplayWeb.page (the `replaywebpage` package: ui.js + its service worker
// sw.js) and the WACZ files it replays, on a listener of its own (http.replayPort). Archived
// pages run their own scripts during replay; on a separate origin (another port is another
// origin) they cannot read Vigil's pages or API (same-origin policy), and Vigil refuses their
// cross-origin POSTs (origin.ts). This origin serves nothing but the viewer and WACZ bytes.
// The service worker is served from /replay/sw.js, so its scope (/replay/) covers the viewer
// page /replay/; the WACZ files sit outside that scope (/wacz/) and are fetched from the network.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { z } from 'zod';
import { TOKEN_COOKIE, readCookie, tokenMatches } from './auth.js';
import type { ApiDeps } from './deps.js';
import { allowedHostnames, hostAllowed } from './origin.js';
import { parseRange } from './range.js';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/** Directory of the installed replaywebpage package (ui.js, sw.js). */
export const replayAssetsDir = (): string => dirname(createRequire(import.meta.url).resolve('replaywebpage/index.html'));

/** ReplayWeb.page's app page: reads source/embed from its own query (set by <replay-web-page>). */
const INDEX = `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Vigil replay</title><script src="./ui.js"></script></head><body><replay-app-main></replay-app-main></body></html>`;

/** The WACZ route on the replay origin. */
export const waczPath = (captureId: string): string => `/wacz/${encodeURIComponent(captureId)}.wacz`;

export async function buildReplayServer(deps: Pick<ApiDeps, 'settings' | 'log' | 'catalog' | 'archive'>): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: deps.log.child({ component: 'replay' }) as FastifyBaseLogger, logController: new LogController({ disableRequestLogging: true }), trustProxy: deps.settings.http.trustProxy ?? false });
  const http = deps.settings.http;
  const hosts = allowedHostnames(http);
  const dir = replayAssetsDir();
  const [ui, sw] = await Promise.all([readFile(join(dir, 'ui.js')), readFile(join(dir, 'sw.js'))]);

  app.addHook('onRequest', async (req, reply) => {
    if (!hostAllowed(req.headers.host, hosts)) return reply.code(421).send({ code: 'VGL_HOST_NOT_ALLOWED', message: 'unknown Host' });
    if (req.method !== 'GET' && req.method !== 'HEAD') return reply.code(405).send({ code: 'VGL_BAD_REQUEST', message: 'read only' });
    const path = req.url.split('?')[0];
    if (!path.startsWith('/wacz/')) return; // the viewer itself is public code
    // WACZ bytes: the API's rule (the session cookie reaches this port too; cookies ignore ports).
    if (!http.apiToken) {
      if (LOOPBACK.test(req.socket.remoteAddress ?? '') && LOOPBACK.test(req.ip)) return;
      return reply.code(403).send({ code: 'VGL_FORBIDDEN', message: 'loopback clients only' });
    }
    if (tokenMatches(readCookie(req.headers.cookie, TOKEN_COOKIE), http.apiToken)) return;
    return reply.code(401).send({ code: 'VGL_UNAUTHORIZED', message: 'sign in to Vigil first' });
  });

  const js = (body: Buffer) => (_req: unknown, reply: import('fastify').FastifyReply) =>
    reply.type('application/javascript; charset=utf-8').header('cache-control', 'no-cache').send(body);
  app.get('/replay/ui.js', js(ui));
  app.get('/replay/sw.js', js(sw));
  const index = (_req: unknown, reply: import('fastify').FastifyReply) => reply.type('text/html; charset=utf-8').send(INDEX);
  app.get('/replay/', index);
  app.get('/replay/index.html', index);

  app.get('/wacz/:file', async (req, reply) => {
    const { file } = z.object({ file: z.string().regex(/^[0-9A-Za-z]{10,40}\.wacz$/) }).parse(req.params);
    const id = file.slice(0, -5);
    const m = (await deps.catalog.getCapture(id)) ?? (await deps.archive.getCapture(id));
    const art = m?.artifacts.find((a) => a.name.endsWith('.wacz'));
    const bytes = art ? await deps.archive.getBlob(art.sha256) : null;
    if (!bytes) return reply.code(404).send({ code: 'VGL_NOT_FOUND', message: `no WACZ for capture ${id}` });
    const r = parseRange(req.headers.range, bytes.length);
    void reply.header('accept-ranges', 'bytes').header('content-type', 'application/wacz').header('x-vigil-sha256', art!.sha256);
    if (r.kind === 'unsatisfiable') return reply.code(416).header('content-range', `bytes */${bytes.length}`).send();
    if (r.kind === 'partial') return reply.code(206).header('content-range', `bytes ${r.start}-${r.end}/${bytes.length}`).send(bytes.subarray(r.start, r.end + 1));
    return reply.send(bytes);
  });
  return app;
}
