// The simulated Instagram on 127.0.0.1 (node:http): /api/v1/users/web_profile_info/?username=,
// /api/v1/media/<pk>/comments/, /p/<code>/, /<user>/, /accounts/login/, /media/<file>, and /__sim/* ground truth and control
// (sessions among them). Answers by vantage (`x-sim-vantage`, absent = DE) and by session cookie.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenSim, readJsonBody, requestCookie } from '../listen.js';
import { IgSimModel, type IgFault } from './model.js';
import { JPEG, renderCommentsJson, renderLogin, renderPostPage, renderPostWithheld, renderProfileJson, renderProfilePage, renderUnavailable, type IgRenderCtx } from './render.js';

export interface InstagramSimOpts {
  port?: number;
  host?: string;
  now?: () => Date;
  /** Seed the default control account `instagram` with a few posts (default true). */
  seed?: boolean;
}

export interface InstagramSim {
  url: string;
  port: number;
  model: IgSimModel;
  /** Requests served, by path kind and by `api:<username>`, for tests ("was the control fetched?"). */
  hits: Record<string, number>;
  close(): Promise<void>;
}

const HTML = 'text/html; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';
const APP_ID = '936619743392459';
/** The cookie Instagram's web session lives in. */
export const IG_SESSION_COOKIE = 'sessionid';

