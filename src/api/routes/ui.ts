// The web UI for report authors: server-rendered pages over the same catalog as the API.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { z } from 'zod';
import { isVigilError } from '../../errors.js';
import type { ApiDeps } from '../deps.js';
import { SESSION_COOKIE, clearCookie, cookieSecure, loginLimited, readCookie, sessionCookie, tokenCookie, tokenMatches } from '../auth.js';
import { passwordLogin } from './access.js';
import type { LoginLimiter } from '../login-limit.js';
import { safeNext } from '../origin.js';
import { errorPage, loginPage, searchPage } from '../ui/pages.js';
import { CLIENT_JS } from '../ui/client-js.js';
import { isLang } from '../ui/i18n.js';
import { replayAssetsDir } from '../replay.js';
import { SearchQuery, withoutEmpty } from './search.js';
import { LANG_COOKIE, sendHtml, uiOf } from './ui-common.js';
import { uiScreens, type ReplayLocator } from './ui-screens.js';
import { uiDossier } from './ui-dossier.js';
import { uiCampaigns } from './ui-campaigns.js';
import { opsRoutes } from './ops.js';

const html = (reply: FastifyReply, body: string, status = 200) => sendHtml(reply, body, { status });

/** Form fields (application/x-www-form-urlencoded), parsed without another dependency. */
const formParser = (_req: unknown, body: string, done: (err: Error | null, v?: Record<string, string>) => void) =>
  done(null, Object.fromEntries(new URLSearchParams(body)));

export const uiRoutes = (deps: ApiDeps, limiter: LoginLimiter, replayBase: ReplayLocator = () => undefined): FastifyPluginAsync => async (app) => {
  // 512 KiB: a CSV import of a few thousand targets.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 512 * 1024 }, formParser);
  // UI errors are pages, not JSON.
  app.setErrorHandler((err, req, reply) => {
    if (isVigilError(err)) {
      const retry = (err.opts.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
      if (retry) void reply.header('retry-after', String(retry));
      return html(reply, errorPage(err.httpStatus, err.message, uiOf(req)), err.httpStatus);
    }
    if (err instanceof z.ZodError) return html(reply, errorPage(400, err.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), uiOf(req)), 400);
    req.log.error({ err }, 'ui page failed');
    return html(reply, errorPage(500, 'internal error', uiOf(req)), 500);
  });

  // Same-origin scripts: ours, and ReplayWeb.page's ui.js for the <replay-web-page> element.
  const replayUi = await readFile(join(replayAssetsDir(), 'ui.js'));
  app.get('/ui/assets/ui.js', async (_req, reply) => reply.type('application/javascript; charset=utf-8').send(CLIENT_JS));
  app.get('/ui/assets/replay-ui.js', async (_req, reply) => reply.type('application/javascript; charset=utf-8').header('cache-control', 'max-age=3600').send(replayUi));

  app.get('/lang/:lang', async (req, reply) => {
    const { lang } = z.object({ lang: z.string().refine(isLang, 'en or ru') }).parse(req.params);
    const { next } = z.object({ next: z.string().optional() }).parse(req.query);
    return reply.header('set-cookie', `${LANG_COOKIE}=${lang}; Path=/; SameSite=Lax; Max-Age=31536000`).redirect(safeNext(next));
  });

  await app.register(uiScreens(deps, replayBase));
  await app.register(uiDossier(deps));
  await app.register(uiCampaigns(deps));
  await app.register(opsRoutes(deps));

  app.get('/search', async (req, reply) => {
    // An empty form (or an empty q) shows the form alone.
    const given = Object.entries(withoutEmpty(req.query)).filter(([k, v]) => k !== 'lang' && (typeof v !== 'string' || v.trim() !== ''));
    const f = SearchQuery.partial({ q: true }).parse(Object.fromEntries(given));
    if (!f.q) return html(reply, searchPage(f, null, uiOf(req)));
    return html(reply, searchPage(f, await deps.catalog.search({ ...f, q: f.q, limit: f.limit ?? 50 }), uiOf(req)));
  });

  app.get('/login', async (req, reply) => {
    const q = z.object({ failed: z.string().optional(), next: z.string().optional() }).parse(req.query);
    return html(reply, loginPage(q.failed !== undefined, safeNext(q.next), uiOf(req)));
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
