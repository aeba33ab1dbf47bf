// Auth: with http.apiToken, every route but /healthz needs `Authorization: Bearer <token>`
// (UI pages and blob links may use the HttpOnly cookie instead, GET only, so no CSRF).
// Without a token, only loopback clients are served.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { errorBody } from './errors.js';

export const TOKEN_COOKIE = 'vigil_token';
const PUBLIC = new Set(['/healthz', '/login']);
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;

/** Constant-time comparison (hashing first makes the lengths equal). */
export function tokenMatches(given: string | undefined, expected: string): boolean {
  if (!given) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) {
      try {
        return decodeURIComponent(v.join('='));
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

const bearer = (req: FastifyRequest): string | undefined => {
  const h = req.headers.authorization;
  return h && /^Bearer /i.test(h) ? h.slice(7).trim() : undefined;
};

export const tokenCookie = (token: string): string =>
  `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;

export const isUiPath = (path: string): boolean => !path.startsWith('/api/') && path !== '/metrics';

export function registerAuth(app: FastifyInstance, token: string | undefined): void {
  app.addHook('onRequest', async (req, reply) => {
    const path = req.url.split('?')[0];
    if (PUBLIC.has(path)) return;
    if (!token) {
      if (LOOPBACK.test(req.socket.remoteAddress ?? req.ip)) return;
      return reply.code(403).send(errorBody('VGL_FORBIDDEN', 'this Vigil has no API token, so it only answers loopback clients'));
    }
    const safe = req.method === 'GET' || req.method === 'HEAD';
    const query = new URLSearchParams(req.url.split('?')[1] ?? '');
    if (safe && isUiPath(path) && query.has('token')) {
      // `?token=` link: move the token into an HttpOnly cookie and drop it from the address bar.
      if (!tokenMatches(query.get('token') ?? undefined, token)) return reply.redirect('/login?failed=1');
      query.delete('token');
      void reply.header('set-cookie', tokenCookie(token));
      return reply.redirect(path + (query.size ? `?${query}` : ''));
    }
    if (tokenMatches(bearer(req), token)) return;
    if (safe && tokenMatches(readCookie(req.headers.cookie, TOKEN_COOKIE), token)) return;
    if (safe && isUiPath(path)) return reply.redirect(`/login?next=${encodeURIComponent(path)}`);
    return reply.code(401).send(errorBody('VGL_UNAUTHORIZED', 'missing or wrong API token'));
  });
}
