// A vantage point for tests and the demo: a small forward proxy on a loopback address that adds
// `x-sim-vantage: <country>` to every request it forwards, so a simulator answers as it would to a
// viewer in that country. Generic (no platform knowledge). Plain-HTTP requests in absolute form are
// forwarded with the header; CONNECT tunnels are passed through untouched (the header cannot be
// added inside TLS; the simulators speak plain HTTP). Every forwarded URL is counted.
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect as netConnect, type AddressInfo, type Socket } from 'node:net';

export interface VantageProxy {
  /** `http://127.0.0.x:port`: network.vantages[].proxy. */
  url: string;
  country: string;
  /** URLs forwarded so far (absolute form), oldest first. */
  requests: string[];
  close(): Promise<void>;
}

const HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'proxy-authorization', 'te', 'trailer', 'upgrade', 'x-sim-vantage']);

export async function startVantageProxy(opts: { country: string; host?: string }): Promise<VantageProxy> {
  const country = opts.country.toUpperCase();
  const requests: string[] = [];
  const sockets = new Set<Socket>();

  const onRequest = (req: IncomingMessage, res: ServerResponse): void => {
    let url: URL;
    try {
      url = new URL(req.url ?? '');
    } catch {
      res.writeHead(400).end('absolute-form requests only (this is a forward proxy)');
      return;
    }
    requests.push(url.href);
    const headers: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(req.headers)) if (v !== undefined && !HOP.has(k)) headers[k] = v;
    headers['x-sim-vantage'] = country;
    const up = httpRequest({ host: url.hostname, port: Number(url.port || 80), method: req.method, path: `${url.pathname}${url.search}`, headers });
    up.on('response', (ur) => {
      res.writeHead(ur.statusCode ?? 502, ur.headers);
      ur.pipe(res);
    });
    up.on('error', () => (res.headersSent ? res.destroy() : res.writeHead(502).end('upstream failed')));
    req.pipe(up);
  };

  const server = createServer(onRequest);
  server.on('connection', (s) => (sockets.add(s), s.once('close', () => sockets.delete(s))));
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    const [host, port] = String(req.url).split(/:(?=\d+$)/);
    requests.push(`connect://${req.url}`);
    const up = netConnect({ host, port: Number(port) }, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) up.write(head);
      up.pipe(client);
      client.pipe(up);
    });
    up.on('error', () => client.destroy());
    client.on('error', () => up.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, opts.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${opts.host ?? '127.0.0.1'}:${port}`,
    country,
    requests,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
