// One error shape for every route: {code, message, hint} with the code's HTTP status.
// Never stacks or upstream text: unknown errors become VGL_INTERNAL and go to the log only.
import type { FastifyError, FastifyInstance } from 'fastify';
import { ZodError } from 'zod';
import { ERRORS, VigilError, type ErrorCode } from '../errors.js';

export interface ApiErrorBody {
  code: ErrorCode;
  message: string;
  hint: string;
}

export const errorBody = (code: ErrorCode, message: string): ApiErrorBody => ({ code, message, hint: ERRORS[code].hint });

export function zodMessage(e: ZodError): string {
  return e.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`).join('; ');
}

export function toApiError(err: unknown): { status: number; body: ApiErrorBody; internal: boolean } {
  if (err instanceof VigilError) return { status: err.httpStatus, body: errorBody(err.code, err.message), internal: err.httpStatus >= 500 };
  if (err instanceof ZodError) return { status: 400, body: errorBody('VGL_BAD_REQUEST', zodMessage(err)), internal: false };
  const fe = err as Partial<FastifyError>;
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    // Fastify's own 4xx (bad JSON, wrong content-type, body too large): say what, not how.
    const message = fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? 'request body too large'
      : fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? 'unsupported content-type; send application/json'
      : 'request body is not valid JSON';
    return { status: 400, body: errorBody('VGL_BAD_REQUEST', message), internal: false };
  }
  return { status: 500, body: errorBody('VGL_INTERNAL', 'internal error'), internal: true };
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err, req, reply) => {
    const { status, body, internal } = toApiError(err);
    if (internal) req.log.error({ err, code: body.code }, 'request failed');
    else req.log.debug({ code: body.code }, 'request rejected');
    // 429/503 that say when to come back (login limit, full capture queue).
    const retry = err instanceof VigilError ? (err.opts.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds : undefined;
    if (typeof retry === 'number' && retry > 0) void reply.header('retry-after', String(Math.ceil(retry)));
    void reply.code(status).type('application/json').send(body);
  });
  app.setNotFoundHandler((req, reply) => {
    void reply.code(404).send(errorBody('VGL_NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0]}`));
  });
}
