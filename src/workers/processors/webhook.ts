// webhook: one delivery attempt of a confirmed event to one webhook. Retryable failures (non-2xx,
// timeouts, unreachable receiver, DNS) go back to BullMQ's exponential backoff; a refused address
// or a webhook removed from the config fails at once. Either way a delivery that ends failed stays
// in the queue's failed set: the dead-letter list (GET /api/webhooks/dead-letters).
import { UnrecoverableError, type Processor } from 'bullmq';
import type { Logger } from 'pino';
import type { WebhookConfig } from '../../alerts/index.js';
import { WebhookJob } from '../queues.js';
import { onJobError } from '../errors.js';
import type { WebhookSender } from '../webhook-send.js';

export interface WebhookDeps {
  log: Logger;
  hooks: readonly WebhookConfig[];
  sender: Pick<WebhookSender, 'send'>;
}

export const webhook = (d: WebhookDeps): Processor<unknown, number> =>
  async (job, token, signal) => {
    const data = WebhookJob.parse(job.data);
    const log = d.log.child({ queue: 'webhook', jobId: job.id, webhook: data.webhookId, eventId: data.eventId });
    const hook = d.hooks.find((h) => h.id === data.webhookId);
    if (!hook) throw new UnrecoverableError(`webhook ${data.webhookId} is no longer configured (alerts.webhooks)`);
    try {
      const r = await d.sender.send(hook, { body: data.body, delivery: data.delivery, event: data.eventType }, { signal });
      log.info({ status: r.status, attempt: job.attemptsMade + 1 }, 'webhook delivered');
      return r.status;
    } catch (e) {
      return await onJobError(e, job, token, log);
    }
  };
