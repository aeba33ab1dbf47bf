// Vigil's own egress proxy for Chromium (127.0.0.1, random port): every byte the browser moves
// (pages, popups, cross-site frames, workers, WebSockets, redirects, WebRTC over TCP) comes
// through here. The proxy resolves the host itself, checks each address against the guard and
// connects to THAT address, so DNS tricks and rebinding cannot reach loopback or private nets.
// Plain HTTP is forwarded (absolute-form requests); HTTPS and WebSockets arrive as CONNECT tunnels.
// A refused request gets no answer (the connection is closed), so no proxy-made page ever
// reaches the archive as if a site had sent it. With `keepLog`, the proxy keeps (bounded) what it
// refused and every upstream connection it made (host, port, checked address, times): Chromium
// only ever sees the proxy's address, so this log is where a WARC record's WARC-IP-Address comes
// from (upstream.ts). Each name is resolved and checked on every connection; among the checked
// answers, the address already used for that name is preferred, so one host keeps one address
// for a capture unless DNS stops offering it.
import { createServer, request as httpRequest, Agent, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect as netConnect, type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { isVigilError } from '../errors.js';
import { resolveAllowed, type GuardOptions } from './net-guard.js';
import { isBlockedHost, type BlockedRequest } from './request-guard.js';
import { pickAddress, type Upstream } from './upstream.js';
import { readHead, upstreamOf } from './upstream-proxy.js';

export interface EgressProxyOptions {
  guard: GuardOptions;
  blockHosts?: readonly string[];
  log: Logger;
  /** Every refused request, for the capture's metadata. */
  onRefused?: (b: BlockedRequest) => void;
  /** Upstream connect timeout (default 30 s). */
  connectTimeoutMs?: number;
  /** Keep the refusals and upstream connections (for one capture's proxy; bounded by MAX_LOG). */
  keepLog?: boolean;
  /** A vantage point's HTTP proxy: admitted requests leave through it (the guard checks each destination first). */
  upstream?: string;
}

export interface EgressProxy {
  /** http://127.0.0.1:<port> */
  url: string;
  port: number;
  /** What was refused so far (keepLog). */
  refused(): BlockedRequest[];
  /** Upstream connections so far (keepLog). */
  upstreams(): Upstream[];
  /** Log entries not kept because MAX_LOG was reached. */
  dropped(): number;
  close(): Promise<void>;
}

// One capture's log; a page that makes more connections than this is recorded without the excess.
const MAX_LOG = 20_000;

// Hop-by-hop headers (RFC 9110 §7.6.1) never cross the proxy; Host is rebuilt from the URL.
const HOP = new Set(['connection', 'proxy-connection', 'keep-alive', 'proxy-authorization', 'proxy-authenticate', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host']);

/** Pure: raw header pairs minus hop-by-hop ones (and those named in Connection). */
export function endToEndHeaders(raw: readonly string[]): string[] {
  const named = new Set<string>();
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i].toLowerCase() === 'connection') for (const t of raw[i + 1].split(',')) named.add(t.trim().toLowerCase());
  }
  const out: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const k = raw[i].toLowerCase();
    if (!HOP.has(k) && !named.has(k)) out.push(raw[i], raw[i + 1]);
  }
  return out;
}

