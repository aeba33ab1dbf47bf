// /api/webhooks: the configured webhooks (no secrets, URL origins only), the dead-letter list,
// re-queuing a dead letter, and a signed test delivery (`vigil webhooks test`). Behind the API's
// auth like every /api route; POSTs also pass the Origin check (no cross-site triggering).
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { VigilError } from '../../errors.js';
import type { ApiDeps } from '../deps.js';

const Id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/);

export const DeadLettersQuery = z
  .object({
    webhook: Id.optional(),
    limit: z.coerce.number().int().min(1).max(1000).optional(),
  })
  .strict();

export const TestBody = z.object({ id: Id.optional() }).strict();

export const webhookRoutes = (deps: ApiDeps): FastifyPluginAsync => async (app) => {
  const service = () => {
    if (!deps.webhooks) throw new VigilError('VGL_NOT_ENABLED', 'webhooks are not available in this Vigil process (the web role runs them)');
    return deps.webhooks;
  };

  app.get('/api/webhooks', async () => ({ webhooks: service().list() }));

  app.get('/api/webhooks/dead-letters', async (req) => {
    const q = DeadLettersQuery.parse(req.query);
    return service().deadLetters(q);
  });

  app.post('/api/webhooks/dead-letters/:delivery/retry', async (req) => {
    const { delivery } = z.object({ delivery: z.string().regex(/^[A-Za-z0-9_.-]{1,200}$/) }).parse(req.params);
    if (!(await service().retry(delivery))) throw new VigilError('VGL_NOT_FOUND', `no dead letter ${JSON.stringify(delivery)}; list them with GET /api/webhooks/dead-letters`);
    return { queued: delivery };
  });

  app.post('/api/webhooks/test', async (req) => {
    const b = TestBody.parse(req.body ?? {});
    const results = await service().test(b.id);
    req.log.info({ webhooks: results.map((r) => [r.id, r.ok]) }, 'webhook test');
    return { ok: results.every((r) => r.ok), results };
  });
};
