// buildApi: the HTTP API + web UI as one Fastify instance. Nothing listens until the caller does.
import type { AddressInfo } from 'node:net';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import { buildReplayServer } from './replay.js';
import { Registry } from 'prom-client';
import type { ApiDeps } from './deps.js';
import { registerAuth } from './auth.js';
import { createLoginLimiter } from './login-limit.js';
import { registerErrorHandling } from './errors.js';
import { healthRoutes, ledgerGauge } from './routes/health.js';
import { targetRoutes } from './routes/targets.js';
import { eventRoutes } from './routes/events.js';
import { campaignRoutes } from './routes/campaigns.js';
import { captureRoutes } from './routes/captures.js';
import { searchRoutes } from './routes/search.js';
import { exportRoutes } from './routes/export.js';
import { citationRoutes } from './routes/citation.js';
import { metricsRoutes, requestCounter } from './routes/metrics.js';
import { uiRoutes } from './routes/ui.js';
import { webhookRoutes } from './routes/webhooks.js';
import { accessRoutes } from './routes/access.js';
import { docsRoutes } from './routes/docs.js';

/** The request URL as logged: a `?token=` never reaches the log. */
export const redactUrl = (url: string): string => url.replace(/([?&]token=)[^&]*/gi, '$1[Redacted]');

export async function buildApi(deps: ApiDeps): Promise<FastifyInstance> {
  const log = deps.log.child({ component: 'api' });
  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    // Our own request log below: Fastify's would print raw URLs (and so `?token=`).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
    // X-Forwarded-* only from configured proxies: otherwise any client could claim https or an address.
    trustProxy: deps.settings.http.trustProxy ?? false,
  });
  const http = deps.settings.http;
  const limiter = createLoginLimiter({ attempts: http.loginAttempts ?? 5, windowMs: http.loginWindow ?? 60_000 });
  const registry = deps.metrics ?? new Registry();
  const requests = requestCounter(registry);
  if (deps.ledgerStatus) ledgerGauge(registry, deps.ledgerStatus);

  app.addHook('onResponse', async (req, reply) => {
    requests.inc({ method: req.method, status: String(reply.statusCode) });
    req.log.debug({ method: req.method, url: redactUrl(req.url), status: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
  });

  registerErrorHandling(app);
  registerAuth(app, http, limiter, deps.access);

  await app.register(healthRoutes(deps));
  await app.register(targetRoutes(deps));
  await app.register(eventRoutes(deps));
  await app.register(campaignRoutes(deps));
  await app.register(captureRoutes(deps));
  await app.register(searchRoutes(deps));
  await app.register(exportRoutes(deps));
  await app.register(citationRoutes(deps));
  await app.register(webhookRoutes(deps));
  await app.register(metricsRoutes(registry));
  // The replay origin (src/api/replay.ts) listens beside the API, on its own port.
  let replayPort: number | undefined;
  if (http.replay !== false) {
    const replay = await buildReplayServer(deps);
    app.addHook('onListen', async () => {
      await replay.listen({ host: http.host, port: http.replayPort ?? 0 });
      replayPort = (replay.server.address() as AddressInfo).port;
      log.info({ port: replayPort }, 'replay origin listening');
    });
    app.addHook('onClose', async () => void (await replay.close()));
  }
  const replayBase = (req: FastifyRequest): string | undefined => {
    if (http.replayUrl) return http.replayUrl.replace(/\/+$/, '');
    if (replayPort === undefined) return undefined;
    const host = req.hostname.includes(':') && !req.hostname.startsWith('[') ? `[${req.hostname}]` : req.hostname;
    return `${req.protocol}://${host.replace(/:\d+$/, '')}:${replayPort}`;
  };
  await app.register(accessRoutes(deps, limiter));
  await app.register(docsRoutes());
  await app.register(uiRoutes(deps, limiter, replayBase));
  return app;
}
