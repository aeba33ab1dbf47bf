// alerts.* settings: webhooks for confirmed events. Webhooks are declared in the config (file, or
// a mounted secret file), not through the API: a webhook's secret and URL are operator secrets,
// and a URL added over the API would let any API user point Vigil's signed POSTs somewhere.
import { z } from 'zod';
import { Duration } from '../config/duration.js';
import { parseAllowEntry } from '../capture/address.js';
import { EVENT_TYPES } from '../detect/vocabulary.js';

const AllowPrivate = z.union([
  z.boolean(),
  z.array(z.string().refine((e) => parseAllowEntry(e) !== null, (e) => ({ message: `${JSON.stringify(e)} is not an IP address or CIDR range (e.g. "10.0.0.5/32")` }))),
]);

export const WebhookConfig = z
  .object({
    /** Stable name: in job ids, dead letters, `vigil webhooks test --id`, the X-Vigil-Delivery header. */
    id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'letters, digits, _ - (max 64)'),
    url: z
      .string()
      .url()
      .refine((u) => /^https?:$/.test(new URL(u).protocol), 'must be an http(s) URL'),
    /** HMAC-SHA256 key. Prefer secretEnv: the loader reads that environment variable into `secret`. */
    secret: z.string().min(16, 'at least 16 characters (e.g. `openssl rand -hex 32`)').optional(),
    secretEnv: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name').optional(),
    /** Only these event types (default: every confirmed event). */
    types: z.array(z.enum(EVENT_TYPES)).min(1).optional(),
    /** Only events of these targets (target ids). */
    targets: z.array(z.string().min(1)).min(1).optional(),
    /** Only events of targets carrying at least one of these tags. */
    tags: z.array(z.string().min(1)).min(1).optional(),
  })
  .strict()
  .refine((w) => w.secret !== undefined || w.secretEnv !== undefined, { message: 'set secretEnv (the name of an environment variable holding the secret) or secret', path: ['secret'] });
export type WebhookConfig = z.infer<typeof WebhookConfig>;

export const AlertsSettings = z
  .object({
    webhooks: z
      .array(WebhookConfig)
      .default([])
      .superRefine((hooks, ctx) => {
        const seen = new Set<string>();
        hooks.forEach((h, i) => {
          if (seen.has(h.id)) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i, 'id'], message: `duplicate webhook id ${JSON.stringify(h.id)}` });
          seen.add(h.id);
        });
      }),
    /** Delivery attempts per event and webhook before it goes to the dead-letter list. */
    attempts: z.number().int().min(1).max(30).default(10),
    /** Delay before the first retry; it doubles with each attempt (exponential backoff). */
    backoff: Duration.default('10s'),
    /** One attempt's limit (connect + answer). */
    timeout: Duration.default('10s'),
    /** Dead letters kept (oldest dropped beyond this). */
    keepDeadLetters: z.number().int().positive().default(1000),
    /**
     * Private addresses webhook receivers may have, besides network.allowPrivate (an internal
     * receiver need not open the scrapers and the browser to it). Same form: true, false, or a list.
     */
    allowPrivate: AllowPrivate.default(false),
  })
  .strict()
  .default({});
export type AlertsSettings = z.infer<typeof AlertsSettings>;

/** Environment variables named by alerts.webhooks[].secretEnv in a raw (unvalidated) config. */
export function secretEnvNames(raw: unknown): string[] {
  const hooks = (raw as { alerts?: { webhooks?: unknown } } | undefined)?.alerts?.webhooks;
  if (!Array.isArray(hooks)) return [];
  return hooks.flatMap((h) => (h && typeof h === 'object' && typeof (h as { secretEnv?: unknown }).secretEnv === 'string' ? [(h as { secretEnv: string }).secretEnv] : []));
}

/**
 * Fills `secret` of every webhook that names a secretEnv from `env`, on the raw merged config
 * before validation (copies: the layers passed in are not changed). Returns the problems
 * (variable unset or empty).
 */
export function resolveSecretEnv(raw: Record<string, unknown>, env: NodeJS.ProcessEnv): string[] {
  const alerts = raw.alerts as { webhooks?: unknown } | undefined;
  if (!alerts || !Array.isArray(alerts.webhooks)) return [];
  const problems: string[] = [];
  const webhooks = alerts.webhooks.map((h: unknown, i) => {
    if (!h || typeof h !== 'object') return h;
    const name = (h as { secretEnv?: unknown }).secretEnv;
    if (typeof name !== 'string') return h;
    const value = env[name];
    if (value === undefined || value === '') {
      problems.push(`config: alerts.webhooks[${i}].secretEnv: environment variable ${name} is not set (or empty); set it to the webhook's secret`);
      return h;
    }
    return { ...h, secret: value };
  });
  raw.alerts = { ...alerts, webhooks };
  return problems;
}

/** allowPrivate for webhook receivers: network.allowPrivate plus alerts.allowPrivate. */
export function webhookAllowPrivate(network: boolean | readonly string[], alerts: boolean | readonly string[]): boolean | string[] {
  if (network === true || alerts === true) return true;
  return [...new Set([...(network === false ? [] : network), ...(alerts === false ? [] : alerts)])];
}
