// The HTTP plumbing every simulator shares: listen on a loopback address, answer a handler that
// throws with a 400 naming the error (a test's bad control call), track sockets so close() is
// immediate, and read small JSON control bodies and cookies. Platform behaviour stays in each sim.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type SimHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface SimListener {
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface ListenOptions {
  host: string;
  port?: number;
  /** What a handler that threw answers; default: 400 with `{"error": message}` (or a reset once headers are out). */
  onError?: (err: unknown, req: IncomingMessage, res: ServerResponse) => void;
}

const answerError = (err: unknown, _req: IncomingMessage, res: ServerResponse): void => {
  if (res.headersSent) return void res.destroy();
  res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: err instanceof Error ? err.message : String(err) }));
};

export async function listenSim(handler: SimHandler, o: ListenOptions): Promise<SimListener> {
  const onError = o.onError ?? answerError;
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    try {
      Promise.resolve(handler(req, res)).catch((err: unknown) => onError(err, req, res));
    } catch (err) {
      onError(err, req, res);
    }
  });
  server.keepAliveTimeout = 5000;
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port ?? 0, o.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${o.host}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** A control request's JSON body (`{}` when empty); refuses bodies over `maxBytes`. */
export async function readJsonBody(req: IncomingMessage, maxBytes = 1_000_000): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > maxBytes) throw new Error(`sim: request body over ${maxBytes} bytes`);
    chunks.push(c as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as unknown) : {};
}

/** The value of cookie `name` in the request, if sent. */
export function requestCookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of String(req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}
