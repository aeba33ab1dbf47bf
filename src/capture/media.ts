// Downloads directly linked media that the page itself did not fully load (lazy, range
// requests, not played), streaming with a size cap. Every hop passes the request guard, and the
// socket connects to the address the guard checked (its lookup runs at connect time). Each
// exchange records the address its socket really connected to, the TLS it negotiated, and who
// fetched it (MEDIA_FETCHER): it is not something the browser loaded.
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { Agent, buildConnector, fetch, type Response } from 'undici';
import type { HttpExchange, TlsDetails } from './types.js';
import type { BlockedRequest } from './request-guard.js';
import { guardedLookup, type GuardOptions } from './net-guard.js';
import { isVigilError } from '../errors.js';

export interface MediaFetchOptions {
  maxBytes: number;
  timeoutMs: number;
  userAgent: string;
  referer?: string;
  judge: (url: string) => Promise<BlockedRequest | null>;
  /** Checked again for every address a connection is made to (DNS rebinding). */
  guard: GuardOptions;
  signal?: AbortSignal;
}

export type MediaFetchResult = { ok: true; exchange: HttpExchange } | { ok: false; url: string; reason: string };

const MAX_HOPS = 5;

const undiciVersion = ((): string => {
  try {
    return (createRequire(import.meta.url)('undici/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
})();

/** Named in the WARC (a metadata record next to each media response) and in the manifest. */
export const MEDIA_FETCHER = `vigil media fetcher (undici/${undiciVersion}), outside the browser`;

const cn = (x: unknown): string | undefined => {
  const v = (x as Record<string, string | string[]> | undefined)?.CN;
  return Array.isArray(v) ? v[0] : v;
};
const isoDate = (s: string | undefined): string | undefined => {
  const d = s ? new Date(s) : null;
  return d && !Number.isNaN(d.getTime()) ? d.toISOString() : undefined;
};

/** Pure-ish: a TLS socket's details in the shape Chromium reports them ('TLS 1.3', issuer CN...). */
export function socketTls(sock: Pick<TLSSocket, 'getProtocol' | 'getPeerCertificate'>): TlsDetails {
  const cert = sock.getPeerCertificate();
  return {
    protocol: sock.getProtocol()?.replace(/^TLSv/, 'TLS ') ?? undefined,
    issuer: cn(cert?.issuer),
    subjectName: cn(cert?.subject),
    validFrom: isoDate(cert?.valid_from),
    validTo: isoDate(cert?.valid_to),
  };
}

const originOf = (hostname: string, protocol: string, port: string): string => `${hostname.toLowerCase()}:${port || (protocol === 'https:' ? '443' : '80')}`;

/** Reads at most `max` bytes of a body stream; cancels the rest. */
async function readCapped(body: ReadableStream<Uint8Array> | null, max: number): Promise<{ bytes: Buffer; truncated: boolean }> {
  if (!body) return { bytes: Buffer.alloc(0), truncated: false };
  const reader = body.getReader();
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { bytes: Buffer.concat(chunks), truncated: false };
    if (size + value.length > max) {
      chunks.push(Buffer.from(value.subarray(0, max - size)));
      await reader.cancel().catch(() => undefined);
      return { bytes: Buffer.concat(chunks), truncated: true };
    }
    chunks.push(Buffer.from(value));
    size += value.length;
  }
}

type Conn = { address?: string; tls?: TlsDetails };

export async function fetchMedia(url: string, o: MediaFetchOptions): Promise<MediaFetchResult> {
  // What each socket connected to, by origin (one agent per fetch, hops are sequential).
  const conns = new Map<string, Conn>();
  const connector = buildConnector({ lookup: guardedLookup(o.guard) });
  const dispatcher = new Agent({
    connect: (opts, cb) =>
      connector(opts, (err, sock) => {
        if (err || !sock) return cb(err ?? new Error('no socket'), null);
        const tls = opts.protocol === 'https:' ? socketTls(sock as TLSSocket) : undefined;
        conns.set(originOf(opts.hostname, opts.protocol, opts.port), { address: (sock as Socket).remoteAddress, tls });
        cb(null, sock);
      }),
  });
  try {
    return await fetchMediaWith(dispatcher, url, o, conns);
  } finally {
    await dispatcher.close().catch(() => undefined);
  }
}

async function fetchMediaWith(dispatcher: Agent, url: string, o: MediaFetchOptions, conns: Map<string, Conn>): Promise<MediaFetchResult> {
  const signal = o.signal ? AbortSignal.any([o.signal, AbortSignal.timeout(o.timeoutMs)]) : AbortSignal.timeout(o.timeoutMs);
  let current = url;
  for (let hop = 0; hop <= MAX_HOPS; hop++) {
    const refused = await o.judge(current);
    if (refused) return { ok: false, url: current, reason: `refused: ${refused.reason}` };
    const requestHeaders: Array<[string, string]> = [['User-Agent', o.userAgent], ['Accept', '*/*']];
    if (o.referer) requestHeaders.push(['Referer', o.referer]);
    let res: Response;
    const startMs = Date.now();
    try {
      res = await fetch(current, { headers: requestHeaders, redirect: 'manual', signal, dispatcher });
    } catch (e) {
      // The connect-time lookup refused the address (the name now resolves somewhere private).
      if (isVigilError((e as Error).cause, 'VGL_FETCH_BLOCKED_ADDRESS')) return { ok: false, url: current, reason: 'refused: private_address' };
      return { ok: false, url: current, reason: `fetch failed: ${(e as Error).message}` };
    }
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      await res.body?.cancel().catch(() => undefined);
      current = new URL(location, current).href;
      continue;
    }
    const declared = Number(res.headers.get('content-length') ?? NaN);
    let body: { bytes: Buffer; truncated: boolean };
    if (Number.isFinite(declared) && declared > o.maxBytes) {
      await res.body?.cancel().catch(() => undefined);
      body = { bytes: Buffer.alloc(0), truncated: true };
    } else {
      try {
        body = await readCapped(res.body as ReadableStream<Uint8Array> | null, o.maxBytes);
      } catch (e) {
        return { ok: false, url: current, reason: `read failed: ${(e as Error).message}` };
      }
    }
    const u = new URL(current);
    const conn = conns.get(originOf(u.hostname, u.protocol, u.port));
    return {
      ok: true,
      exchange: {
        url: current,
        method: 'GET',
        requestHeaders,
        status: res.status,
        statusText: res.statusText,
        httpVersion: 'HTTP/1.1', // undici speaks HTTP/1.1 unless told allowH2
        ...(conn?.address ? { ipAddress: conn.address } : {}),
        ...(conn?.tls ? { tls: conn.tls } : {}),
        fetcher: MEDIA_FETCHER,
        startMs,
        endMs: Date.now(),
        // fetch() decodes content-encoding too; warc.ts rewrites the wire headers accordingly.
        responseHeaders: [...res.headers.entries()],
        body: body.bytes,
        truncated: body.truncated,
        date: new Date().toISOString(),
        resourceType: 'media',
      },
    };
  }
  return { ok: false, url: current, reason: 'too many redirects' };
}

const EXT: Record<string, string> = {
  'image/jpeg': 'jpg', 'image/png': 'png', 'image/gif': 'gif', 'image/webp': 'webp', 'image/avif': 'avif', 'image/svg+xml': 'svg',
  'video/mp4': 'mp4', 'video/webm': 'webm', 'video/quicktime': 'mov', 'audio/mpeg': 'mp3', 'audio/ogg': 'ogg', 'audio/mp4': 'm4a', 'audio/wav': 'wav',
};

/** Pure: file name for the n-th media artifact, from its MIME type or URL path. */
export function mediaName(n: number, url: string, mime: string): string {
  const byMime = EXT[mime.split(';')[0].trim().toLowerCase()];
  const byPath = /\.([a-z0-9]{2,5})$/i.exec(new URL(url).pathname)?.[1]?.toLowerCase();
  return `media/${n}.${byMime ?? byPath ?? 'bin'}`;
}
