// The simulated YouTube on 127.0.0.1 (node:http): channel pages (/@handle[/videos],
// /channel/UC…[/videos]), the web client's API (POST /youtubei/v1/browse, /player,
// /navigation/resolve_url, /next for a video's comments: comments.ts), watch pages (/watch?v=), the Atom feed (/feeds/videos.xml), and
// /__sim/* control. Answers depend on the requesting vantage (`x-sim-vantage`, an ISO country
// code, default DE) and on a session cookie (`SID`, issued by POST /__sim/session).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenSim, readJsonBody, requestCookie } from '../listen.js';
import { z } from 'zod';
import { ageGateBrowse, alertBrowse, channelBrowse, GEO_BLOCK_TEXT, NOT_FOUND_TEXT, SUSPENSION_TEXT } from './browse.js';
import { google404, renderFeed } from './feed.js';
import { browsePage, consentPage, garbagePage, notFoundPage, searchPage, sorryPage, watchPage } from './html.js';
import { readSearch, renderSearch } from './search.js';
import { YtWorld, type YtChannel, type YtFault, type YtFaultKind } from './model.js';
import { botCheckPlayer, playerFor } from './player.js';
import { commentsAnswer, readToken, watchData, type CommentShape } from './comments.js';

type Json = Record<string, unknown>;

export interface YouTubeSimOpts {
  port?: number;
  host?: string;
  now?: () => number;
  /** Videos on a Videos tab page (default 30, as the site). */
  pageSize?: number;
  /** Shape of /youtubei/v1/next comment answers (default the current `entity` one; world.commentShape changes it later). */
  commentShape?: CommentShape;
}

export interface YouTubeSim {
  url: string;
  port: number;
  world: YtWorld;
  /** Requests per route (`channel`, `watch`, `browse`, `player`, `feed`, …) and per video (`video:<id>`). */
  stats: { requests: number; byRoute: Record<string, number> };
  close(): Promise<void>;
}

/** The session cookie the sim accepts (Google's SID). */
export const SESSION_COOKIE = 'SID';
export const DEFAULT_VANTAGE = 'DE';
const VIDEOS_PARAMS = 'EgZ2aWRlb3PyBgQKAjoA';
const HTML = 'text/html; charset=utf-8';
const JSON_TYPE = 'application/json; charset=UTF-8';

const FaultBody = z.object({ kind: z.enum(['rate_limit', 'error', 'garbage', 'consent', 'bot_check', 'login_wall']), channel: z.string().optional(), route: z.enum(['search', 'comments']).optional(), count: z.number().int().min(1).max(1000).optional() }).strict();
const CommentsBody = z
  .object({
    channel: z.string().min(1),
    videoId: z.string().optional(),
    off: z.boolean().optional(),
    shape: z.enum(['entity', 'renderer']).optional(),
    crowd: z.object({ kind: z.enum(['attack', 'surge']), count: z.number().int().min(1).max(500), seed: z.number().int(), lookalikes: z.number().int().min(0).optional(), template: z.string().optional() }).strict().optional(),
  })
  .strict();
const ShadowBody = z.object({ channel: z.string().min(1), search: z.boolean() }).strict();

interface Ctx {
  origin: string;
  country: string;
  loggedIn: boolean;
  now: number;
}

