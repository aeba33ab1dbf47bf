// HTTP face of the simulated m.vk.com on 127.0.0.1: /<name>[?offset=N&own=1], /wall<owner>_<num>,
// /login, /media/<file>, plus /__sim/* control. The requesting vantage's country is the
// `x-sim-vantage` header (absent = DE); sessions are the `remixsid` cookie issued by /__sim/session.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenSim, readJsonBody, requestCookie } from '../listen.js';
import type { Logger } from 'pino';
import { FaultSpec, type Fault } from '../faults.js';
import { jpegBytes } from '../telegram/media.js';
import { createVkSim, VK_SESSION_COOKIE, type VkSim } from './sim.js';
import type { VkSimAccount } from './model.js';
import { renderLogin, renderNotice, renderPostPage, renderWall, type VkRenderCtx } from './render.js';
import { VK_TEXT } from './texts.js';
import { renderSearchPage, SEARCH_SECTIONS, searchSubject, type SearchSection } from './search.js';

export interface VkSimServer {
  url: string;
  sim: VkSim;
  stats: { requests: number; byStatus: Record<number, number>; byVantage: Record<string, number> };
  close(): Promise<void>;
}

export interface VkSimOpts {
  sim?: VkSim;
  host?: string;
  port?: number;
  log?: Logger;
}

const HTML = 'text/html; charset=utf-8';
const BASE_HEADERS = { server: 'kittenx', 'x-frame-options': 'DENY' };

