// Request guards, in order:
// 1. Host: only configured names are answered (DNS rebinding), except /healthz (probes use IPs).
// 2. Origin: every POST/PUT/PATCH/DELETE must be same-origin or come from a non-browser client
//    (CSRF; see origin.ts). This is what lets the session cookie work for forms.
// 3. Who: `Authorization: Bearer <token>` (a personal token from `vigil users token`, or the
//    configured http.apiToken, which acts as an admin), or the `vigil_session` cookie of a password
//    login, or (GET only) the legacy `vigil_token` cookie holding http.apiToken. With no apiToken
//    and no users at all, Vigil is open to loopback clients only (the demo); otherwise a request
//    without credentials gets 401 (UI pages: the login page). Wrong credentials are rate-limited
//    per client address. The UI's own form POSTs (non-/api paths) may use the cookies too: the
//    Origin check above has refused every cross-site one, and the cookies are SameSite=Strict.
// 4. Role: roles.ts says the least role each method and path needs; below it, 403.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { VigilError } from '../errors.js';
import type { AccessStore, Principal } from '../archive/access/store.js';
import { errorBody } from './errors.js';
import type { LoginLimiter } from './login-limit.js';
import { allowedHostnames, checkOrigin, hostAllowed, safeNext } from './origin.js';
import type { ApiHttpSettings } from './deps.js';
import { requiredRole, roleAtLeast } from './roles.js';

export const TOKEN_COOKIE = 'vigil_token';
export const SESSION_COOKIE = 'vigil_session';
const PUBLIC = new Set(['/healthz', '/login', '/api/login', '/api/openapi.json']);
const isPublic = (path: string) => PUBLIC.has(path) || path === '/api/docs' || path.startsWith('/api/docs/');
const HOST_EXEMPT = new Set(['/healthz']);
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|::ffff:127\.\d+\.\d+\.\d+)$/;
const API_TOKEN_USER: Principal = { name: 'api-token', role: 'admin', via: 'api-token' };

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

const cookie = (name: string, value: string, secure: boolean, maxAgeS?: number): string =>
  `${name}=${encodeURIComponent(value)}; HttpOnly; SameSite=Strict; Path=/${maxAgeS !== undefined ? `; Max-Age=${maxAgeS}` : ''}${secure ? '; Secure' : ''}`;

export const tokenCookie = (token: string, secure = false): string => cookie(TOKEN_COOKIE, token, secure);
export const sessionCookie = (id: string, maxAgeS: number, secure = false): string => cookie(SESSION_COOKIE, id, secure, maxAgeS);
export const clearCookie = (secure = false, name = TOKEN_COOKIE): string => cookie(name, '', secure, 0);

export const isUiPath = (path: string): boolean => !path.startsWith('/api/') && path !== '/metrics';

/** 429 with Retry-After for a client that sent too many wrong credentials. */
export const loginLimited = (client: string, seconds: number): VigilError =>
  new VigilError('VGL_LOGIN_RATE_LIMITED', `too many wrong tokens or passwords from ${client}; try again in ${seconds} s`, { details: { retryAfterSeconds: seconds } });

