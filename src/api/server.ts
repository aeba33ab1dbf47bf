// buildApi: the HTTP API + web UI as one Fastify instance. Nothing listens until the caller does.
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import type { ApiDeps } from './deps.js';
import { registerAuth } from './auth.js';
import { createLoginLimiter } from './login-limit.js';
import { registerErrorHandling } from './errors.js';
import { healthRoutes, ledgerGauge } from './routes/health.js';
import { targetRoutes } from './routes/targets.js';
import { eventRoutes } from './routes/events.js';
import { captureRoutes } from './routes/captures.js';
import { searchRoutes } from './routes/search.js';
import { exportRoutes } from './routes/export.js';
import { citationRoutes } from './routes/citation.js';
import { metricsRoutes, requestCounter } from './routes/metrics.js';
import { uiRoutes } from './routes/ui.js';
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
  await app.register(captureRoutes(deps));
  await app.register(searchRoutes(deps));
  await app.register(exportRoutes(deps));
  await app.register(citationRoutes(deps));
  await app.register(metricsRoutes(registry));
  await app.register(accessRoutes(deps, limiter));
  await app.register(docsRoutes());
  await app.register(uiRoutes(deps, limiter));
  return app;
}
