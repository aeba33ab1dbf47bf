// GET /healthz: ready when the catalog answers and the ledger writer is not stopped. Public (no
// auth) for load balancers. A stopped ledger (Redis and the bucket disagree) answers 503 with
// VGL_LEDGER_DIVERGED and says since when, so an operator sees it without reading logs.
import type { FastifyPluginAsync } from 'fastify';
import { Gauge, type Registry } from 'prom-client';
import type { ApiDeps, LedgerStatusFn } from '../deps.js';
import { errorBody } from '../errors.js';

export const healthRoutes = (deps: ApiDeps): FastifyPluginAsync => async (app) => {
  app.get('/healthz', async (req, reply) => {
    try {
      if (deps.catalog.ping) await deps.catalog.ping();
      else await deps.catalog.listTargets();
    } catch (err) {
      req.log.warn({ err }, 'healthz: catalog unreachable');
      return reply.code(503).send(errorBody('VGL_STORE_UNAVAILABLE', 'catalog unreachable'));
    }
    const ledger = deps.ledgerStatus ? await deps.ledgerStatus() : { ok: true as const };
    if (!ledger.ok) return reply.code(503).send({ ...errorBody(ledger.code, ledger.message), since: ledger.since });
    return { ok: true };
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
