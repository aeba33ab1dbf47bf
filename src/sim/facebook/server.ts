// The simulated Facebook mobile site on 127.0.0.1 (node:http): /<page>/posts/, the "more" batches
// /page_content_list_view/more/, /<page>/posts/<id>, /story.php, /login/, /media/<file>, and
// /__sim/* ground truth and control (sessions among them). Answers by vantage (`x-sim-vantage`,
// absent = DE) and by session cookies (`c_user` + `xs`).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenSim, readJsonBody, requestCookie } from '../listen.js';
import { FbSimModel, type FbFault, type FbRoute, type FbSimPage } from './model.js';
import { JPEG, moreHref, offsetOf, renderConsent, renderLogin, renderMore, renderPostsTab, renderStoryPage, renderUnavailable, renderWithheld, type FbRenderCtx } from './render.js';

export interface FacebookSimOpts {
  port?: number;
  host?: string;
  now?: () => Date;
  /** Seed the default control Page `facebook` with a few posts (default true). */
  seed?: boolean;
}

export interface FacebookSim {
  url: string;
  port: number;
  model: FbSimModel;
  /** Requests served, by path kind and by `posts:<page>`, for tests ("was the control fetched?"). */
  hits: Record<string, number>;
  close(): Promise<void>;
}

const HTML = 'text/html; charset=utf-8';
/** Facebook's web session: both cookies, as a logged-in browser holds them. */
export const FB_SESSION_COOKIES = ['c_user', 'xs'] as const;

