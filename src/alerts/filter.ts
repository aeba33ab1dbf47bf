// Which webhooks want a confirmed event (pure): every filter a webhook sets must match.
import type { WebhookConfig } from './settings.js';

export interface EventFacts {
  type: string;
  target: string;
  /** The target's tags (from the catalog; none when the target is unknown there). */
  tags: readonly string[];
}

export function webhookWants(w: Pick<WebhookConfig, 'types' | 'targets' | 'tags'>, e: EventFacts): boolean {
  if (w.types && !(w.types as readonly string[]).includes(e.type)) return false;
  if (w.targets && !w.targets.includes(e.target)) return false;
  if (w.tags && !w.tags.some((t) => e.tags.includes(t))) return false;
  return true;
}

export const webhooksFor = <W extends Pick<WebhookConfig, 'types' | 'targets' | 'tags'>>(hooks: readonly W[], e: EventFacts): W[] => hooks.filter((w) => webhookWants(w, e));
