// Static pages that exercise capture limits (lazy images, infinite scroll, slow resources,
// redirects to private addresses). Served on loopback only (127.0.0.1 unless told); used by tests and bench/.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pressReleaseHtml, lazyImagesHtml, infiniteScrollHtml, videoHtml, slowHtml, tallHtml, bigAssetHtml } from './html.js';
import { pngBytes, fakeMp4Bytes } from './assets.js';
import { poisonRoutes } from './poison.js';

export interface CapturePagesServer {
  /** e.g. http://127.0.0.1:34567 */
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface CapturePagesOptions {
  /** Where /redirect-private points (default: a link-local metadata-style address). */
  privateTarget?: string;
  /** How long /slow.js takes before answering (default 60 s: longer than any test timeout). */
  slowMs?: number;
  /** Size of /big.bin (default 2 MiB). */
  bigBytes?: number;
  /** Loopback address to listen on (default 127.0.0.1; tests use 127.0.0.2 so 127.0.0.1 can stay forbidden). */
  host?: string;
}

type Handler = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

const send = (res: ServerResponse, status: number, type: string, body: Buffer | string, extra: Record<string, string> = {}): void => {
  const buf = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  res.writeHead(status, { 'content-type': type, 'content-length': String(buf.length), date: new Date().toUTCString(), ...extra });
  res.end(buf);
};

/** Routes; every page is deterministic so hashes of the HTML are stable across runs. */
function routes(opts: Required<Omit<CapturePagesOptions, 'host'>>, open: Set<ServerResponse>): Record<string, Handler> {
  const html = (body: string) => (_q: IncomingMessage, res: ServerResponse) => send(res, 200, 'text/html; charset=utf-8', body);
  return {
    ...poisonRoutes(open),
    '/press-release': html(pressReleaseHtml()),
    '/lazy-images': html(lazyImagesHtml(12)),
    '/infinite': html(infiniteScrollHtml()),
    // The same feed, but its first items arrive 800 ms after `load` (a feed still loading when scrolling starts).
    '/infinite-late': html(infiniteScrollHtml(800)),
    '/video': html(videoHtml()),
    '/slow': html(slowHtml()),
    '/tall': html(tallHtml(30000)),
    '/big-asset': html(bigAssetHtml()),
    '/redirect-private': (_q, res) => send(res, 302, 'text/plain', 'moved', { location: opts.privateTarget }),
    '/redirect-ok': (_q, res) => send(res, 301, 'text/plain', 'moved', { location: '/press-release' }),
    '/img.png': (_q, res, u) => send(res, 200, 'image/png', pngBytes(Number(u.searchParams.get('n') ?? 0)), { 'cache-control': 'no-store' }),
    '/clip.mp4': (_q, res) => send(res, 200, 'video/mp4', fakeMp4Bytes()),
    '/big.bin': (_q, res) => send(res, 200, 'application/octet-stream', Buffer.alloc(opts.bigBytes, 0x61)),
    '/more': (_q, res, u) => {
      // Infinite feed: every page links the next one, forever.
      const n = Number(u.searchParams.get('page') ?? 1);
      const delay = Math.min(5000, Math.max(0, Number(u.searchParams.get('delay') ?? 0) || 0));
      const answer = (): void => send(res, 200, 'application/json', JSON.stringify({ page: n, items: Array.from({ length: 10 }, (_, i) => `Item ${n}-${i}`) }));
      if (delay > 0) setTimeout(answer, delay);
      else answer();
    },
    '/slow.js': (_q, res) => {
      // Hangs: keeps the network busy so "network idle" is never reached.
      open.add(res);
      const t = setTimeout(() => send(res, 200, 'application/javascript', '/* late */'), opts.slowMs);
      res.on('close', () => { clearTimeout(t); open.delete(res); });
    },
  };
}

export async function startCapturePagesServer(options: CapturePagesOptions = {}): Promise<CapturePagesServer> {
  const host = options.host ?? '127.0.0.1';
  const opts: Required<Omit<CapturePagesOptions, 'host'>> = {
    privateTarget: options.privateTarget ?? 'http://169.254.169.254/latest/meta-data/',
    slowMs: options.slowMs ?? 60_000,
    bigBytes: options.bigBytes ?? 2 * 1024 * 1024,
  };
  const open = new Set<ServerResponse>();
  const table = routes(opts, open);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${host}`);
    const h = table[url.pathname];
    if (h) h(req, res, url);
    else send(res, 404, 'text/html; charset=utf-8', '<!doctype html><title>Not found</title><h1>Not found</h1>');
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const r of open) r.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
