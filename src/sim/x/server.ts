// The simulated X web API on 127.0.0.1 (node:http): the GraphQL operations Vigil reads
// (`/i/api/graphql/<queryId>/UserByScreenName|UserTweets|TweetResultByRestId?variables=…`), answered
// per viewer country (`x-sim-vantage`, absent = DE) and per session (`auth_token` cookie issued by
// `POST /__sim/session`), with faults (429 + x-rate-limit-*, DeadlineExceeded, transient
// "Suspended", 503) and ground truth for tests.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenSim, readJsonBody, requestCookie } from '../listen.js';
import { XWorld, type XSimUser } from './model.js';
import { cursorId, deadlineExceeded, renderTweetResult, renderUserByScreenName, renderUserTweets, suspendedUser } from './render.js';
import { readQuery, renderSearch, renderTweetDetail, renderTypeahead } from './probes.js';

export interface XSimOpts {
  port?: number;
  host?: string;
  now?: () => Date;
  /** Country of requests without `x-sim-vantage` (default DE). */
  defaultVantage?: string;
  /**
   * Serve UserTweets without a session, as X did for guests until mid-2023 (default false: the
   * timeline needs an `auth_token` the sim issued). Tests of the pipeline use it while the fetcher
   * sends no cookies.
   */
  guestTimelines?: boolean;
  /** Posts younger than this are not found by search yet (X's index lags; default 0). */
  searchIndexLagMs?: number;
}

export interface XSim {
  url: string;
  port: number;
  world: XWorld;
  /** Requests per operation (and `login_wall`, `429`), for tests. */
  stats: Record<string, number>;
  /** A session cookie value the sim accepts (what `POST /__sim/session` issues). */
  issueSession(): string;
  /** Change `guestTimelines` (e.g. to model the day X walled timelines). */
  setGuestTimelines(on: boolean): void;
  /** Change the country of requests without `x-sim-vantage` (a deployment whose only vantage is there). */
  setDefaultVantage(country: string): void;
  revokeSession(value: string): void;
  close(): Promise<void>;
}

const JSON_TYPE = 'application/json; charset=utf-8';
/** A bot-check interstitial instead of the answer (modelled on a CDN challenge page): no verdict. */
const CHALLENGE = '<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>Checking your browser before accessing x.com.</body></html>';
const BASE = { server: 'tsa_b', 'x-response-time': '12', 'x-connection-hash': '0' };

