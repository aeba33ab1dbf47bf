// WARC 1.1 writer (warcio): one gzip member per record so each record can be addressed by
// offset from the CDXJ index. Digests (block + payload, sha256) are computed here with
// node:crypto (native; warcio's own WebAssembly hashing was the largest cost of packaging a
// capture with a tall screenshot) and handed to warcio, which then writes them as they are. The
// gzip members are made with node:zlib in its thread pool, all at once (already-compressed
// payloads such as PNG, video and audio at level 1: they do not shrink, level 6 only costs time).
//
// Per response: WARC-IP-Address (where the bytes came from, see upstream.ts), WARC-Protocol
// (the HTTP version negotiated, and the TLS version for HTTPS: the iipc/warc-specifications #42
// convention, e.g. "h2, tls/1.3"). A response fetched outside the browser is followed by a
// `metadata` record (WARC-Concurrent-To the response, application/warc-fields) naming its fetcher.
import { createHash, randomUUID } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip, constants as zc } from 'node:zlib';
import { WARCRecord, WARCSerializer } from 'warcio';
import type { CdxEntry, HttpExchange, WarcResource } from './types.js';

export interface WarcInput {
  filename: string;
  /** Fields of the warcinfo record (software, format, operator, ...). */
  info: Record<string, string>;
  exchanges: HttpExchange[];
  resources: WarcResource[];
  /** JSON capture metadata, written as a `metadata` record about `pageUrl`. */
  metadata?: { pageUrl: string; date: string; json: unknown };
}

export interface WarcOutput {
  bytes: Buffer;
  index: CdxEntry[];
}

// Headers that describe the wire encoding, which no longer matches the decoded body we store.
const WIRE_HEADERS = new Set(['content-encoding', 'transfer-encoding', 'content-length']);

/** Response headers rewritten for a decoded body; originals kept under x-orig-* (as browsertrix does). */
export function storedResponseHeaders(headers: Array<[string, string]>, bodyLength: number): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const [k, v] of headers) {
    const lk = k.toLowerCase();
    if (WIRE_HEADERS.has(lk)) out.push([`x-orig-${lk}`, v]);
    else out.push([k, v]);
  }
  out.push(['Content-Length', String(bodyLength)]);
  return out;
}

/** Pure: did the wire carry this body encoded (so the stored, decoded body differs from the wire bytes)? */
export const wasDecoded = (headers: Array<[string, string]>): boolean =>
  headers.some(([k, v]) => k.toLowerCase() === 'content-encoding' && v.trim() !== '' && v.trim().toLowerCase() !== 'identity');

/**
 * Pure: the WARC-Protocol value for an exchange: the HTTP version as an ALPN id ('http/1.1',
 * 'h2', 'h3'), then the TLS version ('tls/1.3') when there was TLS.
 */
export function warcProtocol(httpVersion: string, tlsProtocol?: string): string {
  const v = httpVersion.trim().toLowerCase();
  const http = v === 'http/2.0' || v === 'http/2' ? 'h2' : v === 'http/3' || v === 'http/3.0' ? 'h3' : /^http\/1\.[01]$/.test(v) || /^h[23]/.test(v) ? v : 'unknown';
  const tls = tlsProtocol ? /^(tls|ssl)\s*v?\s*([\d.]+)$/i.exec(tlsProtocol.trim()) : null;
  return tls ? `${http}, ${tls[1].toLowerCase()}/${tls[2]}` : http;
}

const enc = new TextEncoder();
const recordId = (): string => `<urn:uuid:${randomUUID()}>`;
// Header values must be single-line Latin-1 in a WARC; anything else is percent-encoded.
const safe = (v: string): string => (/^[\t\x20-\x7e\x80-\xff]*$/.test(v) ? v : encodeURIComponent(v));
const toHeaders = (pairs: Array<[string, string]>): Array<[string, string]> => pairs.map(([k, v]) => [k, safe(v)]);

const gz = promisify(gzip);
// Payloads that are compressed already: deflating them again gains nothing.
const INCOMPRESSIBLE = /^(image\/(png|jpe?g|gif|webp|avif)|video\/|audio\/|application\/(zip|gzip|x-gzip|wacz))/i;

async function serialize(record: WARCRecord): Promise<Buffer> {
  return Buffer.from(await WARCSerializer.serialize(record, { gzip: false, digest: { algo: 'sha-256', prefix: 'sha256:', base32: false } }));
}

const sha = (...parts: Uint8Array[]): string => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return `sha256:${h.digest('hex')}`;
};

/**
 * Sets WARC-Payload-Digest and WARC-Block-Digest from `body` (warcio skips hashing when they are
 * present). The block of an HTTP record is its header block, exactly as warcio serialises it
 * (status line and headers, CRLF each, then an empty line), followed by the body.
 */
function setDigests(rec: WARCRecord, body: Uint8Array): void {
  const payload = sha(body);
  const block = rec.httpHeaders ? sha(enc.encode(`${rec.httpHeaders.toString()}\r\n`), body) : payload;
  rec.warcHeaders.headers.set('WARC-Payload-Digest', payload);
  rec.warcHeaders.headers.set('WARC-Block-Digest', block);
}

// HTTP/2 and /3 responses are stored with an HTTP/1.1 status line, which replay tools expect.
const httpVersionLine = (v: string): string => (/^HTTP\/1\.[01]$/i.test(v) ? v.toUpperCase() : 'HTTP/1.1');
const mimeOf = (headers: Array<[string, string]>): string =>
  (headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? 'application/octet-stream').split(';')[0].trim();

