// GET /healthz: ready when the catalog answers and the ledger writer is not stopped. Public (no
// auth) for load balancers: 200 {ok:true} means ready; `alerts` beside it say what needs an
// operator (counts and kinds only, no record text). A stopped ledger (Redis and the bucket
// disagree) answers 503 with VGL_LEDGER_DIVERGED and says since when. GET /api/health (behind
// auth like every /api route) adds each alert's last error.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { Gauge, type Registry } from 'prom-client';
import type { ApiDeps, LedgerStatusFn } from '../deps.js';
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

  /** Sends the 503 and returns false when not ready. */
  const ready = async (req: FastifyRequest, reply: FastifyReply): Promise<boolean> => {
    try {
      if (deps.catalog.ping) await deps.catalog.ping();
      else await deps.catalog.listTargets();
    } catch (err) {
      req.log.warn({ err }, 'healthz: catalog unreachable');
      await reply.code(503).send(errorBody('VGL_STORE_UNAVAILABLE', 'catalog unreachable'));
      return false;
    }
    const ledger = deps.ledgerStatus ? await deps.ledgerStatus() : { ok: true as const };
    if (!ledger.ok) {
      await reply.code(503).send({ ...errorBody(ledger.code, ledger.message), since: ledger.since });
      return false;
    }
    return true;
  };

  app.get('/healthz', async (req, reply) => {
    if (!(await ready(req, reply))) return reply;
    return deps.health ? { ok: true, alerts: await alerts(req, false) } : { ok: true };
  });

  app.get('/api/health', async (req, reply) => {
    if (!(await ready(req, reply))) return reply;
    return { ok: true, alerts: await alerts(req, true) };
  });
};

/** vigil_ledger_stopped: 1 while the ledger writer is stopped (VGL_LEDGER_DIVERGED), else 0. */
export function ledgerGauge(registry: Registry, status: LedgerStatusFn): void {
  const name = 'vigil_ledger_stopped';
  if (registry.getSingleMetric(name)) return;
  new Gauge({
    name,
    help: '1 while ledger appends are stopped because Redis and the bucket disagree (see /healthz)',
    registers: [registry],
    async collect() {
      this.set((await status().catch(() => ({ ok: true }))).ok ? 0 : 1);
    },
  });
}
