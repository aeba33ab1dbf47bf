// A hostile web page for SSRF tests, and the canary it tries to reach.
//  - canary: 127.0.0.1 (where Vigil's API and S3 live; NOT allowed), TCP and UDP on one port; it
//    logs every connection, request, WebSocket and datagram, and answers with a secret string.
//  - site: 127.0.0.2 (allowed) with a twin on 127.0.0.3 (allowed, another site: a cross-site,
//    out-of-process frame). Its page tries every way out of the guard it can think of: trailing
//    dots, *.localhost, decimal/octal/hex/short IPv4, IPv6 forms, redirects, popups, the frame,
//    a dedicated worker, a service worker, WebSockets, EventSource, beacons, forms, prefetch and
//    WebRTC (TURN over TCP, STUN over UDP). Each vector also calls a control URL on the site, so
//    the test knows it really ran; /gate holds the page's `load` until every control arrived.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import type { AddressInfo, Socket } from 'node:net';
import { randomBytes } from 'node:crypto';

export const CONTROLS = ['page', 'popup', 'frame', 'worker', 'ws'] as const;

export interface Canary {
  port: number;
  secret: string;
  /** Everything that reached the canary (must stay empty). */
  log: string[];
  close(): Promise<void>;
}

export interface HostileSite {
  url: string;
  port: number;
  /** Controls seen (which vectors ran). */
  controls: Set<string>;
  close(): Promise<void>;
}

const listen = (srv: Server, host: string, port = 0): Promise<number> =>
  new Promise((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(port, host, () => resolve((srv.address() as AddressInfo).port));
  });

export async function startCanary(): Promise<Canary> {
  const secret = `CANARY-SECRET-${randomBytes(8).toString('hex')}`;
  const log: string[] = [];
  const sockets = new Set<Socket>();
  const srv = createServer((req, res) => {
    log.push(`http ${req.method} ${req.headers.host ?? ''}${req.url ?? ''}`);
    res.writeHead(200, { 'content-type': 'text/html', 'access-control-allow-origin': '*' });
    res.end(`<p>${secret}</p>`);
  });
  srv.on('connection', (s: Socket) => {
    log.push(`tcp from ${s.remoteAddress}`);
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  srv.on('upgrade', (req: IncomingMessage, s: Socket) => {
    log.push(`upgrade ${req.url ?? ''}`);
    s.end(secret);
  });
  const port = await listen(srv, '127.0.0.1');
  const udp: UdpSocket = createSocket('udp4');
  udp.on('message', (_m, r) => log.push(`udp from ${r.address}:${r.port}`));
  await new Promise<void>((resolve) => udp.bind(port, '127.0.0.1', () => resolve()));
  return {
    port,
    secret,
    log,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => srv.close(() => r()));
      await new Promise<void>((r) => udp.close(() => r()));
    },
  };
}

/** Every spelling of "the canary" the page tries, for a given path. */
export function canaryUrls(port: number, path: string): string[] {
  return [
    `http://localhost.:${port}/${path}-dot`,
    `http://LOCALHOST.:${port}/${path}-dot-upper`,
    `http://vigil.localhost.:${port}/${path}-sub-dot`,
    `http://localhost:${port}/${path}-localhost`,
    `http://127.0.0.1:${port}/${path}-literal`,
    `http://127.0.0.1.:${port}/${path}-literal-dot`,
    `http://2130706433:${port}/${path}-decimal`,
    `http://0x7f.1:${port}/${path}-hex`,
    `http://0x7f000001:${port}/${path}-hex32`,
    `http://017700000001:${port}/${path}-octal`,
    `http://127.1:${port}/${path}-short`,
    `http://0:${port}/${path}-zero`,
    `http://[::ffff:127.0.0.1]:${port}/${path}-mapped`,
    `http://[::ffff:7f00:1]:${port}/${path}-mapped-hex`,
    `http://[::127.0.0.1]:${port}/${path}-compat`,
    `http://[::1]:${port}/${path}-v6-loopback`,
    `https://127.0.0.1:${port}/${path}-tls`,
    `https://localhost.:${port}/${path}-tls-dot`,
  ];
}