/** Pure: the host and port of a CONNECT authority ("example.org:443", "[::1]:443"), or null. */
export function parseAuthority(authority: string): { hostname: string; port: number } | null {
  if (!/^[^/?#@\s]+:\d{1,5}$/.test(authority)) return null;
  try {
    const u = new URL(`http://${authority}`);
    const port = Number(authority.slice(authority.lastIndexOf(':') + 1));
    if (!u.hostname || port < 1 || port > 65535) return null;
    return { hostname: u.hostname, port };
  } catch {
    return null;
  }
}

export async function startEgressProxy(o: EgressProxyOptions): Promise<EgressProxy> {
  const log = o.log.child({ component: 'egress-proxy' });
  const sockets = new Set<Duplex>();
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  const connectTimeoutMs = o.connectTimeoutMs ?? 30_000;
  const upstream = o.upstream ? upstreamOf(o.upstream) : undefined;
  const refusedLog: BlockedRequest[] = [];
  const upstreamLog: Upstream[] = [];
  const lastAddress = new Map<string, string>();
  let dropped = 0;
  const keep = <T>(list: T[], x: T): void => {
    if (!o.keepLog) return;
    if (list.length < MAX_LOG) list.push(x);
    else dropped++;
  };
  /** Notes an upstream connection; returns the function that marks its end. */
  const opened = (u: Omit<Upstream, 'start'>, start = Date.now()): (() => void) => {
    const entry: Upstream = { ...u, start };
    keep(upstreamLog, entry);
    return () => void (entry.end ??= Date.now());
  };
  const track = (s: Duplex): void => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  };

  /** Checks one destination; returns the address to connect to, or null after reporting the refusal. */
  const admit = async (hostname: string, what: string): Promise<{ address: string; family: number } | null> => {
    if (o.blockHosts && isBlockedHost(hostname, o.blockHosts)) {
      refuse({ url: what, reason: 'blocked_host' });
      return null;
    }
    try {
      // Resolved and checked every time; the checked address used before is preferred.
      const addr = pickAddress(await resolveAllowed(hostname, o.guard, what), lastAddress.get(hostname));
      if (lastAddress.size >= MAX_LOG) lastAddress.clear(); // bounded, for the long-lived browser-wide proxy
      lastAddress.set(hostname, addr.address);
      return addr;
    } catch (e) {
      const reason = isVigilError(e, 'VGL_FETCH_BLOCKED_ADDRESS') ? 'private_address' : 'unresolved';
      refuse({ url: what, reason });
      return null;
    }
  };
  const refuse = (b: BlockedRequest): void => {
    // Reaching for a private address is what an attack looks like; the rest is ordinary noise.
    if (b.reason === 'private_address') log.warn({ url: b.url, reason: b.reason }, 'browser request refused');
    else log.debug({ url: b.url, reason: b.reason }, 'browser request refused');
    keep(refusedLog, b);
    o.onRefused?.(b);
  };

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    void (async () => {
      let url: URL;
      try {
        url = new URL(req.url ?? '');
      } catch {
        // Origin-form: someone talks to the proxy as if it were a web server. Nothing to forward.
        refuse({ url: String(req.url), reason: 'scheme' });
        return res.socket?.destroy();
      }
      if (url.protocol !== 'http:') {
        refuse({ url: url.href, reason: 'scheme' });
        return res.socket?.destroy();
      }
      const addr = await admit(url.hostname, url.href);
      if (!addr) return res.socket?.destroy();
      const headers = endToEndHeaders(req.rawHeaders);
      headers.push('Host', url.host);
      const port = Number(url.port || 80);
      const started = Date.now();
      // Through a vantage's proxy: the request in absolute form to it; else straight to the checked address.
      if (upstream?.auth) headers.push('Proxy-Authorization', upstream.auth);
      const up = httpRequest({
        host: upstream ? upstream.host : addr.address,
        ...(upstream ? {} : { family: addr.family }),
        port: upstream ? upstream.port : port,
        method: req.method,
        path: upstream ? url.href : `${url.pathname}${url.search}`,
        headers,
        setHost: false,
        agent,
        timeout: connectTimeoutMs,
      });
      up.on('response', (ur) => {
        // Logged once the address answered (a failed connection carries no response to attribute).
        res.once('close', opened({ kind: 'http', host: url.hostname.toLowerCase(), port, url: url.href, address: addr.address, family: addr.family }, started));
        // The archive records the headers Chromium saw: keep the origin's own Connection and
        // Keep-Alive values rather than the proxy's (server.keepAliveTimeout = 0 adds none).
        const out = endToEndHeaders(ur.rawHeaders);
        for (let i = 0; i < ur.rawHeaders.length; i += 2) {
          if (/^(connection|keep-alive)$/i.test(ur.rawHeaders[i])) out.push(ur.rawHeaders[i], ur.rawHeaders[i + 1]);
        }
        try {
          res.writeHead(ur.statusCode ?? 502, ur.statusMessage, out);
        } catch (e) {
          // A status or header Node will not repeat (e.g. status 099): the page cannot have it,
          // and a hostile server must not take the worker down.
          log.debug({ url: url.href, err: e }, 'unforwardable upstream answer');
          ur.destroy();
          return res.socket?.destroy();
        }
        ur.pipe(res);
        ur.on('error', () => res.destroy());
      });
      up.on('timeout', () => up.destroy(new Error('upstream timeout')));
      up.on('error', (e) => {
        log.debug({ url: url.href, err: e }, 'upstream failed');
        res.socket?.destroy();
      });
      req.pipe(up);
    })().catch((e: unknown) => (log.error({ err: e }, 'proxy request failed'), res.socket?.destroy()));
  };

  const onConnect = (req: IncomingMessage, client: Duplex, head: Buffer): void => {
    track(client);
    client.on('error', () => client.destroy());
    void (async () => {
      const target = parseAuthority(req.url ?? '');
      if (!target) {
        refuse({ url: String(req.url), reason: 'scheme' });
        return client.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      }
      const what = `${target.hostname}:${target.port}`;
      const addr = await admit(target.hostname, what);
      if (!addr) return client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      const up: Socket = upstream
        ? netConnect({ host: upstream.host, port: upstream.port, timeout: connectTimeoutMs })
        : netConnect({ host: addr.address, family: addr.family, port: target.port, timeout: connectTimeoutMs });
      track(up);
      up.once('timeout', () => up.destroy(new Error('upstream connect timeout')));
      const open = (): void => {
        up.once('close', opened({ kind: 'tunnel', host: target.hostname.toLowerCase(), port: target.port, address: addr.address, family: addr.family }));
        up.setTimeout(0);
        // TLS handshakes are small back-and-forth writes: no Nagle delay on either leg.
        up.setNoDelay(true);
        (client as Socket).setNoDelay?.(true);
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (head.length) up.write(head);
        up.pipe(client);
        client.pipe(up);
      };
      up.once('connect', () => {
        if (!upstream) return open();
        // The vantage's proxy opens the tunnel; only its "200" lets bytes through.
        up.write(`CONNECT ${what} HTTP/1.1\r\nHost: ${what}\r\n${upstream.auth ? `Proxy-Authorization: ${upstream.auth}\r\n` : ''}\r\n`);
        void readHead(up).then(
          (status) => (status === 200 ? open() : (client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n'), up.destroy())),
          () => (client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n'), up.destroy()),
        );
      });
      up.on('error', (e) => {
        log.debug({ target: what, err: e }, 'tunnel failed');
        if (client.writable && up.bytesRead === 0) client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
        else client.destroy();
      });
      client.on('close', () => up.destroy());
    })().catch((e: unknown) => (log.error({ err: e }, 'proxy tunnel failed'), client.destroy()));
  };

  const server = createServer({ requireHostHeader: false });
  server.keepAliveTimeout = 0; // sockets live as long as the browser (all destroyed on close)
  server.on('connection', track);
  server.on('request', onRequest);
  server.on('connect', onConnect);
  // Chromium tunnels WebSockets with CONNECT; an absolute-form Upgrade is not something to forward.
  server.on('upgrade', (req: IncomingMessage, socket: Duplex) => {
    refuse({ url: String(req.url), reason: 'scheme' });
    socket.destroy();
  });
  server.on('clientError', (_e, socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    refused: () => [...refusedLog],
    upstreams: () => upstreamLog.map((u) => ({ ...u })),
    dropped: () => dropped,
    close: async () => {
      const closed = new Promise<void>((r) => server.close(() => r()));
      for (const s of sockets) s.destroy();
      agent.destroy();
      await closed;
    },
  };
}
