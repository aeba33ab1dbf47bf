// Ops: the BullMQ dashboard (bull-board) at /ops/queues and links to /metrics and /api/health.
// Same access rule as every UI page (token cookie or loopback); in token mode its write actions
// (retry, clean) need a Bearer token, as every non-UI POST does. Roles (admin only) come with
// the users work: until then whoever may read the UI may read the queues.
import type { FastifyPluginAsync } from 'fastify';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { ApiDeps } from '../deps.js';
import { h, layout } from '../ui/html.js';
import { sendHtml, uiOf } from './ui-common.js';

export const OPS_QUEUES = '/ops/queues';

export const opsRoutes = (deps: ApiDeps): FastifyPluginAsync => async (app) => {
  app.get('/ops', async (req, reply) => {
    const ui = uiOf(req);
    return sendHtml(
      reply,
      layout(
        ui.t('ops'),
        h`<ul>${deps.queues?.length ? h`<li><a href="${OPS_QUEUES}">${ui.t('opsQueues')}</a></li>` : ''}<li><a href="/metrics">${ui.t('opsMetrics')}</a></li>
        <li><a href="/api/health">${ui.t('opsApi')}</a></li></ul>`,
        ui,
        { here: '/ops' },
      ),
    );
  });
  if (!deps.queues?.length) return;
  const server = new FastifyAdapter();
  server.setBasePath(OPS_QUEUES);
  createBullBoard({ queues: deps.queues.map((q) => new BullMQAdapter(q, { readOnlyMode: false })), serverAdapter: server, options: { uiConfig: { boardTitle: 'Vigil queues' } } });
  await app.register(server.registerPlugin() as FastifyPluginAsync, { prefix: OPS_QUEUES });
};
