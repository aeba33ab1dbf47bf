// Downloads directly linked media that the page itself did not fully load (lazy, range
// requests, not played), streaming with a size cap. Every hop passes the request guard, and the
// socket connects to the address the guard checked (its lookup runs at connect time).
import { Agent, fetch, type Response } from 'undici';
import type { HttpExchange } from './types.js';
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

export async function fetchMedia(url: string, o: MediaFetchOptions): Promise<MediaFetchResult> {
  const dispatcher = new Agent({ connect: { lookup: guardedLookup(o.guard) } });
  try {
    return await fetchMediaWith(dispatcher, url, o);
  } finally {
    await dispatcher.close().catch(() => undefined);
  }
}

async function fetchMediaWith(dispatcher: Agent, url: string, o: MediaFetchOptions): Promise<MediaFetchResult> {
  const signal = o.signal ? AbortSignal.any([o.signal, AbortSignal.timeout(o.timeoutMs)]) : AbortSignal.timeout(o.timeoutMs);
  let current = url;
  for (let hop = 0; hop <= MAX_HOPS; hop++) {
    const refused = await o.judge(current);
    if (refused) return { ok: false, url: current, reason: `refused: ${refused.reason}` };
    const requestHeaders: Array<[string, string]> = [['User-Agent', o.userAgent], ['Accept', '*/*']];
    if (o.referer) requestHeaders.push(['Referer', o.referer]);
    let res: Response;
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
    return {
      ok: true,
      exchange: {
        url: current,
        method: 'GET',
        requestHeaders,
        status: res.status,
        statusText: res.statusText,
        httpVersion: 'HTTP/1.1',
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
