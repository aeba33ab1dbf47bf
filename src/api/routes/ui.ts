// The web UI for report authors: server-rendered pages over the same catalog as the API.
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import { isVigilError } from '../../errors.js';
import type { ApiDeps } from '../deps.js';
import { SESSION_COOKIE, clearCookie, cookieSecure, loginLimited, readCookie, sessionCookie, tokenCookie, tokenMatches } from '../auth.js';
import { passwordLogin } from './access.js';
import type { LoginLimiter } from '../login-limit.js';
import { safeNext } from '../origin.js';
import { mergeTargets } from '../shapes.js';
import { errorPage, eventsPage, loginPage, searchPage, targetPage, targetsPage } from '../ui/pages.js';
import { EventsQuery } from './events.js';
import { SearchQuery, withoutEmpty } from './search.js';
import { findTarget } from './targets.js';

const html = (reply: FastifyReply, body: string, status = 200) =>
  reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'")
    .header('x-frame-options', 'DENY')
    .send(body);

/** Form fields (application/x-www-form-urlencoded), parsed without another dependency. */
const formParser = (_req: unknown, body: string, done: (err: Error | null, v?: Record<string, string>) => void) =>
  done(null, Object.fromEntries(new URLSearchParams(body)));

export const uiRoutes = (deps: ApiDeps, limiter: LoginLimiter): FastifyPluginAsync => async (app) => {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, formParser);
  // UI errors are pages, not JSON.
  app.setErrorHandler((err, req, reply) => {
    if (isVigilError(err)) {
      const retry = (err.opts.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
      if (retry) void reply.header('retry-after', String(retry));
      return html(reply, errorPage(err.httpStatus, err.message), err.httpStatus);
    }
    if (err instanceof z.ZodError) return html(reply, errorPage(400, err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')), 400);
    req.log.error({ err }, 'ui page failed');
    return html(reply, errorPage(500, 'internal error'), 500);
  });

  app.get('/', async (_req, reply) => {
    const [defs, rows] = await Promise.all([deps.targets.list(), deps.catalog.listTargets()]);
    return html(reply, targetsPage(mergeTargets(defs, rows)));
  });

  app.get('/t/:id', async (req, reply) => {
    const { id } = z.object({ id: z.string().min(1).max(64) }).parse(req.params);
    const t = await findTarget(deps, id);
    const [posts, events] = await Promise.all([deps.catalog.listPosts(id, { limit: 200 }), deps.catalog.listEvents({ target: id })]);
    return html(reply, targetPage(t, posts, events));
  });

  app.get('/events', async (req, reply) => {
    // Empty form fields mean "any".
    const raw = Object.fromEntries(Object.entries(req.query as Record<string, string>).filter(([, v]) => v !== ''));
    const f = EventsQuery.parse(raw);
    return html(reply, eventsPage(await deps.catalog.listEvents(f), f));
  });

  app.get('/search', async (req, reply) => {
    // An empty form (or an empty q) shows the form alone.
    const given = Object.entries(withoutEmpty(req.query)).filter(([, v]) => typeof v !== 'string' || v.trim() !== '');
    const f = SearchQuery.partial({ q: true }).parse(Object.fromEntries(given));
    if (!f.q) return html(reply, searchPage(f, null));
    return html(reply, searchPage(f, await deps.catalog.search({ ...f, q: f.q, limit: f.limit ?? 50 })));
  });

  app.get('/login', async (req, reply) => {
    const q = z.object({ failed: z.string().optional(), next: z.string().optional() }).parse(req.query);
    return html(reply, loginPage(q.failed !== undefined, safeNext(q.next)));
  });

  const login = passwordLogin(deps, limiter);
  app.post('/login', async (req, reply) => {
    const body = z.object({ token: z.string().default(''), user: z.string().max(64).default(''), password: z.string().max(1024).default(''), next: z.string().default('/') }).parse(req.body ?? {});
    // Only same-site absolute paths: never an open redirect.
    const next = safeNext(body.next);
    if (body.user && deps.access) {
      const s = await login(req, body.user, body.password);
      if (!s) return reply.redirect(`/login?failed=1&next=${encodeURIComponent(next)}`);
      return reply.header('set-cookie', sessionCookie(s.id, s.maxAgeS, cookieSecure(req, deps.settings.http))).redirect(next);
    }
    const token = deps.settings.http.apiToken;
    if (!token) return reply.redirect(next);
    // Checked before the token is compared: a blocked client learns nothing, even with the right one.
    const wait = limiter.blockedFor(req.ip);
    if (wait > 0) throw loginLimited(req.ip, wait);
    if (!tokenMatches(body.token, token)) {
      limiter.fail(req.ip);
      return reply.redirect(`/login?failed=1&next=${encodeURIComponent(next)}`);
    }
    limiter.succeed(req.ip);
    return reply.header('set-cookie', tokenCookie(token, cookieSecure(req, deps.settings.http))).redirect(next);
  });

  app.get('/logout', async (req, reply) => {
    const sid = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (sid && deps.access) await deps.access.endSession(sid);
    const secure = cookieSecure(req, deps.settings.http);
    return reply.header('set-cookie', [clearCookie(secure), clearCookie(secure, SESSION_COOKIE)]).redirect('/login');
  });

};
