// Composition of the webhooks (alerts.*): the guarded sender, the fan-out the indexer calls for
// each confirmed event, the delivery processor and the service behind /api/webhooks.
import type { Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { Settings } from '../config/schema.js';
import type { Catalog } from '../catalog/types.js';
import { webhookAllowPrivate } from '../alerts/index.js';
import { createWebhookSender } from '../workers/webhook-send.js';
import { createFanout, createWebhookService, type AlertsFanout, type WebhookService } from '../workers/webhooks.js';
import { webhook } from '../workers/processors/webhook.js';

export interface Alerts {
  fanout?: AlertsFanout;
  processor?: ReturnType<typeof webhook>;
  service: WebhookService;
  close(): Promise<void>;
}

export function createAlerts(settings: Pick<Settings, 'alerts' | 'network' | 'http'>, queue: Queue, catalog: Pick<Catalog, 'getTarget'>, log: Logger): Alerts {
  const a = settings.alerts;
  const sender = createWebhookSender({ allowPrivate: webhookAllowPrivate(settings.network.allowPrivate, a.allowPrivate), timeoutMs: a.timeout });
  const hooks = a.webhooks;
  const service = createWebhookService({ hooks, queue, sender, log });
  if (hooks.length === 0) return { service, close: () => sender.close() };
  const fanout = createFanout({
    hooks,
    queue,
    attempts: a.attempts,
    backoffMs: a.backoff,
    keepDeadLetters: a.keepDeadLetters,
    publicUrl: settings.http.publicUrl,
    log,
    target: async (id) => {
      const t = await catalog.getTarget(id);
      return t ? { id: t.id, spec: t.spec, platform: t.platform, key: t.key, tags: t.tags } : null;
    },
  });
  log.info({ component: 'alerts', webhooks: service.list().map((h) => ({ id: h.id, origin: h.origin })) }, 'webhooks configured');
  return { fanout, processor: webhook({ log, hooks, sender }), service, close: () => sender.close() };
}
