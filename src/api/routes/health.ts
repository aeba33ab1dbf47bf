// GET /healthz: ready when the catalog answers. Public (no auth) for load balancers: 200 {ok:true}
// means ready; `alerts` beside it say what needs an operator (counts and kinds only, no record
// text). GET /api/health (behind auth like every /api route) adds each alert's last error.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ApiDeps } from '../deps.js';
import { errorBody } from '../errors.js';

export const healthRoutes = (deps: ApiDeps): FastifyPluginAsync => async (app) => {
  /** Alerts never decide readiness: when they cannot be read, that is itself the alert. */
  const alerts = async (req: FastifyRequest, details: boolean): Promise<object[]> => {
    if (!deps.health) return [];
    try {
      return await deps.health.alerts({ details });
    } catch (err) {
      req.log.warn({ err }, 'health: alerts unreadable');
      return [{ type: 'alerts_unavailable', hint: 'Redis did not answer; index failures cannot be read. Check redis.url.' }];
    }
  };

  const ready = async (req: FastifyRequest): Promise<boolean> => {
    try {
      if (deps.catalog.ping) await deps.catalog.ping();
      else await deps.catalog.listTargets();
      return true;
    } catch (err) {
      req.log.warn({ err }, 'healthz: catalog unreachable');
      return false;
    }
  };

  app.get('/healthz', async (req, reply) => {
    if (!(await ready(req))) return reply.code(503).send(errorBody('VGL_STORE_UNAVAILABLE', 'catalog unreachable'));
    return deps.health ? { ok: true, alerts: await alerts(req, false) } : { ok: true };
  });

  app.get('/api/health', async (req, reply) => {
    if (!(await ready(req))) return reply.code(503).send(errorBody('VGL_STORE_UNAVAILABLE', 'catalog unreachable'));
    return { ok: true, alerts: await alerts(req, true) };
  });
};
