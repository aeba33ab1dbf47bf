// A vantage point's HTTP proxy as the egress proxy's upstream (network.vantages[].proxy): the
// browser's admitted requests leave through it (absolute form for http, CONNECT for tunnels).
import type { Socket } from 'node:net';

export interface UpstreamProxy {
  host: string;
  port: number;
  /** `Basic …` from the URL's credentials (never logged). */
  auth?: string;
}

/** host, port and Basic credentials of an http:// proxy URL. */
export function upstreamOf(proxy: string): UpstreamProxy {
  const u = new URL(proxy);
  if (u.protocol !== 'http:') throw new Error(`browser pages can go through an http:// vantage proxy only (got ${u.protocol})`);
  const auth = u.username ? `Basic ${Buffer.from(`${decodeURIComponent(u.username)}:${decodeURIComponent(u.password)}`).toString('base64')}` : undefined;
  return { host: u.hostname.replace(/^\[|\]$/g, ''), port: Number(u.port || 80), ...(auth ? { auth } : {}) };
}

/** Reads an HTTP response head from a fresh socket; resolves its status (a CONNECT answer has no body). */
export function readHead(s: Socket): Promise<number> {
  return new Promise((resolve, reject) => {
    let buf = Buffer.alloc(0);
    const onData = (c: Buffer): void => {
      buf = Buffer.concat([buf, c]);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) {
        if (buf.length > 16_384) (s.off('data', onData), reject(new Error('proxy answer head too long')));
        return;
      }
      s.off('data', onData);
      s.pause();
      if (end + 4 < buf.length) s.unshift(buf.subarray(end + 4));
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(buf.toString('latin1', 0, end));
      resolve(m ? Number(m[1]) : 0);
    };
    s.on('data', onData);
    s.once('error', reject);
  });
}