export async function startYouTubeSim(opts: YouTubeSimOpts = {}): Promise<YouTubeSim> {
  const world = new YtWorld(opts.now);
  if (opts.commentShape) world.commentShape = opts.commentShape;
  const host = opts.host ?? '127.0.0.1';
  const stats = { requests: 0, byRoute: {} as Record<string, number> };
  let origin = '';

  const send = (res: ServerResponse, status: number, body: string, type = HTML, extra: Record<string, string> = {}): void => {
    const buf = Buffer.from(body);
    res.writeHead(status, { server: 'ESF', 'content-type': type, 'content-length': String(buf.length), 'x-frame-options': 'SAMEORIGIN', ...extra });
    res.end(buf);
  };
  const json = (res: ServerResponse, status: number, v: unknown): void => send(res, status, JSON.stringify(v), JSON_TYPE);
  const hit = (route: string): void => {
    stats.byRoute[route] = (stats.byRoute[route] ?? 0) + 1;
  };

  /** A fault answers instead of the page; false when the route should answer normally. */
  function fault(res: ServerResponse, f: YtFault | undefined, form: 'html' | 'json', path: string, player = false): boolean {
    if (!f) return false;
    const kind: YtFaultKind = f.kind;
    if (kind === 'rate_limit') send(res, 429, sorryPage(), HTML, { 'retry-after': '1' });
    else if (kind === 'error') send(res, 503, '<html><body><h1>503 Service Unavailable</h1></body></html>');
    else if (kind === 'garbage') send(res, 200, garbagePage());
    else if (kind === 'consent') send(res, 302, '', HTML, { location: `/consent/m?continue=${encodeURIComponent(path)}` });
    // A watch page or player call is walled by the bot check; a channel page by Google's traffic
    // check (bot_check) or the age gate's sign-in wall (login_wall).
    else if (player) answerPlayer(res, form, 'YouTube', botCheckPlayer());
    else if (kind === 'bot_check') send(res, 200, sorryPage());
    else answerBrowse(res, form, 200, 'YouTube', ageGateBrowse({ title: 'YouTube' }));
    return true;
  }

  function answerBrowse(res: ServerResponse, form: 'html' | 'json', status: number, title: string, data: Json): void {
    if (form === 'json') json(res, status, data);
    else send(res, status, browsePage(title, data));
  }

  function answerPlayer(res: ServerResponse, form: 'html' | 'json', title: string, player: Json, data?: Json): void {
    if (form === 'json') json(res, 200, player);
    else send(res, 200, watchPage(title, player, data));
  }

  /** The channel's answer in either form; `byId` tells how it was addressed (an unknown handle is a bare 404). */
  function channelAnswer(res: ServerResponse, c: YtChannel | undefined, key: string, tab: 'videos' | 'home', form: 'html' | 'json', ctx: Ctx): void {
    if (!c || c.state === 'deleted') {
      if (form === 'html' && !key.startsWith('UC')) return send(res, 404, notFoundPage());
      // A well-formed channel id nobody holds (recorded: HTTP 200 from the API; the page says 404).
      return answerBrowse(res, form, form === 'json' ? 200 : 404, 'YouTube', alertBrowse(c?.id ?? key, NOT_FOUND_TEXT, ctx.origin));
    }
    if (c.state === 'terminated' || c.state === 'removed' || c.state === 'copyright') return answerBrowse(res, form, 200, 'YouTube', alertBrowse(c.id, SUSPENSION_TEXT[c.state], ctx.origin));
    if (c.geoBlocked.includes(ctx.country)) return answerBrowse(res, form, 200, 'YouTube', alertBrowse(c.id, GEO_BLOCK_TEXT, ctx.origin));
    if (c.state === 'age_gated' && !ctx.loggedIn) return answerBrowse(res, form, 200, c.title, ageGateBrowse(c));
    answerBrowse(res, form, 200, c.title, channelBrowse(c, { now: ctx.now, origin: ctx.origin, tab, country: ctx.country, ...(opts.pageSize ? { pageSize: opts.pageSize } : {}) }));
  }

  function videoAnswer(res: ServerResponse, id: string, form: 'html' | 'json', ctx: Ctx, path: string): void {
    hit(`video:${id}`);
    const found = world.findVideo(id);
    if (fault(res, world.takeFault(found?.channel), form, path, true)) return;
    const player = playerFor(found, { origin: ctx.origin, country: ctx.country, loggedIn: ctx.loggedIn });
    // A playable video's page carries its comment section (ytInitialData); others only the player.
    const playable = found !== undefined && (player.playabilityStatus as Json | undefined)?.status === 'OK';
    answerPlayer(res, form, found?.video.title ?? 'YouTube', player, playable ? watchData(found.channel, found.video, world.commentsOf(found.video.id)) : undefined);
  }

  async function api(req: IncomingMessage, res: ServerResponse, path: string, ctx: Ctx): Promise<void> {
    const body = (await readJsonBody(req)) as Json;
    if (path === '/youtubei/v1/browse') {
      hit('browse');
      const id = typeof body.browseId === 'string' ? body.browseId : '';
      if (!/^UC[A-Za-z0-9_-]{22}$/.test(id)) return json(res, 400, { error: { code: 400, message: 'Request contains an invalid argument.', errors: [{ message: 'Request contains an invalid argument.', domain: 'global', reason: 'badRequest' }], status: 'INVALID_ARGUMENT' } });
      const c = world.get(id);
      if (fault(res, world.takeFault(c), 'json', path)) return;
      return channelAnswer(res, c, id, body.params === VIDEOS_PARAMS ? 'videos' : 'home', 'json', ctx);
    }
    if (path === '/youtubei/v1/player') {
      hit('player');
      return videoAnswer(res, typeof body.videoId === 'string' ? body.videoId : '', 'json', ctx, path);
    }
    if (path === '/youtubei/v1/next') {
      hit('comments');
      const tok = readToken(typeof body.continuation === 'string' ? body.continuation.replace(/\.p\d+$/, '') : undefined);
      const found = tok ? world.findVideo(tok.v) : undefined;
      if (fault(res, world.takeFault(found?.channel, 'comments'), 'json', path)) return;
      if (!tok || !found) return json(res, 400, { error: { code: 400, message: 'Request contains an invalid argument.', errors: [{ message: 'Request contains an invalid argument.', domain: 'global', reason: 'badRequest' }], status: 'INVALID_ARGUMENT' } });
      return json(res, 200, commentsAnswer(tok.v, world.commentsOf(tok.v), tok.s, ctx.now, world.commentShape));
    }
    if (path === '/youtubei/v1/navigation/resolve_url') {
      hit('resolve_url');
      const m = typeof body.url === 'string' ? /\/(@[^/?#]+)/.exec(body.url) : null;
      const c = m ? world.get(decodeURIComponent(m[1])) : undefined;
      if (!c || c.state === 'deleted') return json(res, 404, { error: { code: 404, message: 'Requested entity was not found.', errors: [{ message: 'Requested entity was not found.', domain: 'global', reason: 'notFound' }], status: 'NOT_FOUND' } });
      return json(res, 200, { endpoint: { commandMetadata: { webCommandMetadata: { url: '/youtubei/v1/navigation/resolve_url', webPageType: 'WEB_PAGE_TYPE_CHANNEL', rootVe: 3611, apiUrl: '/youtubei/v1/browse' }, resolveUrlCommandMetadata: { isVanityUrl: true } }, browseEndpoint: { browseId: c.id, params: 'EgC4AQCSAwDyBgQKAjIA' } } });
    }
    json(res, 404, { error: { code: 404, message: 'Requested entity was not found.', status: 'NOT_FOUND' } });
  }

  async function control(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (req.method === 'GET' && path === '/__sim/state') return json(res, 200, { channels: world.channels(), faults: world.faults, truth: world.truth });
    if (req.method === 'GET' && path === '/__sim/truth') return json(res, 200, world.truth);
    if (req.method === 'GET' && path === '/__sim/stats') return json(res, 200, stats);
    if (req.method !== 'POST') return json(res, 405, { error: 'use POST for /__sim control endpoints' });
    const body = (await readJsonBody(req)) as Json;
    if (path === '/__sim/session') return json(res, 200, { name: SESSION_COOKIE, value: world.issueSession() });
    if (path === '/__sim/session/revoke') {
      world.revokeSession(String(body.value ?? ''));
      return json(res, 200, { ok: true });
    }
    if (path === '/__sim/fault') {
      world.addFault(FaultBody.parse(body));
      return json(res, 200, { ok: true });
    }
    if (path === '/__sim/comments') {
      const b = CommentsBody.parse(body);
      if (b.shape) world.commentShape = b.shape;
      if (b.off !== undefined && b.videoId) world.setCommentsOff(b.videoId, b.off);
      if (b.crowd) world.crowd(b.channel, { ...b.crowd, ...(b.videoId ? { videoId: b.videoId } : {}) });
      return json(res, 200, { ok: true });
    }
    if (path === '/__sim/shadow') {
      const b = ShadowBody.parse(body);
      world.setShadow(b.channel, b.search);
      return json(res, 200, { ok: true });
    }
    return json(res, 404, { error: `unknown control endpoint ${path}` });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    stats.requests++;
    const u = new URL(req.url ?? '/', origin);
    const path = u.pathname;
    if (path.startsWith('/__sim/')) return control(req, res, path);
    const vantage = String(req.headers['x-sim-vantage'] ?? DEFAULT_VANTAGE).toUpperCase();
    const ctx: Ctx = { origin, country: /^[A-Z]{2}$/.test(vantage) ? vantage : DEFAULT_VANTAGE, loggedIn: world.session(requestCookie(req, SESSION_COOKIE)) === 'valid', now: world.now() };
    if (req.method === 'POST' && path.startsWith('/youtubei/v1/')) return api(req, res, path, ctx);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method Not Allowed', 'text/plain');
    if (path === '/watch') {
      hit('watch');
      return videoAnswer(res, u.searchParams.get('v') ?? '', 'html', ctx, path + u.search);
    }
    if (path === '/feeds/videos.xml') {
      hit('feed');
      const c = world.get(u.searchParams.get('channel_id') ?? '');
      if (!c || c.state !== 'ok' || c.geoBlocked.includes(ctx.country)) return send(res, 404, google404());
      return send(res, 200, renderFeed(c, ctx.country), 'application/atom+xml; charset=UTF-8');
    }
    if (path === '/consent/m') return send(res, 200, consentPage());
    if (path === '/results') {
      hit('search');
      const q = u.searchParams.get('search_query') ?? '';
      // Faults aimed at a channel hit searches that name it (@handle) or find its videos.
      const s = readSearch(q);
      const about = s.handle ? world.get(s.handle) : world.channels().find((c) => c.videos.some((v) => s.phrase !== undefined && v.title.toLowerCase().includes(s.phrase.toLowerCase())));
      if (fault(res, world.takeFault(about, 'search'), 'html', path + u.search)) return;
      return send(res, 200, searchPage(q, renderSearch(world.channels(), q, { now: ctx.now, origin: ctx.origin, country: ctx.country })));
    }
    const m = /^\/(?:channel\/(UC[A-Za-z0-9_-]{22})|(@[^/]+))(?:\/(videos|featured))?\/?$/.exec(path);
    if (m) {
      hit('channel');
      const key = m[1] ?? decodeURIComponent(m[2]!);
      const c = world.get(key);
      if (fault(res, world.takeFault(c), 'html', path + u.search)) return;
      return channelAnswer(res, c, key, m[3] === 'videos' ? 'videos' : 'home', 'html', ctx);
    }
    send(res, 404, notFoundPage());
  }

  const listener = await listenSim(handle, { host, port: opts.port });
  const port = listener.port;
  origin = `http://${host}:${port}`;
  return {
    url: origin,
    port,
    world,
    stats,
    close: listener.close,
  };
}
