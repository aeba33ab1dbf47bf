// Maps AWS SDK / network failures to VigilError codes. Messages name the endpoint, bucket,
// operation and key, never credentials (userinfo is stripped from the endpoint).
import { VigilError } from '../errors.js';

const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE',
  'ECONNABORTED', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT',
]);
const TRANSIENT_NAMES = new Set(['TimeoutError', 'RequestTimeout', 'RequestTimeoutException', 'SlowDown', 'ServiceUnavailable', 'InternalError', 'AbortError']);

interface SdkLikeError {
  name?: string;
  code?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
  cause?: unknown;
}

/** Endpoint without user:password@ and without query, for messages and logs. */
export function safeEndpoint(endpoint: string | undefined): string {
  if (!endpoint) return 'default AWS endpoint';
  try {
    const u = new URL(endpoint);
    return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return '(unparseable endpoint)';
  }
}

export const httpStatusOf = (err: unknown): number | undefined => (err as SdkLikeError | null)?.$metadata?.httpStatusCode;

function networkCode(err: unknown, depth = 0): string | undefined {
  if (!err || typeof err !== 'object' || depth > 4) return undefined;
  const e = err as SdkLikeError;
  if (e.code && NETWORK_CODES.has(e.code)) return e.code;
  return networkCode(e.cause, depth + 1);
}

/** True when the failure says "the store is not there right now" (retry / spool), not "the request is wrong". */
export function isUnavailable(err: unknown): boolean {
  if (networkCode(err)) return true;
  const e = err as SdkLikeError | null;
  if (e?.name && TRANSIENT_NAMES.has(e.name)) return true;
  const status = httpStatusOf(err);
  return status !== undefined && (status >= 500 || status === 429 || status === 408);
}

export function toStoreError(err: unknown, ctx: { op: string; key?: string; bucket: string; endpoint?: string }): VigilError {
  if (err instanceof VigilError) return err;
  const where = `${ctx.op} ${ctx.bucket}${ctx.key ? `/${ctx.key}` : ''} at ${safeEndpoint(ctx.endpoint)}`;
  const e = (err ?? {}) as SdkLikeError;
  const what = networkCode(err) ?? e.Code ?? e.name ?? 'error';
  const status = httpStatusOf(err);
  const details = { op: ctx.op, key: ctx.key, bucket: ctx.bucket, status, reason: what };
  if (isUnavailable(err)) {
    return new VigilError(
      'VGL_STORE_UNAVAILABLE',
      `object store unavailable (${what}${status ? `, HTTP ${status}` : ''}) during ${where}; check that the S3 server is running and s3.endpoint is right`,
      { cause: err, details },
    );
  }
  if (what === 'NoSuchBucket') {
    return new VigilError('VGL_STORE_REJECTED', `bucket "${ctx.bucket}" does not exist at ${safeEndpoint(ctx.endpoint)}; create it or fix s3.bucket`, { cause: err, details });
  }
  if (status === 401 || status === 403 || what === 'InvalidAccessKeyId' || what === 'SignatureDoesNotMatch' || what === 'AccessDenied') {
    return new VigilError('VGL_STORE_REJECTED', `object store denied ${where} (${what}); check s3.accessKeyId / s3.secretAccessKey and bucket permissions`, { cause: err, details });
  }
  return new VigilError('VGL_STORE_REJECTED', `object store rejected ${where} (${what}${status ? `, HTTP ${status}` : ''})`, { cause: err, details });
}
