// Webhook signatures (pure). The signed content is "<t>.<body>": the Unix time of the attempt, a
// dot, then the exact body bytes, so a captured request cannot be replayed later with a new time.
// Header: `X-Vigil-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`.
// Verify with standard tools (README "Alerts"):
//   { printf '%s.' "$t"; cat body.json; } | openssl dgst -sha256 -hmac "$SECRET"
import { createHmac, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'x-vigil-signature';
export const TIMESTAMP_HEADER = 'x-vigil-timestamp';
export const DELIVERY_HEADER = 'x-vigil-delivery';
export const EVENT_HEADER = 'x-vigil-event';

/** How far a receiver should accept t from its own clock (the README recommends this). */
export const DEFAULT_TOLERANCE_S = 300;

export const signatureHex = (secret: string, t: number, body: string | Buffer): string =>
  createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex');

export const signatureHeader = (secret: string, t: number, body: string | Buffer): string => `t=${t},v1=${signatureHex(secret, t, body)}`;

export type VerifyResult = { ok: true; t: number } | { ok: false; reason: 'malformed' | 'mismatch' | 'stale' };

/**
 * What a receiver does: parse the header, recompute, compare in constant time, and refuse a
 * timestamp further than `toleranceS` from `nowS` (replay). Used by tests and as a reference.
 */
export function verifySignature(header: string | undefined, secret: string, body: string | Buffer, nowS: number, toleranceS = DEFAULT_TOLERANCE_S): VerifyResult {
  const parts = new Map((header ?? '').split(',').map((p) => p.trim().split('=', 2) as [string, string]));
  const t = Number(parts.get('t'));
  const v1 = parts.get('v1');
  if (!Number.isInteger(t) || !v1 || !/^[0-9a-f]{64}$/.test(v1)) return { ok: false, reason: 'malformed' };
  const want = Buffer.from(signatureHex(secret, t, body), 'hex');
  if (!timingSafeEqual(want, Buffer.from(v1, 'hex'))) return { ok: false, reason: 'mismatch' };
  if (Math.abs(nowS - t) > toleranceS) return { ok: false, reason: 'stale' };
  return { ok: true, t };
}
