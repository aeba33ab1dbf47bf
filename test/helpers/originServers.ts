// Origins for the capture provenance tests, on 127.0.0.2 (the one address the guard is told to
// allow): an HTTPS server speaking HTTP/2 (ALPN h2, HTTP/1.1 allowed) with an openssl-made
// self-signed certificate the test trusts (Chromium pins its key with
// --ignore-certificate-errors-spki-list), and a plain-HTTP server whose page links a video the
// browser does not load (preload="none"), so Vigil's media fetcher fetches it outside the browser.
import { execFile } from 'node:child_process';
import { createHash, createPublicKey, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createSecureServer, type Http2SecureServer, type Http2ServerRequest, type Http2ServerResponse } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pngBytes, fakeMp4Bytes } from '../../src/sim/pages/assets.js';

const run = promisify(execFile);
export const ORIGIN_HOST = '127.0.0.2';
export const CERT_CN = 'Vigil Test Origin';

export interface TlsOrigin {
  /** https://<name>:<port> */
  url: string;
  port: number;
  cert: X509Certificate;
  /** Base64 SHA-256 of the certificate's SubjectPublicKeyInfo (what Chromium's flag takes). */
  spki: string;
  close(): Promise<void>;
}

const page = (body: string): string => `<!doctype html><html><head><meta charset="utf-8"><title>Provenance</title></head><body>${body}</body></html>`;

/** HTTPS + HTTP/2 origin named `name` (the test's lookup maps it to 127.0.0.2). */
export async function startTlsOrigin(name: string): Promise<TlsOrigin> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-tls-'));
  try {
    await run('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'key.pem', '-out', 'cert.pem', '-days', '30',
      '-subj', `/CN=${CERT_CN}`, '-addext', `subjectAltName=DNS:${name},IP:${ORIGIN_HOST}`], { cwd: dir });
    const [key, certPem] = await Promise.all([readFile(join(dir, 'key.pem')), readFile(join(dir, 'cert.pem'))]);
    const server: Http2SecureServer = createSecureServer({ key, cert: certPem, allowHTTP1: true }, (req: Http2ServerRequest, res: Http2ServerResponse) => {
      if (req.url === '/pic.png') {
        res.writeHead(200, { 'content-type': 'image/png', 'cache-control': 'no-store' });
        return res.end(pngBytes(5));
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(page('<h1>Over TLS</h1><img src="/pic.png" width="64" height="48" alt="pic">'));
    });
    const sessions = new Set<import('node:http2').ServerHttp2Session>();
    server.on('session', (s) => (sessions.add(s), s.once('close', () => sessions.delete(s))));
    await new Promise<void>((r) => server.listen(0, ORIGIN_HOST, () => r()));
    const port = (server.address() as AddressInfo).port;
    const spki = createHash('sha256').update(createPublicKey(certPem).export({ type: 'spki', format: 'der' })).digest('base64');
    return {
      url: `https://${name}:${port}`,
      port,
      cert: new X509Certificate(certPem),
      spki,
      close: () =>
        new Promise<void>((r) => {
          for (const s of sessions) s.destroy();
          server.close(() => r());
        }),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface PlainOrigin {
  url: string;
  close(): Promise<void>;
}

/** Plain HTTP origin: `/` links /clip.mp4 with preload="none" (the browser never fetches it). */
export async function startPlainOrigin(name: string): Promise<PlainOrigin> {
  const server: Server = createHttpServer((req, res) => {
    if (req.url === '/clip.mp4') {
      const b = fakeMp4Bytes();
      res.writeHead(200, { 'content-type': 'video/mp4', 'content-length': String(b.length) });
      return res.end(b);
    }
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page('<h1>Not played</h1><video preload="none" src="/clip.mp4" width="320" height="240"></video>'));
  });
  await new Promise<void>((r) => server.listen(0, ORIGIN_HOST, () => r()));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${name}:${port}`,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}
