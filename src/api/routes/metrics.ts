// GET /metrics: the prom-client registry (Prometheus text format) plus API request counters.
import type { FastifyPluginAsync } from 'fastify';
import { Counter, Registry } from 'prom-client';

export function requestCounter(registry: Registry): Counter<'method' | 'status'> {
  const name = 'vigil_api_requests_total';
  const existing = registry.getSingleMetric(name);
  if (existing) return existing as Counter<'method' | 'status'>;
  return new Counter({ name, help: 'HTTP API requests by method and status', labelNames: ['method', 'status'], registers: [registry] });
}

export const metricsRoutes = (registry: Registry): FastifyPluginAsync => async (app) => {
  app.get('/metrics', async (_req, reply) => reply.type(registry.contentType).send(await registry.metrics()));
};