export async function startInstagramSim(opts: InstagramSimOpts = {}): Promise<InstagramSim> {
  const model = new IgSimModel(opts.now);
  if (opts.seed !== false) {
    model.addAccount({ username: 'instagram', fullName: 'Instagram', isVerified: true, followers: 690_000_000 });
    model.post('instagram', { count: 3 });
  }
  const host = opts.host ?? '127.0.0.1';
  const hits: Record<string, number> = {};
  let origin = '';

  const send = (res: ServerResponse, status: number, body: string | Buffer, type = HTML, extra: Record<string, string> = {}): void => {
    const buf = typeof body === 'string' ? Buffer.from(body) : body;
    res.writeHead(status, { 'content-type': type, 'content-length': String(buf.length), 'x-frame-options': 'SAMEORIGIN', ...extra });
    res.end(buf);
  };
  const json = (res: ServerResponse, status: number, v: unknown, extra: Record<string, string> = {}): void => send(res, status, JSON.stringify(v), JSON_TYPE, extra);
  const toLogin = (res: ServerResponse, next: string): void => send(res, 302, '', HTML, { location: `/accounts/login/?next=${encodeURIComponent(next)}` });

  /** Logged in (a live issued session), logged out, or an expired session (issued, then revoked). */
  function session(req: IncomingMessage): 'in' | 'out' | 'expired' {
    const v = requestCookie(req, IG_SESSION_COOKIE);
    if (v === undefined) return 'out';
    if (model.sessions.has(v)) return 'in';
    return 'expired';
  }

  function faultReply(res: ServerResponse, f: IgFault, api: boolean, next: string): void {
    if (f.kind === 'http') {
      const status = f.status ?? 429;
      return status === 429 ? send(res, 429, 'Too Many Requests', 'text/plain', { 'retry-after': '1' }) : send(res, status, '<html><body><h1>Error</h1></body></html>');
    }
    // An account Instagram wants re-verified (the session's own): a checkpoint, never a verdict.
    if (f.kind === 'checkpoint') return api ? json(res, 400, { message: 'checkpoint_required', checkpoint_url: '/challenge/AXHsim/', lock: true, flow_render_type: 0, status: 'fail' }) : send(res, 302, '', HTML, { location: '/challenge/AXHsim/' });
    if (f.kind === 'wait') return json(res, 400, { message: 'Please wait a few minutes before you try again.', require_login: true, status: 'fail' });
    if (f.kind === 'login_wall') return api ? json(res, 401, { require_login: true, status: 'fail' }) : toLogin(res, next);
    return send(res, 404, renderUnavailable());
  }

  function profileApi(req: IncomingMessage, res: ServerResponse, u: URL, ctx: IgRenderCtx): void {
    const name = (u.searchParams.get('username') ?? '').toLowerCase();
    hits[`api:${name}`] = (hits[`api:${name}`] ?? 0) + 1;
    const f = model.takeFault(name);
    if (f) return faultReply(res, f, true, u.pathname + u.search);
    // Instagram's API refuses clients that do not send its web client's app id.
    if (req.headers['x-ig-app-id'] !== APP_ID) return json(res, 400, { message: 'useragent mismatch', status: 'fail' });
    const who = session(req);
    if (who === 'expired') return json(res, 401, { message: 'login_required', error_title: "You've Been Logged Out", error_body: 'Please log back in.', logout_reason: 8, status: 'fail' });
    if (who === 'out' && model.loggedOut === 'wall') return json(res, 401, { require_login: true, status: 'fail' });
    const a = model.accounts.get(name);
    if (!a || a.state === 'unavailable') return send(res, 404, renderUnavailable());
    return send(res, 200, renderProfileJson(a, model.listed(a), ctx), JSON_TYPE);
  }

  /** `/api/v1/media/<pk>/comments/`: shown to logged-in viewers (unless `commentsLoggedOut: open`). */
  function commentsApi(req: IncomingMessage, res: ServerResponse, pk: string, u: URL, ctx: IgRenderCtx): void {
    const found = model.findPostById(pk);
    hits[`comments:${found?.account.username ?? '?'}`] = (hits[`comments:${found?.account.username ?? '?'}`] ?? 0) + 1;
    const f = model.takeFault(found?.account.username, u.searchParams.has('min_id') ? 'comments_older' : 'comments');
    if (f) return faultReply(res, f, true, u.pathname + u.search);
    if (req.headers['x-ig-app-id'] !== APP_ID) return json(res, 400, { message: 'useragent mismatch', status: 'fail' });
    const who = session(req);
    if (who === 'expired') return json(res, 401, { message: 'login_required', error_title: "You've Been Logged Out", error_body: 'Please log back in.', logout_reason: 8, status: 'fail' });
    if (who === 'out' && model.commentsLoggedOut === 'wall') return json(res, 401, { require_login: true, status: 'fail' });
    if (!found || found.post.removed || found.account.state === 'unavailable' || (found.account.isPrivate && who !== 'in')) return json(res, 400, { message: 'Media not found or unavailable', status: 'fail' });
    return send(res, 200, renderCommentsJson(found.account, found.post, ctx, u.searchParams.get('min_id') ?? undefined), JSON_TYPE);
  }

  function postPage(req: IncomingMessage, res: ServerResponse, code: string, ctx: IgRenderCtx): void {
    const found = model.findPost(code);
    const f = model.takeFault(found?.account.username);
    if (f) return faultReply(res, f, false, `/p/${code}/`);
    const who = session(req);
    if (who === 'expired' || (who === 'out' && model.loggedOut === 'wall')) return toLogin(res, `/p/${code}/`);
    if (!found || found.post.removed || found.account.state === 'unavailable') return send(res, 404, renderUnavailable());
    if (found.account.isPrivate && who !== 'in') return send(res, 404, renderUnavailable());
    if (found.post.geoBlocked.includes(ctx.country) || found.account.geoBlocked.includes(ctx.country)) return send(res, 200, renderPostWithheld());
    return send(res, 200, renderPostPage(found.account, found.post, ctx));
  }

  function profilePage(req: IncomingMessage, res: ServerResponse, name: string): void {
    const f = model.takeFault(name);
    if (f) return faultReply(res, f, false, `/${name}/`);
    const who = session(req);
    if (who === 'expired' || (who === 'out' && model.loggedOut === 'wall')) return toLogin(res, `/${name}/`);
    const a = model.accounts.get(name);
    if (!a || a.state === 'unavailable') return send(res, 404, renderUnavailable());
    return send(res, 200, renderProfilePage(a, model.listed(a).length));
  }

  async function control(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (req.method === 'GET' && path === '/__sim/state') {
      return json(res, 200, { loggedOut: model.loggedOut, accounts: [...model.accounts.values()], faults: model.faults, truth: model.truth });
    }
    if (req.method === 'GET' && path === '/__sim/truth') return json(res, 200, model.truth);
    if (req.method !== 'POST') return json(res, 405, { error: 'use POST for /__sim control endpoints' });
    const body = (await readJsonBody(req)) as Record<string, unknown>;
    if (path === '/__sim/session') return json(res, 200, { name: IG_SESSION_COOKIE, value: model.issueSession() });
    if (path === '/__sim/session/revoke' && typeof body.value === 'string') {
      model.revokeSession(body.value);
      return json(res, 200, { ok: true });
    }
    return json(res, 404, { error: `unknown control endpoint ${path}` });
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', origin);
    const path = u.pathname;
    if (path.startsWith('/__sim/')) return control(req, res, path);
    // The vantage point's country: a vantage proxy sets it; absent = a German exit.
    const country = String(req.headers['x-sim-vantage'] ?? 'DE').toUpperCase();
    const ctx: IgRenderCtx = { origin, country };
    let m: RegExpExecArray | null;
    if (path === '/api/v1/users/web_profile_info/') return count('api', () => profileApi(req, res, u, ctx));
    if ((m = /^\/api\/v1\/media\/(\d{1,24})\/comments\/?$/.exec(path))) return count('comments', () => commentsApi(req, res, m![1], u, ctx));
    if ((m = /^\/(?:p|reel)\/([A-Za-z0-9_-]{5,64})\/?$/.exec(path))) return count('post', () => postPage(req, res, m![1], ctx));
    if (/^\/accounts\/login\/?$/.test(path)) return count('login', () => send(res, 200, renderLogin()));
    if ((m = /^\/media\/[\w.-]+$/.exec(path))) return count('media', () => send(res, 200, JPEG, 'image/jpeg', { 'cache-control': 'max-age=1209600' }));
    if ((m = /^\/([a-z0-9._]{1,30})\/?$/i.exec(path))) return count('profile', () => profilePage(req, res, m![1].toLowerCase()));
    return send(res, 404, renderUnavailable());
  }

  const count = (kind: string, f: () => void): void => {
    hits[kind] = (hits[kind] ?? 0) + 1;
    f();
  };

  const listener = await listenSim(route, { host, port: opts.port });
  const port = listener.port;
  origin = `http://${host}:${port}`;
  return {
    url: origin,
    port,
    model,
    hits,
    close: listener.close,
  };
}
