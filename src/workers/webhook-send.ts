// Sends one signed webhook POST. The receiver's address goes through the same SSRF guard as every
// fetch (network.allowPrivate plus alerts.allowPrivate): checked before the request and again at
// connect time (the pool resolves names through the guard), so a receiver name that rebinds to
// an internal address is refused. Redirects are not followed (a 3xx is a failed attempt). Errors
// and logs name the webhook id and the URL's origin only: webhook paths are often secrets.
import { Agent, request } from 'undici';
import { VigilError, isVigilError } from '../errors.js';
import { resolveAllowed, assertHttpUrl, guardedLookup, type AllowPrivate, type LookupFn } from '../capture/net-guard.js';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, signatureHeader, urlOrigin } from '../alerts/index.js';

export interface WebhookTarget {
  id: string;
  url: string;
  secret?: string;
}

export interface SendInput {
  body: string;
  delivery: string;
  /** X-Vigil-Event: the event type, or "test". */
  event: string;
}

export interface SendResult {
  status: number;
}

export interface WebhookSender {
  send(hook: WebhookTarget, input: SendInput, opts?: { signal?: AbortSignal }): Promise<SendResult>;
  close(): Promise<void>;
}

export interface SenderDeps {
  allowPrivate: AllowPrivate;
  timeoutMs: number;
  userAgent?: string;
  /** DNS for the guard (tests). */
  lookup?: LookupFn;
  now?: () => number;
}

/** Bytes of a receiver's answer read (and thrown away) before the connection is released. */
const MAX_ANSWER_BYTES = 64 * 1024;

export function createWebhookSender(d: SenderDeps): WebhookSender {
  const guard = { allowPrivate: d.allowPrivate, lookup: d.lookup };
  const agent = new Agent({ connections: 8, keepAliveTimeout: 10_000, connect: { lookup: guardedLookup(guard) } });
  const now = d.now ?? Date.now;

  async function send(hook: WebhookTarget, input: SendInput, opts: { signal?: AbortSignal } = {}): Promise<SendResult> {
    const origin = urlOrigin(hook.url);
    const what = `webhook ${hook.id} (${origin})`;
    if (!hook.secret) throw new VigilError('VGL_CONFIG_INVALID', `${what}: no secret; set alerts.webhooks[].secretEnv to a set environment variable`);
    const url = assertHttpUrl(hook.url);
    if (d.allowPrivate !== true) await resolveAllowed(url.hostname, guard, what);
    const t = Math.floor(now() / 1000);
    const timeout = AbortSignal.timeout(d.timeoutMs);
    const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout;
    let status: number;
    try {
      const res = await request(url, {
        dispatcher: agent,
        method: 'POST',
        signal,
        headers: {
          'content-type': 'application/json',
          'user-agent': d.userAgent ?? 'Vigil-Webhooks/1',
          [SIGNATURE_HEADER]: signatureHeader(hook.secret, t, input.body),
          [TIMESTAMP_HEADER]: String(t),
          [DELIVERY_HEADER]: input.delivery,
          [EVENT_HEADER]: input.event,
        },
        body: input.body,
      });
      status = res.statusCode;
      let read = 0;
      for await (const chunk of res.body as AsyncIterable<Buffer>) {
        read += chunk.length;
        if (read > MAX_ANSWER_BYTES) {
          res.body.destroy();
          break;
        }
      }
    } catch (e) {
      // The connect-time lookup refused the address the name resolved to (rebinding).
      const cause = (e as Error).cause;
      if (isVigilError(cause)) throw new VigilError(cause.code, `${what}: ${cause.code === 'VGL_FETCH_BLOCKED_ADDRESS' ? 'the receiver resolves to a private, loopback or link-local address; list it in alerts.allowPrivate if it is yours' : 'cannot resolve the receiver'}`);
      if (isVigilError(e)) throw e;
      if (timeout.aborted) throw new VigilError('VGL_WEBHOOK_FAILED', `${what}: no answer within ${d.timeoutMs}ms`);
      if (opts.signal?.aborted) throw e;
      const code = (e as { code?: string }).code ?? (e as Error).name;
      throw new VigilError('VGL_WEBHOOK_FAILED', `${what}: request failed (${code})`);
    }
    if (status < 200 || status >= 300) throw new VigilError('VGL_WEBHOOK_FAILED', `${what}: answered HTTP ${status}`, { details: { status } });
    return { status };
  }

  return { send, close: () => agent.close() };
}
