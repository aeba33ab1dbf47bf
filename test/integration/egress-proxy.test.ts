// The egress proxy on real sockets (no browser): what it forwards, what it refuses, and that it
// connects to the address it checked. Raw HTTP is written by hand so every trick can be tried.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { connect, createServer as createTcpServer } from 'node:net';
import pino from 'pino';
import { startEgressProxy, type EgressProxy } from '../../src/capture/egress-proxy.js';
import type { BlockedRequest } from '../../src/capture/request-guard.js';
import { startCanary, type Canary } from '../helpers/hostileSite.js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

const log = pino({ level: 'silent' });

/** Sends raw bytes to the proxy; resolves with everything it answered until it closed (or 3 s). */
function raw(proxy: EgressProxy, text: string, waitMs = 3000): Promise<string> {
  return new Promise((resolve) => {
    const s = connect(proxy.port, '127.0.0.1');
    let out = '';
    const done = () => (clearTimeout(t), s.destroy(), resolve(out));
    const t = setTimeout(done, waitMs);
    s.on('data', (d) => {
      out += d.toString('latin1');
      if (/\r\n\r\n/.test(out) && /^HTTP\/1\.1 (200 Connection|403|400|502)/.test(out) && !/^HTTP\/1\.1 200 OK/.test(out)) setTimeout(done, 200);
    });
    s.on('close', done);
    s.on('error', done);
    s.write(text);
  });
}

let canary: Canary;
let site: Server;
let sitePort: number;
const seen: Array<{ host?: string; url?: string; hop?: string }> = [];
beforeAll(async () => {
  canary = await startCanary();
  site = createServer((req, res) => {
    seen.push({ host: req.headers.host, url: req.url, hop: req.headers['x-hop'] as string | undefined });
    res.writeHead(200, { 'content-type': 'text/plain', 'x-origin': 'site' });
    res.end('site says hi');
  });
  await new Promise<void>((r) => site.listen(0, '127.0.0.2', () => r()));
  sitePort = (site.address() as AddressInfo).port;
});
afterAll(async () => {
  await canary?.close();
  await new Promise<void>((r) => site.close(() => r()));
});

