// HTTP face of the simulated t.me on 127.0.0.1: /s/<name>, /<name>, /<name>/<num>?embed=1,
// /media/<file>, plus /__sim/* ground truth and control endpoints for tests and the demo.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenSim, readJsonBody } from './listen.js';
import type { Logger } from 'pino';
import type { Sim } from './sim.js';
import type { Fault } from './faults.js';
import { FaultSpec } from './faults.js';
import { BIG_MEDIA_ID, mediaBody } from './telegram/media.js';
import { renderBlocked, renderChannelPage, renderEmbed, renderGarbage, renderLanding, renderNoPosts, type RenderCtx } from './telegram/render.js';
import { renderDiscussion } from './telegram/discussion.js';
import { GEO_BLOCK_TEXT, type SimChannel } from './telegram/model.js';
import { PageCache } from './cache.js';

export interface SimRunnerLike {
  advance(ms?: number): number;
  runAll(): number;
}

export interface SimServerDeps {
  sim: Sim;
  runner?: SimRunnerLike;
  log?: Logger;
  host?: string;
  port?: number;
  /** Size of /media/big-video.mp4 (default 60 MiB, above archive.maxMediaBytes' 50 MiB default). */
  bigMediaBytes?: number;
  /** How long a "hang" fault holds the request before dropping it (default 120 s). */
  hangMs?: number;
}

export interface SimServer {
  url: string;
  port: number;
  stats: { requests: number; byStatus: Record<number, number> };
  close(): Promise<void>;
}

const HTML = 'text/html; charset=utf-8';
const BASE_HEADERS = { server: 'nginx/1.18.0', 'x-frame-options': 'ALLOW-FROM https://web.telegram.org', 'strict-transport-security': 'max-age=35768000' };