interface Pending {
  raw: Buffer;
  level: number;
  index?: Omit<CdxEntry, 'offset' | 'length'>;
}

/** Serialises the whole capture; returns the .warc.gz bytes and CDXJ entries with offsets. */
export async function buildWarc(input: WarcInput): Promise<WarcOutput> {
  const records: Pending[] = [];
  const add = async (rec: WARCRecord, mime: string, body: Uint8Array | null, index?: (r: WARCRecord) => Pending['index']): Promise<void> => {
    if (body) setDigests(rec, body);
    const raw = await serialize(rec);
    records.push({ raw, level: INCOMPRESSIBLE.test(mime) ? 1 : zc.Z_DEFAULT_COMPRESSION, index: index?.(rec) });
  };

  await add(WARCRecord.createWARCInfo({ filename: input.filename, warcVersion: 'WARC/1.1', type: 'warcinfo' }, input.info), 'text/plain', null);

  for (const ex of input.exchanges) {
    const body = new Uint8Array(ex.body ?? Buffer.alloc(0));
    const respId = recordId();
    const warcHeaders: Record<string, string> = { 'WARC-Record-ID': respId };
    if (ex.ipAddress) warcHeaders['WARC-IP-Address'] = ex.ipAddress;
    warcHeaders['WARC-Protocol'] = warcProtocol(ex.httpVersion, ex.tls?.protocol);
    if (ex.truncated) warcHeaders['WARC-Truncated'] = 'length';
    const mime = mimeOf(ex.responseHeaders);
    const resp = WARCRecord.create(
      {
        url: ex.url,
        date: ex.date,
        type: 'response',
        warcVersion: 'WARC/1.1',
        statusline: `${httpVersionLine(ex.httpVersion)} ${ex.status} ${ex.statusText || 'OK'}`,
        httpHeaders: toHeaders(storedResponseHeaders(ex.responseHeaders, body.length)),
        warcHeaders,
        keepHeadersCase: true,
      },
      [body],
    );
    await add(resp, mime, body, (r) => ({ url: ex.url, date: ex.date, mime, status: ex.status, digest: r.warcPayloadDigest ?? '', recordType: 'response' }));

    const path = new URL(ex.url);
    const reqBody = new Uint8Array(ex.requestBody ?? Buffer.alloc(0));
    const req = WARCRecord.create(
      {
        url: ex.url,
        date: ex.date,
        type: 'request',
        warcVersion: 'WARC/1.1',
        statusline: `${ex.method} ${path.pathname}${path.search} ${httpVersionLine(ex.httpVersion)}`,
        httpHeaders: toHeaders(ex.requestHeaders.filter(([k]) => !k.startsWith(':'))),
        warcHeaders: { 'WARC-Record-ID': recordId(), 'WARC-Concurrent-To': respId },
        keepHeadersCase: true,
      },
      [reqBody],
    );
    await add(req, 'application/http', reqBody);

    if (ex.fetcher) {
      // Not loaded by the browser: say who fetched it, next to the pair (Heritrix-style warc-fields).
      const fields: Array<[string, string]> = [['fetcher', ex.fetcher], ['via', ex.requestHeaders.find(([k]) => k.toLowerCase() === 'referer')?.[1] ?? '']];
      if (ex.ipAddress) fields.push(['ip-address', ex.ipAddress]);
      if (ex.tls?.protocol) fields.push(['tls', ex.tls.protocol]);
      const fieldBytes = enc.encode(fields.filter(([, v]) => v).map(([k, v]) => `${k}: ${safe(v)}\r\n`).join(''));
      const meta = WARCRecord.create(
        {
          url: ex.url,
          date: ex.date,
          type: 'metadata',
          warcVersion: 'WARC/1.1',
          warcHeaders: { 'WARC-Record-ID': recordId(), 'WARC-Concurrent-To': respId, 'Content-Type': 'application/warc-fields' },
        },
        [fieldBytes],
      );
      await add(meta, 'application/warc-fields', fieldBytes);
    }
  }

  for (const r of input.resources) {
    const body = new Uint8Array(r.body);
    const rec = WARCRecord.create(
      { url: r.url, date: r.date, type: 'resource', warcVersion: 'WARC/1.1', warcHeaders: { 'WARC-Record-ID': recordId(), 'Content-Type': r.type } },
      [body],
    );
    await add(rec, r.type, body, (x) => ({ url: r.url, date: r.date, mime: r.type, digest: x.warcPayloadDigest ?? x.warcBlockDigest ?? '', recordType: 'resource' }));
  }

  if (input.metadata) {
    const m = input.metadata;
    const json = enc.encode(JSON.stringify(m.json));
    const rec = WARCRecord.create(
      {
        url: m.pageUrl,
        date: m.date,
        type: 'metadata',
        warcVersion: 'WARC/1.1',
        warcHeaders: { 'WARC-Record-ID': recordId(), 'Content-Type': 'application/json' },
      },
      [json],
    );
    await add(rec, 'application/json', json);
  }

  // Every member compressed at once in zlib's thread pool; order and offsets as serialised.
  const members = await Promise.all(records.map((r) => gz(r.raw, { level: r.level })));
  const index: CdxEntry[] = [];
  let offset = 0;
  members.forEach((m, i) => {
    const e = records[i].index;
    if (e) index.push({ ...e, offset, length: m.length });
    offset += m.length;
  });
  return { bytes: Buffer.concat(members), index };
}