export async function startXSim(opts: XSimOpts = {}): Promise<XSim> {
  const world = new XWorld(opts.now);
  let guestTimelines = opts.guestTimelines ?? false;
  let defaultVantage = (opts.defaultVantage ?? 'DE').toUpperCase();
  const host = opts.host ?? '127.0.0.1';
  const stats: Record<string, number> = {};
  const bump = (k: string): void => void (stats[k] = (stats[k] ?? 0) + 1);

  const send = (res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void => {
    const buf = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
    res.writeHead(status, { ...BASE, 'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : JSON_TYPE, 'content-length': String(buf.length), ...extra });
    res.end(buf);
  };

  const issueSession = (): string => {
    const v = randomBytes(20).toString('hex');
    world.sessions.set(v, 'valid');
    return v;
  };

  const byRestId = (id: unknown): XSimUser | undefined => [...world.users.values()].find((u) => u.restId === id);
  const post = (id: string) => world.findPost(id);

  const userOf = (op: string, vars: Record<string, unknown>): XSimUser | undefined => {
    if (op === 'UserByScreenName') return world.users.get(String(vars.screen_name ?? '').toLowerCase());
    if (op === 'UserTweets') return byRestId(vars.userId);
    if (op === 'SearchTimeline') return world.users.get(readQuery(String(vars.rawQuery ?? '')).from ?? '');
    if (op === 'TweetDetail') return post(String(vars.focalTweetId ?? ''))?.user;
    return post(String(vars.tweetId ?? ''))?.user;
  };

  function graphql(req: IncomingMessage, res: ServerResponse, op: string, vars: Record<string, unknown>): void {
    bump(op);
    const viewer = String(req.headers['x-sim-vantage'] ?? defaultVantage).toUpperCase();
    const user = userOf(op, vars);
    if (user) world.refreshViews(user);
    const handle = op === 'UserByScreenName' ? String(vars.screen_name ?? '').toLowerCase() : user?.handle.toLowerCase();
    const f = world.takeFault(handle, op);
    if (f?.kind === 'login_wall') {
      bump('login_wall');
      return send(res, 403, { errors: [{ code: 200, message: 'Forbidden.' }] });
    }
    if (f?.kind === 'captcha') return send(res, 200, CHALLENGE, { 'content-type': 'text/html; charset=utf-8' });
    if (f?.kind === 'rate_limit') {
      bump('429');
      const reset = String(Math.floor(Date.now() / 1000) + 900);
      return send(res, 429, 'Rate limit exceeded\n', { 'x-rate-limit-limit': '50', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': reset });
    }
    if (f?.kind === 'server_error') return send(res, 503, { errors: [{ code: 130, message: 'Over capacity' }] });
    if (f?.kind === 'deadline') return send(res, 200, deadlineExceeded());
    if (f?.kind === 'suspended_flap' && op === 'UserByScreenName') return send(res, 200, suspendedUser());

    if (op === 'SearchTimeline' || op === 'UserTweets') {
      const token = requestCookie(req, 'auth_token');
      const session = token ? world.sessions.get(token) : undefined;
      if (session === 'revoked') {
        bump('login_wall');
        return send(res, 401, { errors: [{ code: 32, message: 'Could not authenticate you.' }] });
      }
      if (session !== 'valid' && !guestTimelines) {
        bump('login_wall');
        return send(res, 403, { errors: [{ code: 200, message: 'Forbidden.' }] });
      }
    }
    if (op === 'SearchTimeline') return send(res, 200, renderSearch(world, String(vars.rawQuery ?? ''), viewer, opts.now ? opts.now().getTime() : Date.now(), opts.searchIndexLagMs ?? 0));
    if (op === 'TweetDetail') return send(res, 200, renderTweetDetail(world, String(vars.focalTweetId ?? ''), viewer));
    if (op === 'UserTweets') {
      if (!user || user.state === 'deleted') return send(res, 200, { data: { user: {} } });
      // A suspended user's timeline: twscrape issue 346 recorded a bare UserUnavailable.
      if (user.state === 'suspended') return send(res, 200, { data: { user: { result: { __typename: 'UserUnavailable' } } } });
      const before = typeof vars.cursor === 'string' ? cursorId(vars.cursor) : undefined;
      return send(res, 200, renderUserTweets(user, { post }, before, viewer));
    }
    if (op === 'UserByScreenName') return send(res, 200, renderUserByScreenName(user, viewer));
    return send(res, 200, renderTweetResult(post(String(vars.tweetId ?? '')), { post }, viewer));
  }

  function typeahead(req: IncomingMessage, res: ServerResponse, q: string): void {
    bump('typeahead');
    const f = world.takeFault(q.replace(/^@/, '').toLowerCase(), 'typeahead');
    if (f?.kind === 'rate_limit') {
      bump('429');
      return send(res, 429, 'Rate limit exceeded\n', { 'x-rate-limit-limit': '50', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) + 900) });
    }
    if (f?.kind === 'server_error') return send(res, 503, { errors: [{ code: 130, message: 'Over capacity' }] });
    if (f?.kind === 'login_wall') return send(res, 403, { errors: [{ code: 200, message: 'Forbidden.' }] });
    if (f?.kind === 'captcha') return send(res, 200, CHALLENGE, { 'content-type': 'text/html; charset=utf-8' });
    if (f?.kind === 'deadline') return send(res, 200, deadlineExceeded());
    return send(res, 200, renderTypeahead(world, q));
  }

  async function control(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (req.method === 'GET' && path === '/__sim/truth') return send(res, 200, world.truth);
    if (req.method === 'GET' && path === '/__sim/stats') return send(res, 200, stats);
    if (req.method !== 'POST') return send(res, 405, { error: 'use POST for /__sim control endpoints' });
    const body = asObject(await readJsonBody(req, 100_000));
    if (path === '/__sim/session') return send(res, 200, { name: 'auth_token', value: issueSession() });
    if (path === '/__sim/session/revoke') {
      const v = typeof body.value === 'string' ? body.value : '';
      if (!world.sessions.has(v)) return send(res, 404, { error: 'no such session' });
      world.sessions.set(v, 'revoked');
      return send(res, 200, { ok: true });
    }
    return send(res, 404, { error: `unknown control endpoint ${path}` });
  }

  function route(req: IncomingMessage, res: ServerResponse): Promise<void> | void {
    const u = new URL(req.url ?? '/', 'http://sim');
    if (u.pathname.startsWith('/__sim/')) return control(req, res, u.pathname);
    if (req.method !== 'GET') return send(res, 405, 'Method Not Allowed');
    if (u.pathname === '/i/api/1.1/search/typeahead.json') return typeahead(req, res, u.searchParams.get('q') ?? '');
    const m = /^\/i\/api\/graphql\/[\w-]+\/(UserByScreenName|UserTweets|TweetResultByRestId|SearchTimeline|TweetDetail)$/.exec(u.pathname);
    if (!m) return send(res, 404, '');
    let vars: Record<string, unknown> = {};
    try {
      const v = JSON.parse(u.searchParams.get('variables') ?? '{}') as unknown;
      if (v && typeof v === 'object' && !Array.isArray(v)) vars = v as Record<string, unknown>;
    } catch {
      return send(res, 400, { errors: [{ code: 214, message: 'BadRequest: variables are not JSON' }] });
    }
    return graphql(req, res, m[1], vars);
  }

  const listener = await listenSim(route, { host, port: opts.port });
  const port = listener.port;
  return {
    url: `http://${host}:${port}`,
    port,
    world,
    stats,
    issueSession,
    setGuestTimelines: (on) => void (guestTimelines = on),
    setDefaultVantage: (c) => void (defaultVantage = c.toUpperCase()),
    revokeSession: (v) => void world.sessions.set(v, 'revoked'),
    close: listener.close,
  };
}

const asObject = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
