// Webhooks around the queue: the fan-out of a confirmed event to the webhooks that want it (one
// delivery job each, deterministic id, so a re-indexed event is not delivered twice while its job
// is kept), the dead-letter list (BullMQ's failed set of the webhook queue: deliveries that used
// every attempt or could never succeed), and the service behind /api/webhooks.
import type { Job, Queue } from 'bullmq';
import type { Logger } from 'pino';
import type { EventRecord } from '../archive/types.js';
import { VigilError, isVigilError } from '../errors.js';
import { newId } from '../ids.js';
import { eventBody, testBody, urlOrigin, webhooksFor, type TargetFacts, type WebhookConfig } from '../alerts/index.js';
import { WebhookJob } from './queues.js';
import type { WebhookSender } from './webhook-send.js';

export interface DeliveryOptions {
  attempts: number;
  backoffMs: number;
  keepDeadLetters: number;
}

export const deliveryJobOpts = (o: DeliveryOptions) => ({
  attempts: o.attempts,
  backoff: { type: 'exponential' as const, delay: o.backoffMs },
  // Kept a while (a week, at most 10,000) so a re-indexed event finds its delivery and is not sent again.
  removeOnComplete: { age: 7 * 86_400, count: 10_000 },
  removeOnFail: { count: o.keepDeadLetters },
});

export interface FanoutDeps extends DeliveryOptions {
  hooks: readonly WebhookConfig[];
  queue: Pick<Queue, 'addBulk'>;
  /** The event's target as the catalog knows it (tags for the tag filter); null when unknown. */
  target(id: string): Promise<TargetFacts | null>;
  publicUrl?: string;
  log: Logger;
}

export interface AlertsFanout {
  /** Queues one delivery per webhook that wants this confirmed event; returns how many. */
  confirmed(rec: EventRecord): Promise<number>;
}

export function createFanout(d: FanoutDeps): AlertsFanout {
  return {
    async confirmed(rec) {
      if (rec.status !== 'confirmed' || d.hooks.length === 0) return 0;
      const target = (await d.target(rec.target)) ?? { id: rec.target, tags: [] };
      const hooks = webhooksFor(d.hooks, { type: rec.type, target: rec.target, tags: target.tags });
      if (hooks.length === 0) return 0;
      const jobs = hooks.map((h) => {
        const body = eventBody(h.id, rec, target, d.publicUrl);
        const data: WebhookJob = { webhookId: h.id, delivery: body.delivery, eventId: rec.id, eventType: rec.type, target: rec.target, body: JSON.stringify(body) };
        return { name: 'deliver', data, opts: { ...deliveryJobOpts(d), jobId: body.delivery } };
      });
      await d.queue.addBulk(jobs);
      d.log.info({ component: 'alerts', eventId: rec.id, type: rec.type, webhooks: hooks.map((h) => h.id) }, 'webhook deliveries queued');
      return jobs.length;
    },
  };
}

/** One entry of GET /api/webhooks/dead-letters. */
export interface DeadLetter {
  delivery: string;
  webhook: string;
  eventId: string;
  eventType: string;
  target: string;
  attempts: number;
  lastError: string;
  failedAt?: string;
}

function deadLetter(j: Job): DeadLetter | null {
  const p = WebhookJob.safeParse(j.data);
  if (!p.success) return null;
  return {
    delivery: p.data.delivery,
    webhook: p.data.webhookId,
    eventId: p.data.eventId,
    eventType: p.data.eventType,
    target: p.data.target,
    attempts: j.attemptsMade,
    lastError: j.failedReason ?? '',
    ...(j.finishedOn ? { failedAt: new Date(j.finishedOn).toISOString() } : {}),
  };
}

/** Public facts of a configured webhook: never its secret, and of its URL only the origin. */
export interface WebhookInfo {
  id: string;
  origin: string;
  types: string[] | null;
  targets: string[] | null;
  tags: string[] | null;
  secret: 'set' | 'missing';
}

export interface TestResult {
  id: string;
  ok: boolean;
  status?: number;
  code?: string;
  message?: string;
}

export interface WebhookService {
  list(): WebhookInfo[];
  deadLetters(opts?: { limit?: number; webhook?: string }): Promise<{ count: number; deadLetters: DeadLetter[] }>;
  /** Queue a dead letter again with fresh attempts; false when there is no such dead letter. */
  retry(delivery: string): Promise<boolean>;
  /** Sends one signed test body to each webhook (or to `id`) right now, one attempt, no queue. */
  test(id?: string): Promise<TestResult[]>;
}

export interface ServiceDeps {
  hooks: readonly WebhookConfig[];
  queue: Pick<Queue, 'getFailed' | 'getFailedCount' | 'getJob'>;
  sender: Pick<WebhookSender, 'send'>;
  log: Logger;
}

export function createWebhookService(d: ServiceDeps): WebhookService {
  const log = d.log.child({ component: 'alerts' });
  return {
    list: () =>
      d.hooks.map((h) => ({ id: h.id, origin: urlOrigin(h.url), types: h.types ? [...h.types] : null, targets: h.targets ? [...h.targets] : null, tags: h.tags ? [...h.tags] : null, secret: h.secret ? 'set' : 'missing' })),

    async deadLetters(opts = {}) {
      const limit = Math.min(Math.max(opts.limit ?? 100, 1), 1000);
      const count = await d.queue.getFailedCount();
      // Newest first; with a webhook filter read a wider window and filter it.
      const jobs = await d.queue.getFailed(0, (opts.webhook ? Math.max(limit * 5, 500) : limit) - 1);
      const all = jobs.map(deadLetter).filter((x): x is DeadLetter => x !== null);
      return { count, deadLetters: (opts.webhook ? all.filter((x) => x.webhook === opts.webhook) : all).slice(0, limit) };
    },

    async retry(delivery) {
      const job = await d.queue.getJob(delivery);
      if (!job || !(await job.isFailed())) return false;
      await job.retry('failed', { resetAttemptsMade: true });
      log.info({ delivery }, 'dead letter queued again');
      return true;
    },

    async test(id) {
      const hooks = id ? d.hooks.filter((h) => h.id === id) : d.hooks;
      if (d.hooks.length === 0) throw new VigilError('VGL_NOT_ENABLED', 'no webhooks are configured (alerts.webhooks in the config)');
      if (hooks.length === 0) throw new VigilError('VGL_NOT_FOUND', `no webhook with id ${JSON.stringify(id)}; configured: ${d.hooks.map((h) => h.id).join(', ')}`);
      return Promise.all(
        hooks.map(async (h): Promise<TestResult> => {
          const delivery = `test.${h.id}.${newId()}`;
          try {
            const r = await d.sender.send(h, { body: JSON.stringify(testBody(h.id, delivery, new Date())), delivery, event: 'test' });
            log.info({ webhook: h.id, status: r.status }, 'webhook test delivered');
            return { id: h.id, ok: true, status: r.status };
          } catch (e) {
            const err = isVigilError(e) ? e : new VigilError('VGL_WEBHOOK_FAILED', `webhook ${h.id}: ${(e as Error).message}`);
            log.warn({ webhook: h.id, err: { code: err.code, message: err.message } }, 'webhook test failed');
            const status = (err.opts.details as { status?: number } | undefined)?.status;
            return { id: h.id, ok: false, ...(status ? { status } : {}), code: err.code, message: err.message };
          }
        }),
      );
    },
  };
}