const attackScript = (canaryPort: number, tag: string, controlUrl: string): string => `
(function () {
  var urls = ${JSON.stringify(canaryUrls(canaryPort, tag))};
  urls.forEach(function (u) {
    try { fetch(u, { mode: 'no-cors' }).catch(function () {}); } catch (e) {}
    try { if (typeof Image !== 'undefined') new Image().src = u + '-img'; } catch (e) {}
    try { if (typeof XMLHttpRequest !== 'undefined') { var x = new XMLHttpRequest(); x.open('GET', u + '-xhr'); x.send(); } } catch (e) {}
  });
  try { fetch('/redirect?to=' + encodeURIComponent('http://127.0.0.1:${canaryPort}/${tag}-redirect'), { mode: 'no-cors' }).catch(function () {}); } catch (e) {}
  try { fetch('/redirect?to=' + encodeURIComponent('http://localhost.:${canaryPort}/${tag}-redirect-dot'), { mode: 'no-cors' }).catch(function () {}); } catch (e) {}
  fetch(${JSON.stringify(controlUrl)}).catch(function () {});
})();`;

function pageHtml(site: string, twin: string, canaryPort: number): string {
  const P = canaryPort;
  return `<!doctype html><html><head><title>Hostile page</title>
<link rel="prefetch" href="http://localhost.:${P}/prefetch">
<link rel="preconnect" href="http://127.0.0.1:${P}">
<link rel="dns-prefetch" href="http://vigil.localhost.:${P}">
<link rel="stylesheet" href="http://2130706433:${P}/style.css">
</head><body>
<h1>Nothing to see here</h1>
<iframe src="/redirect?to=${encodeURIComponent(`http://127.0.0.1:${P}/frame-redirect`)}"></iframe>
<iframe src="http://[::ffff:7f00:1]:${P}/frame-mapped"></iframe>
<iframe src="${twin}/frame"></iframe>
<iframe name="sink" src="about:blank"></iframe>
<form id="f" method="post" action="http://0x7f.1:${P}/form" target="sink"><input name="a" value="b"></form>
<script>
${attackScript(P, 'page', `${site}/control/page`)}
try { document.getElementById('f').submit(); } catch (e) {}
try { navigator.sendBeacon('http://127.1:${P}/beacon', 'x'); } catch (e) {}
try { new EventSource('http://localhost.:${P}/events'); } catch (e) {}
['ws://127.0.0.1:${P}/ws', 'ws://localhost.:${P}/ws-dot', 'ws://[::ffff:127.0.0.1]:${P}/ws-mapped', 'wss://127.0.0.1:${P}/wss'].forEach(function (u) {
  try { new WebSocket(u); } catch (e) {}
});
try { var c = new WebSocket('${site.replace('http:', 'ws:')}/ws-control'); c.onopen = function () { c.send('hi'); }; } catch (e) {}
try { new Worker('/worker.js'); } catch (e) {}
try { navigator.serviceWorker && navigator.serviceWorker.register('/sw.js').catch(function () {}); } catch (e) {}
try { window.open('http://localhost.:${P}/popup-dot'); } catch (e) {}
try { window.open('/redirect?to=' + encodeURIComponent('http://127.0.0.1:${P}/popup-redirect')); } catch (e) {}
try { window.open('/popup'); } catch (e) {}
try {
  var pc = new RTCPeerConnection({ iceServers: [
    { urls: 'turn:127.0.0.1:${P}?transport=tcp', username: 'u', credential: 'p' },
    { urls: 'turn:127.0.0.1:${P}?transport=udp', username: 'u', credential: 'p' },
    { urls: 'stun:127.0.0.1:${P}' } ] });
  pc.createDataChannel('x');
  pc.createOffer().then(function (o) { return pc.setLocalDescription(o); }).catch(function () {});
} catch (e) {}
</script>
<img src="/gate" alt="">
</body></html>`;
}

export async function startHostileSite(canary: Canary): Promise<HostileSite> {
  const controls = new Set<string>();
  const waiting = new Set<() => void>();
  const sockets = new Set<Socket>();
  let origin = '';
  let twin = '';
  const P = canary.port;
  const all = (): boolean => CONTROLS.every((c) => controls.has(c));
  const control = (name: string): void => {
    controls.add(name);
    if (all()) for (const w of waiting) w();
  };
  const send = (res: ServerResponse, type: string, body: string, status = 200, extra: Record<string, string> = {}): void => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...extra });
    res.end(body);
  };
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const u = new URL(req.url ?? '/', 'http://x');
    const path = u.pathname;
    if (path === '/') return send(res, 'text/html; charset=utf-8', pageHtml(origin, twin, P));
    if (path.startsWith('/control/')) {
      control(path.slice('/control/'.length));
      return send(res, 'text/plain', 'ok', 200, { 'access-control-allow-origin': '*' });
    }
    if (path === '/redirect') return send(res, 'text/plain', 'moved', 302, { location: u.searchParams.get('to') ?? '/' });
    if (path === '/frame') {
      return send(res, 'text/html; charset=utf-8', `<!doctype html><meta http-equiv="refresh" content="1;url=http://127.0.0.1:${P}/frame-refresh"><p>frame</p><script>${attackScript(P, 'frame', `${origin}/control/frame`)}
try { new WebSocket('ws://127.0.0.1:${P}/frame-ws'); } catch (e) {}
try { new Worker('/worker.js'); } catch (e) {}</script>`);
    }
    if (path === '/popup') {
      return send(res, 'text/html; charset=utf-8', `<!doctype html><p>popup</p><script>${attackScript(P, 'popup', `${origin}/control/popup`)}
setTimeout(function () { location.href = 'http://2130706433:${P}/popup-navigate'; }, 50);</script>`);
    }
    if (path === '/worker.js') {
      return send(res, 'application/javascript', `${attackScript(P, 'worker', `${origin}/control/worker`)}
try { new WebSocket('ws://localhost.:${P}/worker-ws'); } catch (e) {}`);
    }
    if (path === '/sw.js') return send(res, 'application/javascript', attackScript(P, 'sw', `${origin}/control/sw`));
    if (path === '/gate') {
      // Holds the page's load event until every vector has phoned home (bounded).
      const done = (): void => {
        waiting.delete(done);
        clearTimeout(t);
        send(res, 'image/gif', '');
      };
      const t = setTimeout(done, 20_000);
      if (all()) return done();
      waiting.add(done);
      return;
    }
    send(res, 'text/plain', 'not found', 404);
  };
  const start = async (host: string, port = 0): Promise<{ srv: Server; port: number }> => {
    const srv = createServer(handler);
    srv.on('connection', (s: Socket) => (sockets.add(s), s.on('close', () => sockets.delete(s))));
    srv.on('upgrade', (req: IncomingMessage, s: Socket) => {
      if ((req.url ?? '').startsWith('/ws-control')) control('ws');
      s.destroy();
    });
    return { srv, port: await listen(srv, host, port) };
  };
  const a = await start('127.0.0.2');
  const b = await start('127.0.0.3', a.port);
  origin = `http://127.0.0.2:${a.port}`;
  twin = `http://127.0.0.3:${b.port}`;
  return {
    url: origin,
    port: a.port,
    controls,
    close: async () => {
      for (const w of waiting) w();
      for (const s of sockets) s.destroy();
      await Promise.all([a.srv, b.srv].map((s) => new Promise<void>((r) => s.close(() => r()))));
    },
  };
}
