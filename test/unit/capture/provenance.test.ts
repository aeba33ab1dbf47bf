import { describe, it, expect } from 'vitest';
import { provenance } from '../../../src/capture/provenance.js';
import { warcProtocol, wasDecoded } from '../../../src/capture/warc.js';
import { tlsDetails } from '../../../src/capture/recorder.js';
import { medianPhases, phaseClock } from '../../../src/capture/phases.js';
import type { HttpExchange } from '../../../src/capture/types.js';

const ex = (url: string, extra: Partial<HttpExchange> = {}): HttpExchange => ({
  url,
  method: 'GET',
  requestHeaders: [],
  status: 200,
  statusText: 'OK',
  httpVersion: 'HTTP/1.1',
  responseHeaders: [['Content-Type', 'text/html']],
  body: Buffer.from('x'),
  truncated: false,
  date: '2026-11-30T10:00:00.000Z',
  resourceType: 'document',
  ...extra,
});

describe('WARC-Protocol values (iipc/warc-specifications #42)', () => {
  it('uses ALPN ids for HTTP and tls/<version> for TLS', () => {
    expect(warcProtocol('HTTP/1.1')).toBe('http/1.1');
    expect(warcProtocol('HTTP/2.0', 'TLS 1.3')).toBe('h2, tls/1.3');
    expect(warcProtocol('h3', 'TLS 1.3')).toBe('h3, tls/1.3');
    expect(warcProtocol('http/1.0')).toBe('http/1.0');
    expect(warcProtocol('HTTP/1.1', 'TLSv1.2')).toBe('http/1.1, tls/1.2');
    expect(warcProtocol('spdy?')).toBe('unknown');
  });
});

describe('provenance in the capture metadata', () => {
  it('summarises addresses, HTTP versions, TLS and fetchers per origin, and which bodies are decoded', () => {
    const tls1 = { protocol: 'TLS 1.3', issuer: 'R11', subjectName: 'a.example', validFrom: '2026-01-01T00:00:00.000Z', validTo: '2026-04-01T00:00:00.000Z' };
    const tls2 = { ...tls1, issuer: 'E6' };
    const p = provenance(
      [
        ex('https://a.example/', { httpVersion: 'HTTP/2.0', ipAddress: '203.0.113.1', tls: tls1, responseHeaders: [['Content-Encoding', 'br']] }),
        ex('https://a.example/app.js', { httpVersion: 'HTTP/2.0', ipAddress: '203.0.113.1', tls: tls2, responseHeaders: [['content-encoding', 'identity']] }),
        ex('https://a.example/v.mp4', { ipAddress: '203.0.113.1', tls: tls1, fetcher: 'outside' }),
        ex('http://b.example/i.png', { ipAddress: '198.51.100.2', responseHeaders: [['Content-Encoding', 'gzip']], body: Buffer.alloc(0) }),
      ],
      'https://a.example/',
      [{ url: 'https://c.example/', candidates: [] }],
    );
    expect(p.httpVersion).toBe('HTTP/2.0');
    expect(p.origins).toEqual([
      { origin: 'https://a.example:443', addresses: ['203.0.113.1'], httpVersions: ['HTTP/2.0', 'HTTP/1.1'], fetchers: ['browser', 'outside'], tls: tls1, tlsOther: [tls2] },
      { origin: 'http://b.example:80', addresses: ['198.51.100.2'], httpVersions: ['HTTP/1.1'], fetchers: ['browser'] },
    ]);
    expect(p.bodies).toEqual({ stored: 'decoded', decoded: ['https://a.example/'] });
    expect(p.unattributedAddresses).toEqual([{ url: 'https://c.example/', candidates: [] }]);
    expect(wasDecoded([['Content-Encoding', ' ']])).toBe(false);
  });

  it('turns Playwright security details into ISO validity dates', () => {
    expect(tlsDetails({ protocol: 'TLS 1.3', issuer: 'R11', subjectName: 'x', validFrom: 1767225600, validTo: 1775001600 })).toEqual({
      protocol: 'TLS 1.3',
      issuer: 'R11',
      subjectName: 'x',
      validFrom: '2026-01-01T00:00:00.000Z',
      validTo: '2026-04-01T00:00:00.000Z',
    });
    expect(tlsDetails(null)).toBeUndefined();
  });
});

describe('phase timings', () => {
  it('adds up a phase across calls (even when it throws) and takes medians over captures', async () => {
    let t = 0;
    const c = phaseClock(() => t);
    await c.time('navigation', async () => void (t += 10));
    await c.time('navigation', async () => void (t += 5));
    await expect(c.time('scroll', async () => ((t += 7), Promise.reject(new Error('x'))))).rejects.toThrow('x');
    expect(c.timings).toEqual({ navigation: 15, scroll: 7 });
    const m = medianPhases([{ navigation: 10, warc: 1 }, { navigation: 30 }, { navigation: 20, warc: 5 }]);
    expect(m.navigation).toBe(20);
    expect(m.warc).toBe(1);
    expect(m.upload).toBe(0);
  });
});

describe('TLS of media fetched outside the browser', () => {
  it('reads a TLS socket in the shape Chromium reports (protocol, issuer and subject CN, ISO validity)', async () => {
    const { socketTls } = await import('../../../src/capture/media.js');
    const sock = {
      getProtocol: () => 'TLSv1.3',
      getPeerCertificate: () => ({ issuer: { CN: 'R11', O: "Let's Encrypt" }, subject: { CN: 'a.example' }, valid_from: 'Jan  1 00:00:00 2026 GMT', valid_to: 'Apr  1 00:00:00 2026 GMT' }),
    } as unknown as Parameters<typeof socketTls>[0];
    expect(socketTls(sock)).toEqual({ protocol: 'TLS 1.3', issuer: 'R11', subjectName: 'a.example', validFrom: '2026-01-01T00:00:00.000Z', validTo: '2026-04-01T00:00:00.000Z' });
  });
});