export async function startSimServer(deps: SimServerDeps): Promise<SimServer> {
  const { sim } = deps;
  const cache = new PageCache(5000);
  const timers = new Set<NodeJS.Timeout>();
  const stats = { requests: 0, byStatus: {} as Record<number, number> };
  let ctx: RenderCtx = { mediaBase: '' };

  const send = (res: ServerResponse, status: number, body: string | Buffer, headers: Record<string, string> = {}): void => {
    const buf = typeof body === 'string' ? Buffer.from(body) : body;
    stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
    res.writeHead(status, { ...BASE_HEADERS, 'content-type': HTML, 'content-length': String(buf.length), ...headers });
    res.end(buf);
  };
  const json = (res: ServerResponse, status: number, v: unknown): void =>
    send(res, status, JSON.stringify(v), { 'content-type': 'application/json' });
  const redirect = (res: ServerResponse, to: string): void => send(res, 302, '', { location: to });

  /** Cached render keyed by channel identity + version, so steady-state polling is a map lookup. */
  const page = (c: SimChannel, kind: string, render: () => string): Buffer =>
    cache.get(`${c.channelId}:${c.version}:${c.username}:${kind}`, () => Buffer.from(render()));

  function applyFault(f: Fault, res: ServerResponse, body: () => Buffer): void {
    switch (f.kind) {
      case 'rate_limit':
        return send(res, 429, 'Too Many Requests', { 'retry-after': String(f.retryAfter), 'content-type': 'text/plain' });
      case 'error':
        return send(res, f.status, `<html><head><title>${f.status}</title></head><body><center><h1>${f.status}</h1></center><hr><center>nginx</center></body></html>`);
      case 'garbage':
        return send(res, 200, renderGarbage());
      case 'hang': {
        stats.byStatus[0] = (stats.byStatus[0] ?? 0) + 1;
        const t = setTimeout(() => {
          timers.delete(t);
          res.destroy();
        }, deps.hangMs ?? 120_000);
        timers.add(t);
        return;
      }
      case 'truncated': {
        const b = body();
        stats.byStatus[200] = (stats.byStatus[200] ?? 0) + 1;
        res.writeHead(200, { ...BASE_HEADERS, 'content-type': HTML, 'content-length': String(b.length) });
        res.write(b.subarray(0, Math.floor(b.length / 3)));
        setImmediate(() => res.destroy());
        return;
      }
      case 'no_posts':
        return; // handled by the listing route
    }
  }

  /** The viewer's country: a vantage proxy names it in `x-sim-vantage` (absent = DE, as every platform sim). */
  const countryOf = (req: IncomingMessage): string => String(req.headers['x-sim-vantage'] ?? 'DE').trim().toUpperCase() || 'DE';
  // A channel blocked in the viewer's country is seen as t.me's "local laws" stub there (a negative
  // version keeps its cached render apart from the channel's own).
  const asSeenFrom = (c: SimChannel | undefined, country: string): SimChannel | undefined =>
    c && c.state === 'ok' && c.geoBlockedIn.includes(country) ? { ...c, state: 'restricted', blockReason: GEO_BLOCK_TEXT, version: -1 - c.version } : c;

  function channelRoute(res: ServerResponse, name: string, params: URLSearchParams, country: string): void {
    const c = asSeenFrom(sim.world.get(name), country);
    const f = sim.faults.take(name);
    if (!c || c.state === 'deleted' || c.state === 'private') return f && f.kind !== 'no_posts' ? applyFault(f, res, () => Buffer.alloc(0)) : redirect(res, `/${name}`);
    const beforeRaw = params.get('before');
    const before = beforeRaw && /^\d+$/.test(beforeRaw) ? Number(beforeRaw) : undefined;
    const render = (): Buffer =>
      c.state === 'restricted'
        ? page(c, 'blocked', () => renderBlocked(c, ctx))
        : page(c, `s:${before ?? ''}`, () => renderChannelPage(c, ctx, before === undefined ? {} : { before }));
    if (f?.kind === 'no_posts') return send(res, 200, page(c, 'noposts', () => renderNoPosts(c, ctx)));
    if (f) return applyFault(f, res, render);
    send(res, 200, render());
  }

  function landingRoute(res: ServerResponse, name: string, country: string): void {
    const c = asSeenFrom(sim.world.get(name), country);
    const f = sim.faults.take(name);
    const render = (): Buffer =>
      !c || c.state === 'deleted'
        ? Buffer.from(renderLanding(null, name, ctx))
        : c.state === 'restricted'
          ? page(c, 'blocked', () => renderBlocked(c, ctx))
          : page(c, 'landing', () => renderLanding(c, c.username, ctx));
    if (f && f.kind !== 'no_posts') return applyFault(f, res, render);
    send(res, 200, render());
  }

  function postRoute(res: ServerResponse, name: string, num: number, params: URLSearchParams, country: string): void {
    const c = asSeenFrom(sim.world.get(name), country);
    const f = sim.faults.take(name);
    const visible = c && c.state === 'ok' ? c : null;
    const post = visible ? (visible.posts.find((p) => p.num === num) ?? null) : null;
    // ?embed=1&discussion=1: the post's comments widget (comments_limit newest comments).
    const limit = Math.min(100, Math.max(1, Number(params.get('comments_limit') ?? '5') || 5));
    const discussion = params.get('discussion') === '1' && visible && post;
    const render = (): Buffer =>
      discussion
        ? page(visible, `d:${num}:${limit}`, () => renderDiscussion(visible, post, ctx.mediaBase, limit))
        : visible && post
          ? page(visible, `e:${num}`, () => renderEmbed(visible, post, ctx))
          : Buffer.from(renderEmbed(null, null, ctx));
    if (f && f.kind !== 'no_posts') return applyFault(f, res, render);
    send(res, 200, render());
  }

  function mediaRoute(res: ServerResponse, file: string): void {
    const big = deps.bigMediaBytes ?? 60 * 1024 * 1024;
    const m = mediaBody(file, big);
    if (!m) return send(res, 404, 'not found', { 'content-type': 'text/plain' });
    const headers = { ...BASE_HEADERS, 'content-type': m.contentType, 'cache-control': 'max-age=2592000' };
    if (m.body) return send(res, 200, m.body, headers);
    // Oversized item: stream filler so the sim never holds it in memory.
    stats.byStatus[200] = (stats.byStatus[200] ?? 0) + 1;
    res.writeHead(200, { ...headers, 'content-length': String(m.streamLength) });
    const chunk = Buffer.alloc(64 * 1024, 0x42);
    let left = m.streamLength ?? 0;
    const pump = (): void => {
      while (left > 0) {
        const n = Math.min(left, chunk.length);
        left -= n;
        if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) return void res.once('drain', pump);
      }
      res.end();
    };
    pump();
  }

  async function control(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (req.method === 'GET' && path === '/__sim/state') return json(res, 200, sim.state());
    if (req.method === 'GET' && path === '/__sim/truth') return json(res, 200, sim.truth);
    if (req.method === 'GET' && path === '/__sim/stats') return json(res, 200, stats);
    if (req.method !== 'POST') return json(res, 405, { error: 'use POST for /__sim control endpoints' });
    const body = await readJsonBody(req);
    if (path === '/__sim/step') {
      sim.apply(body as never);
      return json(res, 200, { ok: true });
    }
    if (path === '/__sim/geo') {
      const g = body as { channel?: unknown; countries?: unknown };
      if (typeof g.channel !== 'string' || !Array.isArray(g.countries)) return json(res, 400, { error: 'body: {channel, countries: [ISO codes]}' });
      sim.world.setGeoBlock(g.channel, g.countries.map(String));
      return json(res, 200, { ok: true });
    }
    if (path === '/__sim/fault') return json(res, 200, sim.faults.add(FaultSpec.parse(body)));
    if (path === '/__sim/faults/clear') {
      sim.faults.clear();
      return json(res, 200, { ok: true });
    }
    if (path === '/__sim/advance' && deps.runner) {
      const ms = typeof (body as { ms?: unknown }).ms === 'number' ? (body as { ms: number }).ms : undefined;
      const applied = (body as { all?: unknown }).all === true ? deps.runner.runAll() : deps.runner.advance(ms);
      return json(res, 200, { applied });
    }
    return json(res, 404, { error: `unknown control endpoint ${path}` });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    stats.requests++;
    const u = new URL(req.url ?? '/', 'http://sim');
    const path = u.pathname;
    if (path.startsWith('/__sim/')) return control(req, res, path);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'Method Not Allowed', { 'content-type': 'text/plain' });
    let m: RegExpExecArray | null;
    if ((m = /^\/media\/([\w.-]+)$/.exec(path))) return mediaRoute(res, m[1]!);
    if ((m = /^\/s\/([A-Za-z0-9_]{1,64})\/?$/.exec(path))) return channelRoute(res, m[1]!.toLowerCase(), u.searchParams, countryOf(req));
    if ((m = /^\/([A-Za-z0-9_]{1,64})\/(\d{1,10})\/?$/.exec(path))) return postRoute(res, m[1]!.toLowerCase(), Number(m[2]), u.searchParams, countryOf(req));
    if ((m = /^\/([A-Za-z0-9_]{1,64})\/?$/.exec(path))) return landingRoute(res, m[1]!.toLowerCase(), countryOf(req));
    send(res, 404, 'Not Found', { 'content-type': 'text/plain' });
  }

  const listener = await listenSim(handle, {
    host: deps.host ?? '127.0.0.1',
    port: deps.port,
    onError: (err, req, res) => {
      deps.log?.warn({ err, url: req.url }, 'sim request failed');
      if (!res.headersSent) json(res, 400, { error: err instanceof Error ? err.message : String(err) });
      else res.destroy();
    },
  });
  const { port, url } = listener;
  ctx = { mediaBase: url };
  deps.log?.info({ url, bigMedia: `${url}/media/${BIG_MEDIA_ID}` }, 'sim listening');

  return {
    url,
    port,
    stats,
    close: async () => {
      for (const t of timers) clearTimeout(t);
      await listener.close();
    },
  };
}