export async function startVkSim(opts: VkSimOpts = {}): Promise<VkSimServer> {
  const sim = opts.sim ?? createVkSim();
  const stats = { requests: 0, byStatus: {} as Record<number, number>, byVantage: {} as Record<string, number> };
  let origin = '';

  const send = (res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string> = {}): void => {
    const buf = typeof body === 'string' ? Buffer.from(body) : body;
    stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
    res.writeHead(status, { ...BASE_HEADERS, 'content-type': HTML, 'content-length': String(buf.length), ...headers });
    res.end(buf);
  };
  const json = (res: ServerResponse, status: number, v: unknown): void => send(res, status, JSON.stringify(v), { 'content-type': 'application/json' });
  const ctx = (): VkRenderCtx => ({ origin, now: sim.now() });

  /** Transient answers: none of them is evidence of anything. */
  function fault(f: Fault, res: ServerResponse, a: VkSimAccount | undefined): void {
    switch (f.kind) {
      case 'rate_limit':
        // VK's per-second limit is an ordinary 200 page with this text (the 429 form is covered by the Telegram sim).
        return send(res, 200, renderNotice(VK_TEXT.rateLimit, { kind: 'error' }));
      case 'error':
        return send(res, f.status, `<html><head><title>${f.status}</title></head><body><center><h1>${f.status}</h1></center></body></html>`);
      case 'garbage':
        return send(res, 200, '<html><head><title>Captive portal</title></head><body><p>Please accept the terms to continue.</p></body></html>');
      case 'no_posts':
        return a ? send(res, 200, renderWall(a, ctx(), 0, { noPosts: true })) : send(res, 200, renderNotice(VK_TEXT.notFound));
      case 'truncated': {
        const b = Buffer.from(a ? renderWall(a, ctx()) : renderNotice(VK_TEXT.notFound));
        res.writeHead(200, { ...BASE_HEADERS, 'content-type': HTML, 'content-length': String(b.length) });
        res.write(b.subarray(0, Math.floor(b.length / 3)));
        setImmediate(() => res.destroy());
        return;
      }
      case 'hang':
        setTimeout(() => res.destroy(), 30_000).unref();
        return;
    }
  }

  const loggedIn = (req: IncomingMessage): boolean => {
    const v = requestCookie(req, VK_SESSION_COOKIE);
    return v !== undefined && sim.sessions.issued.has(v) && !sim.sessions.revoked.has(v);
  };

  /** Why this visitor cannot see the account, as the page VK would answer; undefined = show it. */
  function gate(req: IncomingMessage, res: ServerResponse, a: VkSimAccount | undefined, path: string, country: string): boolean {
    if (!a || a.state === 'deleted') {
      send(res, 404, renderNotice(VK_TEXT.notFound));
      return true;
    }
    if (a.geoBlocked.includes(country)) {
      send(res, 200, renderNotice(country === 'RU' ? VK_TEXT.geoRu : VK_TEXT.geoOther));
      return true;
    }
    if (a.state === 'blocked' || a.state === 'banned') {
      send(res, 200, renderNotice(a.state === 'blocked' ? VK_TEXT.communityBlocked : VK_TEXT.userBlocked));
      return true;
    }
    // VK treats a stale or revoked remixsid like no session at all: the login page.
    if (a.loginOnly && !loggedIn(req)) {
      send(res, 302, '', { location: `/login?to=${Buffer.from(path).toString('base64url')}` });
      return true;
    }
    if (a.state === 'private') {
      send(res, 200, renderNotice(a.kind === 'user' ? VK_TEXT.privateUser : VK_TEXT.privateCommunity, { account: a, ctx: ctx() }));
      return true;
    }
    return false;
  }

  function wallRoute(req: IncomingMessage, res: ServerResponse, name: string, q: URLSearchParams, country: string, path: string): void {
    const a = sim.world.get(name);
    const f = sim.faults.take(a?.name ?? name);
    if (f) return fault(f, res, a);
    if (gate(req, res, a, path, country)) return;
    const off = Number(q.get('offset') ?? '0');
    send(res, 200, renderWall(a!, ctx(), Number.isInteger(off) && off >= 0 ? off : 0));
  }

  function postRoute(req: IncomingMessage, res: ServerResponse, owner: string, num: number, country: string, path: string): void {
    const a = sim.world.byOwner(owner);
    const f = sim.faults.take(a?.name ?? owner);
    if (f) return fault(f, res, a);
    if (gate(req, res, a, path, country)) return;
    const p = a!.posts.find((x) => x.num === num);
    if (!p) return send(res, 200, renderNotice(VK_TEXT.postDeleted));
    send(res, 200, renderPostPage(a!, p, ctx()));
  }

  function searchRoute(req: IncomingMessage, res: ServerResponse, q: URLSearchParams, country: string, path: string): void {
    const raw = q.get('c[section]') ?? 'communities';
    const section: SearchSection = (SEARCH_SECTIONS as readonly string[]).includes(raw) ? (raw as SearchSection) : 'communities';
    const text = q.get('c[q]') ?? q.get('q') ?? '';
    const f = sim.faults.take(searchSubject(sim.world, section, text)?.name, 'search');
    if (f) return fault(f, res, undefined);
    if (sim.world.searchMembersOnly && !loggedIn(req)) return send(res, 302, '', { location: `/login?to=${Buffer.from(path).toString('base64url')}` });
    send(res, 200, renderSearchPage(sim.world, section, text, ctx(), country));
  }

  async function control(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (req.method === 'GET' && path === '/__sim/state') return json(res, 200, { accounts: sim.world.accounts(), truth: sim.truth });
    if (req.method === 'GET' && path === '/__sim/stats') return json(res, 200, stats);
    if (req.method !== 'POST') return json(res, 405, { error: 'use POST for /__sim control endpoints' });
    const body = (await readJsonBody(req)) as Record<string, unknown>;
    if (path === '/__sim/step') {
      sim.apply(body as never);
      return json(res, 200, { ok: true });
    }
    if (path === '/__sim/fault') return json(res, 200, sim.faults.add(FaultSpec.parse(body)));
    if (path === '/__sim/session') return json(res, 200, { cookie: VK_SESSION_COOKIE, value: sim.issueSession() });
    if (path === '/__sim/session/revoke' && typeof body.value === 'string') {
      sim.revokeSession(body.value);
      return json(res, 200, { ok: true });
    }
    return json(res, 404, { error: `unknown control endpoint ${path}` });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    stats.requests++;
    const u = new URL(req.url ?? '/', 'http://sim');
    const path = u.pathname;
    if (path.startsWith('/__sim/')) return control(req, res, path);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method Not Allowed', { 'content-type': 'text/plain' });
    const country = (String(req.headers['x-sim-vantage'] ?? 'DE').trim() || 'DE').toUpperCase();
    stats.byVantage[country] = (stats.byVantage[country] ?? 0) + 1;
    let m: RegExpExecArray | null;
    if ((m = /^\/media\/([\w.-]+\.jpg)$/.exec(path))) return send(res, 200, jpegBytes(m[1]!), { 'content-type': 'image/jpeg' });
    if (path === '/login') return send(res, 200, renderLogin());
    if (path === '/search') return searchRoute(req, res, u.searchParams, country, path.slice(1) + u.search);
    if ((m = /^\/wall(-?\d{1,12})_(\d{1,10})\/?$/.exec(path))) return postRoute(req, res, m[1]!, Number(m[2]), country, path.slice(1));
    if ((m = /^\/([A-Za-z][A-Za-z0-9_.]{1,31})\/?$/.exec(path))) return wallRoute(req, res, m[1]!.toLowerCase(), u.searchParams, country, path.slice(1));
    send(res, 404, renderNotice(VK_TEXT.notFound));
  }

  const listener = await listenSim(handle, {
    host: opts.host ?? '127.0.0.1',
    port: opts.port,
    onError: (err, req, res) => {
      opts.log?.warn({ err, url: req.url }, 'vk sim request failed');
      if (!res.headersSent) json(res, 400, { error: err instanceof Error ? err.message : String(err) });
      else res.destroy();
    },
  });
  origin = listener.url;
  opts.log?.info({ url: origin }, 'vk sim listening');
  return {
    url: origin,
    sim,
    stats,
    close: listener.close,
  };
}