export async function startFacebookSim(opts: FacebookSimOpts = {}): Promise<FacebookSim> {
  const model = new FbSimModel(opts.now);
  if (opts.seed !== false) {
    model.addPage({ vanity: 'facebook', name: 'Facebook', verified: true, likes: 188_000_000 });
    model.post('facebook', { count: 3 });
  }
  const host = opts.host ?? '127.0.0.1';
  const hits: Record<string, number> = {};
  let origin = '';

  const send = (res: ServerResponse, status: number, body: string | Buffer, type = HTML, extra: Record<string, string | string[]> = {}): void => {
    const buf = typeof body === 'string' ? Buffer.from(body) : body;
    res.writeHead(status, { 'content-type': type, 'content-length': String(buf.length), 'x-frame-options': 'DENY', ...extra });
    res.end(buf);
  };
  const json = (res: ServerResponse, status: number, v: unknown): void => send(res, status, JSON.stringify(v), 'application/json');
  // Logging out clears the session cookies, as Facebook does for an expired session.
  const CLEAR = ['c_user=deleted; expires=Thu, 01-Jan-1970 00:00:01 GMT; Max-Age=0; path=/; domain=.facebook.com; secure', 'xs=deleted; expires=Thu, 01-Jan-1970 00:00:01 GMT; Max-Age=0; path=/; domain=.facebook.com; secure; httponly'];
  const toLogin = (res: ServerResponse, next: string, expired = false): void =>
    send(res, 302, '', HTML, { location: `/login/?next=${encodeURIComponent(`https://m.facebook.com${next}`)}&refsrc=deprecated&_rdr`, ...(expired ? { 'set-cookie': CLEAR } : {}) });

  function session(req: IncomingMessage): 'in' | 'out' | 'expired' {
    const user = requestCookie(req, 'c_user');
    const xs = requestCookie(req, 'xs');
    if (user === undefined && xs === undefined) return 'out';
    return user !== undefined && xs !== undefined && model.sessions.get(user) === xs ? 'in' : 'expired';
  }

  function faultReply(res: ServerResponse, f: FbFault, next: string): void {
    if (f.kind === 'http') {
      const status = f.status ?? 429;
      return status === 429 ? send(res, 429, 'Too Many Requests', 'text/plain', { 'retry-after': '1' }) : send(res, status, '<html><body><h1>Sorry, something went wrong.</h1></body></html>');
    }
    if (f.kind === 'login_wall') return toLogin(res, next);
    if (f.kind === 'checkpoint') return send(res, 302, '', HTML, { location: '/checkpoint/block/?next=' + encodeURIComponent(next) });
    if (f.kind === 'consent') return send(res, 200, renderConsent());
    return send(res, 200, renderUnavailable());
  }

  /** What gates a Page's answers before its content: faults, session, login wall, state, country. */
  function gate(req: IncomingMessage, res: ServerResponse, p: FbSimPage | undefined, next: string, ctx: FbRenderCtx, route: FbRoute = 'listing'): 'in' | 'out' | undefined {
    const f = model.takeFault(p?.vanity, route);
    if (f) return void faultReply(res, f, next);
    const who = session(req);
    if (who === 'expired') return void toLogin(res, next, true);
    if (!p || p.state === 'unavailable') return void send(res, 200, renderUnavailable());
    if (p.loginWalled && who === 'out') return void toLogin(res, next);
    if (p.geoBlocked.includes(ctx.country)) return void send(res, 200, renderWithheld('content'));
    return who;
  }

  function postsTab(req: IncomingMessage, res: ServerResponse, vanity: string, ctx: FbRenderCtx): void {
    hits[`posts:${vanity}`] = (hits[`posts:${vanity}`] ?? 0) + 1;
    const p = model.pages.get(vanity);
    const who = gate(req, res, p, `/${vanity}/posts/`, ctx);
    if (!who || !p) return;
    const all = model.listed(p, ctx.country);
    const first = all.slice(0, model.firstPage);
    send(res, 200, renderPostsTab(p, first, all.length > first.length ? moreHref(p, first.length) : undefined, ctx, who === 'in'));
  }

  function more(req: IncomingMessage, res: ServerResponse, u: URL, ctx: FbRenderCtx): void {
    const p = [...model.pages.values()].find((x) => x.pageId === u.searchParams.get('page_id'));
    const offset = offsetOf(u.searchParams.get('start_cursor'));
    if (offset === undefined) return send(res, 200, 'for (;;);{"error":1357001,"errorSummary":"Invalid request","errorDescription":"","payload":null}');
    const who = gate(req, res, p, u.pathname + u.search, ctx);
    if (!who || !p) return;
    const all = model.listed(p, ctx.country);
    const batch = all.slice(offset, offset + model.batch);
    const next = all.length > offset + batch.length ? moreHref(p, offset + batch.length) : undefined;
    send(res, 200, renderMore(p, batch, next, ctx, offset));
  }

  function postPage(req: IncomingMessage, res: ServerResponse, id: string, path: string, ctx: FbRenderCtx): void {
    const found = model.findPost(id);
    const who = gate(req, res, found?.page, path, ctx, 'post');
    if (!who) return;
    if (!found || found.post.removed) return send(res, 200, renderUnavailable());
    if (found.post.geoBlocked.includes(ctx.country)) return send(res, 200, renderWithheld('post'));
    send(res, 200, renderStoryPage(found.page, found.post, ctx, who === 'in'));
  }

  async function control(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (req.method === 'GET' && path === '/__sim/state') return json(res, 200, { pages: [...model.pages.values()], faults: model.faults, truth: model.truth });
    if (req.method === 'GET' && path === '/__sim/truth') return json(res, 200, model.truth);
    if (req.method !== 'POST') return json(res, 405, { error: 'use POST for /__sim control endpoints' });
    const body = (await readJsonBody(req)) as Record<string, unknown>;
    if (path === '/__sim/session') {
      const s = model.issueSession();
      return json(res, 200, { cookies: [{ name: 'c_user', value: s.c_user }, { name: 'xs', value: s.xs }] });
    }
    if (path === '/__sim/session/revoke' && typeof body.c_user === 'string') {
      model.revokeSession(body.c_user);
      return json(res, 200, { ok: true });
    }
    return json(res, 404, { error: `unknown control endpoint ${path}` });
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const u = new URL(req.url ?? '/', origin);
    const path = u.pathname;
    if (path.startsWith('/__sim/')) return control(req, res, path);
    const country = String(req.headers['x-sim-vantage'] ?? 'DE').toUpperCase();
    const ctx: FbRenderCtx = { origin, country, now: (opts.now ?? (() => new Date()))().getTime() };
    const hit = (k: string): void => void (hits[k] = (hits[k] ?? 0) + 1);
    let m: RegExpExecArray | null;
    if (path === '/page_content_list_view/more/') return hit('more'), more(req, res, u, ctx);
    if (/^\/login(?:\.php|\/)?$/.test(path) || path.startsWith('/checkpoint/')) return hit('login'), send(res, 200, renderLogin());
    if (path === '/story.php') return hit('post'), postPage(req, res, u.searchParams.get('story_fbid') ?? '', path + u.search, ctx);
    if (/^\/media\/[\w.-]+$/.test(path)) return hit('media'), send(res, 200, JPEG, 'image/jpeg');
    if ((m = /^\/([A-Za-z0-9.]{1,50})\/posts\/(\d{1,25})\/?$/.exec(path))) return hit('post'), postPage(req, res, m[2], path, ctx);
    if ((m = /^\/([A-Za-z0-9.]{1,50})(?:\/posts)?\/?$/.exec(path))) return hit('posts'), postsTab(req, res, m[1].toLowerCase(), ctx);
    return send(res, 200, renderUnavailable());
  }

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
