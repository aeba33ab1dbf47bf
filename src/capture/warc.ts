// WARC 1.1 writer (warcio): one gzip member per record so each record can be addressed by
// offset from the CDXJ index. Digests (block + payload, sha256) are computed by warcio.
import { randomUUID } from 'node:crypto';
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

const enc = new TextEncoder();
const recordId = (): string => `<urn:uuid:${randomUUID()}>`;
// Header values must be single-line Latin-1 in a WARC; anything else is percent-encoded.
const toHeaders = (pairs: Array<[string, string]>): Array<[string, string]> =>
  pairs.map(([k, v]) => [k, /^[\t\x20-\x7e\x80-\xff]*$/.test(v) ? v : encodeURIComponent(v)]);

async function serialize(record: WARCRecord): Promise<Buffer> {
  return Buffer.from(await WARCSerializer.serialize(record, { gzip: true, digest: { algo: 'sha-256', prefix: 'sha256:', base32: false } }));
}

const httpVersionLine = (v: string): string => (/^HTTP\/1\.[01]$/i.test(v) ? v.toUpperCase() : 'HTTP/1.1');
const mimeOf = (headers: Array<[string, string]>): string =>
  (headers.find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? 'application/octet-stream').split(';')[0].trim();

/** Serialises the whole capture; returns the .warc.gz bytes and CDXJ entries with offsets. */
export async function buildWarc(input: WarcInput): Promise<WarcOutput> {
  const parts: Buffer[] = [];
  const index: CdxEntry[] = [];
  let offset = 0;
  const push = (b: Buffer): number => {
    const at = offset;
    parts.push(b);
    offset += b.length;
    return at;
  };

  const info = WARCRecord.createWARCInfo({ filename: input.filename, warcVersion: 'WARC/1.1', type: 'warcinfo' }, input.info);
  push(await serialize(info));

  for (const ex of input.exchanges) {
    const body = ex.body ?? Buffer.alloc(0);
    const respId = recordId();
    const warcHeaders: Record<string, string> = { 'WARC-Record-ID': respId };
    if (ex.truncated) warcHeaders['WARC-Truncated'] = 'length';
    // HTTP/2 and /3 responses are stored with an HTTP/1.1 status line, which replay tools expect.
    if (!/^HTTP\/1\.[01]$/i.test(ex.httpVersion)) warcHeaders['WARC-Protocol'] = ex.httpVersion.toLowerCase();
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
      [new Uint8Array(body)],
    );
    const respBytes = await serialize(resp);
    const at = push(respBytes);
    index.push({
      url: ex.url,
      date: ex.date,
      mime: mimeOf(ex.responseHeaders),
      status: ex.status,
      digest: resp.warcPayloadDigest ?? '',
      offset: at,
      length: respBytes.length,
      recordType: 'response',
    });

    const path = new URL(ex.url);
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
      [new Uint8Array(ex.requestBody ?? Buffer.alloc(0))],
    );
    push(await serialize(req));
  }

  for (const r of input.resources) {
    const rec = WARCRecord.create(
      { url: r.url, date: r.date, type: 'resource', warcVersion: 'WARC/1.1', warcHeaders: { 'WARC-Record-ID': recordId(), 'Content-Type': r.type } },
      [new Uint8Array(r.body)],
    );
    const bytes = await serialize(rec);
    const at = push(bytes);
    index.push({ url: r.url, date: r.date, mime: r.type, digest: rec.warcPayloadDigest ?? rec.warcBlockDigest ?? '', offset: at, length: bytes.length, recordType: 'resource' });
  }

  if (input.metadata) {
    const m = input.metadata;
    const rec = WARCRecord.create(
      {
        url: m.pageUrl,
        date: m.date,
        type: 'metadata',
        warcVersion: 'WARC/1.1',
        warcHeaders: { 'WARC-Record-ID': recordId(), 'Content-Type': 'application/json' },
      },
      [enc.encode(JSON.stringify(m.json))],
    );
    push(await serialize(rec));
  }
  return { bytes: Buffer.concat(parts), index };
}
