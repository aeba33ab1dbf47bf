// Composition of the webhooks (alerts.*): the guarded sender, the fan-out the indexer calls for
// each confirmed event, the delivery processor and the service behind /api/webhooks.
import type { Queue } from 'bullmq';
import { Gauge, type Registry } from 'prom-client';
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

/** vigil_webhook_dead_letters: deliveries in the dead-letter list now (alert when > 0). */
function deadLetterGauge(registry: Registry, queue: Pick<Queue, 'getFailedCount'>): void {
  const name = 'vigil_webhook_dead_letters';
  if (registry.getSingleMetric(name)) return;
  new Gauge({
    name,
    help: 'Webhook deliveries that used every attempt or could never succeed (GET /api/webhooks/dead-letters)',
    registers: [registry],
    async collect() {
      this.set(await queue.getFailedCount().catch(() => 0));
    },
  });
}

export function createAlerts(settings: Pick<Settings, 'alerts' | 'network' | 'http'>, queue: Queue, catalog: Pick<Catalog, 'getTarget'>, log: Logger, registry?: Registry): Alerts {
  const a = settings.alerts;
  const sender = createWebhookSender({ allowPrivate: webhookAllowPrivate(settings.network.allowPrivate, a.allowPrivate), timeoutMs: a.timeout });
  const hooks = a.webhooks;
  if (registry) deadLetterGauge(registry, queue);
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
