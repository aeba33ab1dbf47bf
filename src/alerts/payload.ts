// Webhook bodies (pure). A delivery's body is built once when the event is confirmed and sent
// byte for byte on every attempt (only the signed timestamp changes), so a receiver can dedupe on
// X-Vigil-Delivery / `delivery`. The event is the record as archived (wording "consistent with"
// in details.consistentWith is kept as the detector wrote it: evidence, not proof).
import type { EventRecord } from '../archive/types.js';

export interface TargetFacts {
  id: string;
  spec?: string;
  platform?: string;
  key?: string;
  tags: readonly string[];
}

export interface EventBody {
  v: 1;
  kind: 'event';
  delivery: string;
  webhook: string;
  event: EventRecord;
  target: TargetFacts;
  /** Where to read it in Vigil (only with http.publicUrl). */
  links?: { event: string; evidence: string };
}

export interface TestBody {
  v: 1;
  kind: 'test';
  delivery: string;
  webhook: string;
  sentAt: string;
  message: string;
}

/** Deterministic delivery id: one per (webhook, event); also the BullMQ job id. */
export const deliveryId = (webhookId: string, eventId: string): string => `${webhookId}.${eventId}`.replace(/[^A-Za-z0-9_.-]/g, '_');

export function eventBody(webhookId: string, rec: EventRecord, target: TargetFacts, publicUrl?: string): EventBody {
  const base = publicUrl?.replace(/\/+$/, '');
  return {
    v: 1,
    kind: 'event',
    delivery: deliveryId(webhookId, rec.id),
    webhook: webhookId,
    event: rec,
    target: { id: target.id, ...(target.spec ? { spec: target.spec } : {}), ...(target.platform ? { platform: target.platform } : {}), ...(target.key ? { key: target.key } : {}), tags: [...target.tags] },
    ...(base ? { links: { event: `${base}/api/events/${encodeURIComponent(rec.id)}`, evidence: `${base}/api/export?event=${encodeURIComponent(rec.id)}` } } : {}),
  };
}

export const testBody = (webhookId: string, delivery: string, at: Date): TestBody => ({
  v: 1,
  kind: 'test',
  delivery,
  webhook: webhookId,
  sentAt: at.toISOString(),
  message: 'Vigil webhook test: the signature and delivery work. No event happened.',
});

/**
 * What logs, errors and the API may show of a webhook URL: scheme, host and port only. Paths and
 * queries of webhook URLs are often secrets themselves (chat "incoming webhook" URLs).
 */
export function urlOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '(invalid URL)';
  }
}