describe('egress proxy', () => {
  it('forwards to allowed addresses, rebuilds Host from the URL, and refuses every way to loopback', async () => {
    const refused: BlockedRequest[] = [];
    let calls = 0;
    // site.test answers the allowed address on the first lookup and loopback afterwards (rebinding).
    const lookup = async (h: string) => {
      if (h === 'site.test') return [{ address: calls++ === 0 ? '127.0.0.2' : '127.0.0.1', family: 4 }];
      if (h === 'evil.test') return [{ address: '127.0.0.1', family: 4 }];
      throw new Error('ENOTFOUND');
    };
    const proxy = await startEgressProxy({ guard: { allowPrivate: ['127.0.0.2/31'], lookup }, log, onRefused: (b) => refused.push(b), blockHosts: ['blocked.example'] });
    try {
      const ok = await raw(proxy, `GET http://site.test:${sitePort}/x?y=1 HTTP/1.1\r\nHost: 127.0.0.1:${canary.port}\r\nX-Hop: kept\r\nProxy-Authorization: secret\r\nConnection: close\r\n\r\n`);
      expect(ok).toMatch(/^HTTP\/1\.1 200 OK/);
      expect(ok).toContain('site says hi');
      expect(seen.at(-1)).toEqual({ host: `site.test:${sitePort}`, url: '/x?y=1', hop: 'kept' });

      const P = canary.port;
      const attempts = [
        `GET http://site.test:${P}/rebound HTTP/1.1\r\nHost: x\r\n\r\n`, // second lookup: loopback now
        `GET http://evil.test:${P}/ HTTP/1.1\r\nHost: x\r\n\r\n`,
        `GET http://localhost.:${P}/ HTTP/1.1\r\nHost: x\r\n\r\n`,
        `GET http://2130706433:${P}/ HTTP/1.1\r\nHost: x\r\n\r\n`,
        `GET http://[::ffff:7f00:1]:${P}/ HTTP/1.1\r\nHost: x\r\n\r\n`,
        `GET http://nx.test:${P}/ HTTP/1.1\r\nHost: x\r\n\r\n`,
        `GET http://blocked.example/ HTTP/1.1\r\nHost: x\r\n\r\n`,
        `GET / HTTP/1.1\r\nHost: 127.0.0.1:${P}\r\n\r\n`, // origin-form: the proxy is no web server
        `GET https://127.0.0.1:${P}/ HTTP/1.1\r\nHost: x\r\n\r\n`,
        `CONNECT 127.0.0.1:${P} HTTP/1.1\r\nHost: 127.0.0.1:${P}\r\n\r\n`,
        `CONNECT localhost.:${P} HTTP/1.1\r\nHost: x\r\n\r\n`,
        `CONNECT 0x7f.1:${P} HTTP/1.1\r\nHost: x\r\n\r\n`,
        `CONNECT [::1]:${P} HTTP/1.1\r\nHost: x\r\n\r\n`,
        `CONNECT site.test:${P} HTTP/1.1\r\nHost: x\r\n\r\n`, // rebound again
        `CONNECT 127.0.0.1 HTTP/1.1\r\nHost: x\r\n\r\n`, // no port
        `CONNECT user@127.0.0.1:${P} HTTP/1.1\r\nHost: x\r\n\r\n`,
        `GET ws://127.0.0.1:${P}/ HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n`,
      ];
      for (const a of attempts) {
        const answer = await raw(proxy, a, 1500);
        expect(answer, a).not.toContain(canary.secret);
        expect(answer, a).not.toMatch(/^HTTP\/1\.1 200/);
      }
      expect(canary.log).toEqual([]);
      const reasons = new Set(refused.map((b) => b.reason));
      for (const r of ['private_address', 'unresolved', 'blocked_host', 'scheme']) expect(reasons, r).toContain(r);
      expect(refused.filter((b) => b.reason === 'private_address').map((b) => b.url)).toEqual(expect.arrayContaining([`http://site.test:${P}/rebound`, `127.0.0.1:${P}`, `site.test:${P}`]));

      // A tunnel to an allowed address works, bytes both ways.
      const tunnel = await raw(proxy, `CONNECT 127.0.0.2:${sitePort} HTTP/1.1\r\nHost: x\r\n\r\nGET /t HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n`);
      expect(tunnel).toMatch(/^HTTP\/1\.1 200 Connection Established\r\n\r\nHTTP\/1\.1 200 OK/);
      expect(tunnel).toContain('site says hi');
    } finally {
      await proxy.close();
    }
  }, 60_000);

  it('survives an upstream answer Node cannot repeat (status 099) and keeps serving', async () => {
    const weird = createTcpServer((sock) => sock.once('data', () => sock.end('HTTP/1.1 099 Weird\r\nContent-Length: 0\r\n\r\n')));
    await new Promise<void>((r) => weird.listen(0, '127.0.0.2', () => r()));
    const proxy = await startEgressProxy({ guard: { allowPrivate: ['127.0.0.2'] }, log });
    try {
      const bad = await raw(proxy, `GET http://127.0.0.2:${(weird.address() as AddressInfo).port}/ HTTP/1.1\r\nHost: x\r\n\r\n`, 1500);
      expect(bad).toBe('');
      const ok = await raw(proxy, `GET http://127.0.0.2:${sitePort}/after HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      expect(ok).toContain('site says hi');
    } finally {
      await proxy.close();
      weird.close();
    }
  });

  it('logs every upstream connection with the address it checked and connected to, keeping one address per name', async () => {
    let calls = 0;
    // Round-robin DNS: the same two addresses, in turn first. Only 127.0.0.2 has the site.
    const lookup = async (h: string) => {
      if (h !== 'multi.test') throw new Error('ENOTFOUND');
      const both = [{ address: '127.0.0.2', family: 4 }, { address: '127.0.0.3', family: 4 }];
      return calls++ % 2 === 0 ? both : both.reverse();
    };
    const proxy = await startEgressProxy({ guard: { allowPrivate: ['127.0.0.2/31'], lookup }, log, keepLog: true });
    const quiet = await startEgressProxy({ guard: { allowPrivate: ['127.0.0.2/31'], lookup }, log });
    try {
      for (const path of ['/a', '/b', '/c']) {
        const ok = await raw(proxy, `GET http://multi.test:${sitePort}${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, 1500);
        expect(ok, path).toContain('site says hi');
      }
      const tunnel = await raw(proxy, `CONNECT multi.test:${sitePort} HTTP/1.1\r\nHost: x\r\n\r\nGET /t HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n`, 1500);
      expect(tunnel).toContain('site says hi');
      await raw(proxy, `GET http://nx.test/ HTTP/1.1\r\nHost: x\r\n\r\n`, 1000);
      expect(calls).toBe(4); // resolved and checked on every connection

      const ups = proxy.upstreams();
      expect(ups.map((u) => [u.kind, u.host, u.port, u.url, u.address])).toEqual([
        ['http', 'multi.test', sitePort, `http://multi.test:${sitePort}/a`, '127.0.0.2'],
        ['http', 'multi.test', sitePort, `http://multi.test:${sitePort}/b`, '127.0.0.2'],
        ['http', 'multi.test', sitePort, `http://multi.test:${sitePort}/c`, '127.0.0.2'],
        ['tunnel', 'multi.test', sitePort, undefined, '127.0.0.2'],
      ]);
      for (const u of ups) {
        expect(u.start).toBeGreaterThan(0);
        expect(u.end ?? Infinity).toBeGreaterThanOrEqual(u.start);
      }
      expect(proxy.refused()).toEqual([{ url: 'http://nx.test/', reason: 'unresolved' }]);
      // A proxy without keepLog (the browser-wide one) keeps nothing.
      await raw(quiet, `GET http://multi.test:${sitePort}/q HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`, 1500);
      expect(quiet.upstreams()).toEqual([]);
    } finally {
      await proxy.close();
      await quiet.close();
    }
  });
});