const refuse = (reply: FastifyReply, err: VigilError) => {
  const s = (err.opts.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
  if (s) void reply.header('retry-after', String(s));
  return reply.code(err.httpStatus).send(errorBody(err.code, err.message));
};

/** Whether the API runs open (no apiToken, no users): loopback clients then need no credentials. */
function openMode(http: ApiHttpSettings, access?: AccessStore): () => Promise<boolean> {
  let known: { at: number; open: boolean } | undefined;
  return async () => {
    if (http.apiToken) return false;
    if (!access) return true;
    // Once closed, never open again in this process (users are not deleted); while open, ask often.
    if (known && (!known.open || Date.now() - known.at < 2000)) return known.open;
    known = { at: Date.now(), open: !(await access.anyUsers()) };
    return known.open;
  };
}

export function registerAuth(app: FastifyInstance, http: ApiHttpSettings, limiter: LoginLimiter, access?: AccessStore): void {
  const token = http.apiToken;
  if (token !== undefined && token.trim() === '') {
    // Never a silent switch to loopback mode (the config schema refuses it too).
    throw new VigilError('VGL_CONFIG_INVALID', 'config: http.apiToken: empty; unset it to serve loopback clients only, or set a long random token');
  }
  const hosts = allowedHostnames(http);
  const isOpen = openMode(http, access);

  /** The principal for a bearer secret, or null for a wrong one. */
  const byBearer = async (given: string): Promise<Principal | null> => {
    if (token && tokenMatches(given, token)) return API_TOKEN_USER;
    return access ? access.token(given) : null;
  };

  app.addHook('onRequest', async (req, reply) => {
    const path = req.url.split('?')[0];
    if (!HOST_EXEMPT.has(path) && !hostAllowed(req.headers.host, hosts)) {
      return refuse(reply, new VigilError('VGL_HOST_NOT_ALLOWED', `this Vigil does not answer to Host ${JSON.stringify(req.headers.host ?? '')}; use ${[...hosts].join(', ')} or set http.publicUrl / http.allowedHosts`));
    }
    if (!SAFE_METHODS.has(req.method)) {
      const v = checkOrigin({ origin: req.headers.origin, host: req.headers.host, secFetchSite: header(req, 'sec-fetch-site'), scheme: req.protocol }, http.publicUrl);
      if (!v.ok) return refuse(reply, new VigilError('VGL_CROSS_ORIGIN', `cross-site ${req.method} refused (${v.reason})`));
    }
    if (isPublic(path)) return;
    const safe = req.method === 'GET' || req.method === 'HEAD';
    const query = new URLSearchParams(req.url.split('?')[1] ?? '');

    if (token && safe && isUiPath(path) && query.has('token')) {
      // `?token=` link: move the token into an HttpOnly cookie and drop it from the address bar.
      const wait = limiter.blockedFor(req.ip);
      if (wait > 0) return refuse(reply, loginLimited(req.ip, wait));
      if (!tokenMatches(query.get('token') ?? '', token)) {
        limiter.fail(req.ip);
        return reply.redirect('/login?failed=1');
      }
      limiter.succeed(req.ip);
      query.delete('token');
      void reply.header('set-cookie', tokenCookie(token, cookieSecure(req, http)));
      return reply.redirect(safeNext(path + (query.size ? `?${query}` : '')));
    }

    let who: Principal | null = null;
    const given = bearer(req);
    if (given !== undefined) {
      const wait = limiter.blockedFor(req.ip);
      if (wait > 0) return refuse(reply, loginLimited(req.ip, wait));
      who = await byBearer(given);
      if (!who) {
        limiter.fail(req.ip);
        return refuse(reply, new VigilError('VGL_UNAUTHORIZED', 'wrong or revoked API token'));
      }
      limiter.succeed(req.ip);
    }
    const sid = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (!who && sid && access) who = await access.session(sid);
    if (!who && token && (safe || isUiPath(path)) && tokenMatches(readCookie(req.headers.cookie, TOKEN_COOKIE), token)) who = API_TOKEN_USER;
    if (!who && (await isOpen())) {
      // With a trusted proxy, req.ip is the forwarded client: both must be loopback.
      if (LOOPBACK.test(req.socket.remoteAddress ?? '') && LOOPBACK.test(req.ip)) who = { name: 'local', role: 'admin', via: 'loopback' };
      else return refuse(reply, new VigilError('VGL_FORBIDDEN', 'this Vigil has no users and no API token, so it only answers loopback clients; add a user with `vigil users add`'));
    }
    if (!who) {
      if (safe && isUiPath(path)) return reply.redirect(`/login?next=${encodeURIComponent(safeNext(path))}`);
      return refuse(reply, new VigilError('VGL_UNAUTHORIZED', 'sign in (POST /api/login) or send Authorization: Bearer <token>'));
    }
    req.user = who;
    const need = requiredRole(req.method, path);
    if (!roleAtLeast(who.role, need)) return refuse(reply, new VigilError('VGL_ROLE_REQUIRED', `${req.method} ${path} needs the ${need} role; ${who.name} is ${who.role}`));
  });
}

const header = (req: FastifyRequest, name: string): string | undefined => {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
};
