// Request guards, in order:
// 1. Host: only configured names are answered (DNS rebinding), except /healthz (probes use IPs).
// 2. Origin: every POST/PUT/PATCH/DELETE must be same-origin or come from a non-browser client,
//    token or not (CSRF; see origin.ts).
// 3. Token: with http.apiToken, every route but /healthz and /login needs `Authorization: Bearer
//    <token>` (UI pages and blob links may use the HttpOnly cookie instead: GET, and the UI's own
//    form POSTs to non-/api paths, which the Origin check has already vetted). Without a
//    token only loopback clients are served. Wrong tokens are rate-limited per client address.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { VigilError } from '../errors.js';
import { errorBody } from './errors.js';
import type { LoginLimiter } from './login-limit.js';
import { allowedHostnames, checkOrigin, hostAllowed, safeNext } from './origin.js';
import type { ApiHttpSettings } from './deps.js';

export const TOKEN_COOKIE = 'vigil_token';
const PUBLIC = new Set(['/healthz', '/login']);
const HOST_EXEMPT = new Set(['/healthz']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
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

/** The session cookie is Secure when users reach Vigil over https (publicUrl, or a trusted proxy said so). */
export const cookieSecure = (req: FastifyRequest, http: Pick<ApiHttpSettings, 'publicUrl'>): boolean =>
  http.publicUrl?.startsWith('https:') === true || req.protocol === 'https';

export const tokenCookie = (token: string, secure = false): string =>
  `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/${secure ? '; Secure' : ''}`;

export const clearCookie = (secure = false): string => `${TOKEN_COOKIE}=; Max-Age=0; HttpOnly; SameSite=Strict; Path=/${secure ? '; Secure' : ''}`;

export const isUiPath = (path: string): boolean => !path.startsWith('/api/') && path !== '/metrics';

/** 429 with Retry-After for a client that sent too many wrong tokens. */
export const loginLimited = (client: string, seconds: number): VigilError =>
  new VigilError('VGL_LOGIN_RATE_LIMITED', `too many wrong tokens from ${client}; try again in ${seconds} s`, { details: { retryAfterSeconds: seconds } });

const refuse = (reply: FastifyReply, err: VigilError) => {
  const s = (err.opts.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
  if (s) void reply.header('retry-after', String(s));
  return reply.code(err.httpStatus).send(errorBody(err.code, err.message));
};

export function registerAuth(app: FastifyInstance, http: ApiHttpSettings, limiter: LoginLimiter): void {
  const token = http.apiToken;
  if (token !== undefined && token.trim() === '') {
    // Never a silent switch to loopback mode (the config schema refuses it too).
    throw new VigilError('VGL_CONFIG_INVALID', 'config: http.apiToken: empty; unset it to serve loopback clients only, or set a long random token');
  }
  const hosts = allowedHostnames(http);

  app.addHook('onRequest', async (req, reply) => {
    const path = req.url.split('?')[0];
    if (!HOST_EXEMPT.has(path) && !hostAllowed(req.headers.host, hosts)) {
      return refuse(reply, new VigilError('VGL_HOST_NOT_ALLOWED', `this Vigil does not answer to Host ${JSON.stringify(req.headers.host ?? '')}; use ${[...hosts].join(', ')} or set http.publicUrl / http.allowedHosts`));
    }
    if (!SAFE_METHODS.has(req.method)) {
      const v = checkOrigin({ origin: req.headers.origin, host: req.headers.host, secFetchSite: header(req, 'sec-fetch-site'), scheme: req.protocol }, http.publicUrl);
      if (!v.ok) return refuse(reply, new VigilError('VGL_CROSS_ORIGIN', `cross-site ${req.method} refused (${v.reason})`));
    }
    if (PUBLIC.has(path)) return;
    if (!token) {
      // With a trusted proxy, req.ip is the forwarded client: both must be loopback.
      if (LOOPBACK.test(req.socket.remoteAddress ?? '') && LOOPBACK.test(req.ip)) return;
      return refuse(reply, new VigilError('VGL_FORBIDDEN', 'this Vigil has no API token, so it only answers loopback clients'));
    }
    const safe = req.method === 'GET' || req.method === 'HEAD';
    const query = new URLSearchParams(req.url.split('?')[1] ?? '');
    const given = safe && isUiPath(path) && query.has('token') ? (query.get('token') ?? '') : bearer(req);
    if (given !== undefined) {
      const wait = limiter.blockedFor(req.ip);
      if (wait > 0) return refuse(reply, loginLimited(req.ip, wait));
      if (!tokenMatches(given, token)) limiter.fail(req.ip);
      else limiter.succeed(req.ip);
    }
    if (safe && isUiPath(path) && query.has('token')) {
      // `?token=` link: move the token into an HttpOnly cookie and drop it from the address bar.
      if (!tokenMatches(given, token)) return reply.redirect('/login?failed=1');
      query.delete('token');
      void reply.header('set-cookie', tokenCookie(token, cookieSecure(req, http)));
      return reply.redirect(safeNext(path + (query.size ? `?${query}` : '')));
    }
    if (tokenMatches(bearer(req), token)) return;
    // The cookie also carries the UI's own forms (POST to UI paths, never /api/): the Origin check
    // above refused every cross-site one, and the cookie is SameSite=Strict.
    if ((safe || isUiPath(path)) && tokenMatches(readCookie(req.headers.cookie, TOKEN_COOKIE), token)) return;
    if (safe && isUiPath(path)) return reply.redirect(`/login?next=${encodeURIComponent(safeNext(path))}`);
    return refuse(reply, new VigilError('VGL_UNAUTHORIZED', 'missing or wrong API token'));
  });
}

const header = (req: FastifyRequest, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};
