import { describe, it, expect } from 'vitest';
import { buildWarc, storedResponseHeaders } from '../../../src/capture/warc.js';
import { buildWacz, surt, warcTimestamp } from '../../../src/capture/wacz.js';
import type { HttpExchange } from '../../../src/capture/types.js';
import { readWarcGz, checkDigests, validateWacz, payloadOf } from './warc-reader.js';
import { readFileSync } from 'node:fs';

const html = readFileSync(new URL('../../fixtures/telegram/telegram-research/C01-landing-durov.html', import.meta.url));
const ex = (url: string, body: Buffer | null, extra: Partial<HttpExchange> = {}): HttpExchange => ({
  url,
  method: 'GET',
  requestHeaders: [['User-Agent', 'test'], ['Accept', '*/*']],
  status: 200,
  statusText: 'OK',
  httpVersion: 'HTTP/1.1',
  responseHeaders: [['Content-Type', 'text/html; charset=utf-8'], ['Content-Encoding', 'gzip'], ['Date', 'Sat, 24 Aug 2026 10:00:00 GMT']],
  body,
  truncated: false,
  date: '2026-08-24T10:00:00.250Z',
  resourceType: 'document',
  ...extra,
});

async function sample() {
  return buildWarc({
    filename: 'capture.warc.gz',
    info: { software: 'vigil test', format: 'WARC File Format 1.1' },
    exchanges: [
      ex('https://t.me/durov', html),
      ex('https://t.me/r', null, { status: 302, statusText: 'Found', responseHeaders: [['Location', '/durov']] }),
      ex('https://cdn.example/big.bin', Buffer.alloc(100, 1), { truncated: true, httpVersion: 'h2' }),
    ],
    resources: [{ url: 'urn:screenshot:https://t.me/durov', type: 'image/png', body: Buffer.from('png'), date: '2026-08-24T10:00:01Z' }],
    metadata: { pageUrl: 'https://t.me/durov', date: '2026-08-24T10:00:01Z', json: { a: 1 } },
  });
}

describe('WARC writer, read back by an independent parser', () => {
  it('writes warcinfo, response+request pairs, resource and metadata with valid digests', async () => {
    const { bytes } = await sample();
    const recs = readWarcGz(bytes);
    expect(recs.map((r) => r.headers['warc-type'])).toEqual(['warcinfo', 'response', 'request', 'response', 'request', 'response', 'request', 'resource', 'metadata']);
    expect(checkDigests(recs)).toEqual([]);
    expect(payloadOf(recs[1]).equals(html)).toBe(true);
    expect(recs[2].headers['warc-concurrent-to']).toBe(recs[1].headers['warc-record-id']);
    expect(recs[5].headers['warc-truncated']).toBe('length');
    expect(recs[5].headers['warc-protocol']).toBe('h2');
    // the decoded body must not claim to be gzip any more
    const httpHead = recs[1].block.subarray(0, recs[1].block.indexOf('\r\n\r\n')).toString();
    expect(httpHead).not.toMatch(/^content-encoding:/im);
    expect(httpHead).toMatch(/^x-orig-content-encoding: gzip$/im);
    expect(httpHead).toMatch(new RegExp(`^content-length: ${html.length}$`, 'im'));
  });
  it('detects a tampered payload (the check can fail)', async () => {
    const { bytes } = await sample();
    const recs = readWarcGz(bytes);
    const i = recs[1].block.indexOf('Pavel');
    recs[1].block[i] = 0x58;
    expect(checkDigests(recs)).toContain('response https://t.me/durov: block digest mismatch');
  });
  it('keeps wire headers out of the stored header set', () => {
    expect(storedResponseHeaders([['Transfer-Encoding', 'chunked'], ['X-A', '1']], 5)).toEqual([['x-orig-transfer-encoding', 'chunked'], ['X-A', '1'], ['Content-Length', '5']]);
  });
});

describe('WACZ packer', () => {
  it('validates: hashes, CDXJ offsets, pages', async () => {
    const w = await sample();
    const wacz = await buildWacz({ warc: w.bytes, index: w.index, pages: [{ url: 'https://t.me/durov', ts: '2026-08-24T10:00:00Z', title: 'Durov' }], software: 'vigil test', created: '2026-08-24T10:00:02Z' });
    const { faults, cdxj } = await validateWacz(wacz);
    expect(faults).toEqual([]);
    expect(cdxj.map((c) => c.url)).toEqual(expect.arrayContaining(['https://t.me/durov', 'https://t.me/r', 'urn:screenshot:https://t.me/durov']));
  });
  it('reports a CDXJ offset that points at the wrong record', async () => {
    const w = await sample();
    const bad = w.index.map((e, i) => (i === 0 ? { ...e, offset: w.index[1].offset, length: w.index[1].length } : e));
    const wacz = await buildWacz({ warc: w.bytes, index: bad, pages: [{ url: 'https://t.me/durov', ts: '2026-08-24T10:00:00Z' }], software: 't', created: '2026-08-24T10:00:02Z' });
    expect((await validateWacz(wacz)).faults.some((f) => f.startsWith('cdxj https://t.me/durov'))).toBe(true);
  });
  it('computes SURT keys and timestamps like wabac.js', () => {
    expect(surt('https://www.Example.com:8443/a/B?z=1&a=2')).toBe('com,example:8443)/a/b?a=2&z=1');
    expect(warcTimestamp('2026-08-24T10:00:00.250Z')).toBe('20260824100000');
  });
});
