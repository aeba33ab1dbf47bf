// GET /healthz: ready when the catalog answers. Public (no auth) for load balancers.
import type { FastifyPluginAsync } from 'fastify';
import type { ApiDeps } from '../deps.js';
import { errorBody } from '../errors.js';

export const healthRoutes = (deps: ApiDeps): FastifyPluginAsync => async (app) => {
  app.get('/healthz', async (req, reply) => {
    try {
      if (deps.catalog.ping) await deps.catalog.ping();
      else await deps.catalog.listTargets();
      return { ok: true };
    } catch (err) {
      req.log.warn({ err }, 'healthz: catalog unreachable');
      return reply.code(503).send(errorBody('VGL_STORE_UNAVAILABLE', 'catalog unreachable'));
    }
  });
};
