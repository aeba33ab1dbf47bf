// The simulated press office on 127.0.0.1 (node:http): /press/ listing, /press/<slug> pages,
// /press/rss.xml, /press/feed.json, /press/img/<slug>.png and a YouTube-style
// /feeds/videos.xml?channel_id=… — with in-process control and ground truth for tests.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { listenSim } from '../listen.js';
import { PressModel, type PressFault, type PressItem, type PressTruth, type PressVideo, type PublishInput } from './model.js';
import { renderJsonFeed, renderRss, renderYouTubeAtom, SIM_CHANNEL_ID } from './feeds.js';
import { PIXEL_PNG, renderItem, renderListing, renderNotFound } from './render.js';
import { seedPress } from './seed.js';

export interface PressControl {
  publish(p: PublishInput): PressItem;
  edit(slug: string, change: { text?: string; title?: string; at?: string }): PressItem;
  remove(slug: string, opts?: { status?: 404 | 410; at?: string }): PressItem;
  /** The next `count` requests (to paths starting with `path`, if given) answer 429 or 503. */
  fault(f: { status: 429 | 503; count?: number; path?: string; retryAfter?: number }): void;
  clearFaults(): void;
  publishVideo(v: { id: string; title: string; description?: string; views?: number; at?: string }): PressVideo;
  removeVideo(id: string, at?: string): void;
  /** Ground truth: every edit and removal, in order. */
  truth(): PressTruth[];
  item(slug: string): PressItem | undefined;
  items(): PressItem[];
}

export interface PressSite {
  url: string;
  port: number;
  /** `${url}/feeds/videos.xml?channel_id=…` */
  youtubeFeedUrl: string;
  control: PressControl;
  model: PressModel;
  close(): Promise<void>;
}

export interface PressSiteOpts {
  port?: number;
  host?: string;
  /** Start with the default statements and videos (default true). */
  seed?: boolean;
  now?: () => Date;
}

const HTML = 'text/html; charset=utf-8';

export async function startPressSite(opts: PressSiteOpts = {}): Promise<PressSite> {
  const model = new PressModel(opts.now);
  if (opts.seed !== false) seedPress(model);
  const host = opts.host ?? '127.0.0.1';
  let origin = '';

  const send = (res: ServerResponse, status: number, body: string | Buffer, type = HTML, extra: Record<string, string> = {}): void => {
    const buf = typeof body === 'string' ? Buffer.from(body) : body;
    res.writeHead(status, { server: 'nginx', 'content-type': type, 'content-length': String(buf.length), ...extra });
    res.end(buf);
  };

  const faultReply = (res: ServerResponse, f: PressFault): void =>
    f.status === 429
      ? send(res, 429, 'Too Many Requests', 'text/plain', { 'retry-after': String(f.retryAfter ?? 1) })
      : send(res, 503, '<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>');

  function route(req: IncomingMessage, res: ServerResponse): void {
    const u = new URL(req.url ?? '/', origin);
    const path = u.pathname;
    const f = model.takeFault(path);
    if (f) return faultReply(res, f);
    if (path === '/press' ) return send(res, 301, '', HTML, { location: '/press/' });
    if (path === '/press/') return send(res, 200, renderListing(model.liveItems()));
    if (path === '/press/rss.xml') return send(res, 200, renderRss(model.liveItems(), origin), 'application/rss+xml; charset=utf-8');
    if (path === '/press/feed.json') return send(res, 200, renderJsonFeed(model.liveItems(), origin), 'application/feed+json; charset=utf-8');
    if (path === '/feeds/videos.xml') {
      if (u.searchParams.get('channel_id') !== SIM_CHANNEL_ID) return send(res, 404, renderNotFound(404));
      return send(res, 200, renderYouTubeAtom(model.liveVideos(), origin), 'application/atom+xml; charset=utf-8');
    }
    const img = /^\/press\/img\/([^/]+)\.png$/.exec(path);
    if (img) {
      const i = model.items.get(decodeURIComponent(img[1]));
      return i && !i.removed ? send(res, 200, PIXEL_PNG, 'image/png') : send(res, 404, renderNotFound(404));
    }
    const m = /^\/press\/([^/]+)$/.exec(path);
    if (m) {
      const i = model.items.get(decodeURIComponent(m[1]));
      if (!i) return send(res, 404, renderNotFound(404));
      if (i.removed) return send(res, i.removed.status, renderNotFound(i.removed.status));
      return send(res, 200, renderItem(i));
    }
    return send(res, 404, renderNotFound(404));
  }

  const listener = await listenSim(route, {
    host,
    port: opts.port,
    onError: (e, _req, res) => send(res, 500, `<html><body><h1>500</h1><pre>${String((e as Error).message).replace(/</g, '&lt;')}</pre></body></html>`),
  });
  const port = listener.port;
  origin = listener.url;

  const control: PressControl = {
    publish: (p) => model.publish(p),
    edit: (slug, c) => model.edit(slug, c),
    remove: (slug, o) => model.remove(slug, o),
    fault: (f) => model.addFault(f),
    clearFaults: () => {
      model.faults = [];
    },
    publishVideo: (v) => model.publishVideo(v),
    removeVideo: (id, at) => model.removeVideo(id, at),
    truth: () => model.truth.map((t) => ({ ...t })),
    item: (slug) => model.items.get(slug),
    items: () => [...model.items.values()],
  };

  return {
    url: origin,
    port,
    youtubeFeedUrl: `${origin}/feeds/videos.xml?channel_id=${SIM_CHANNEL_ID}`,
    control,
    model,
    close: listener.close,
  };
}
