// Where the bytes came from, on real Chromium behind Vigil's egress proxy: every WARC response
// record carries WARC-IP-Address = the address the proxy checked and connected to (the origins
// are reached by name; the test's resolver maps the names to 127.0.0.2, so the address cannot be
// read off the URL, and the proxy's own 127.0.0.1 must never appear); the HTTP version Chromium
// negotiated (h2 over TLS) and the TLS details of an HTTPS origin are on the record; media the
// browser did not load is fetched outside it and recorded as its own pair, with the fetcher named.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createHash } from 'node:crypto';
import pino from 'pino';
import { SettingsSchema } from '../../src/config/schema.js';
import { createCapturer, type Capturer, type CaptureResult } from '../../src/capture/index.js';
import { startCapturePagesServer, type CapturePagesServer } from '../../src/sim/pages/index.js';
import { fakeMp4Bytes } from '../../src/sim/pages/assets.js';
import { readWarcGz, checkDigests, payloadOf, type ParsedRecord } from '../unit/capture/warc-reader.js';
import { CERT_CN, ORIGIN_HOST, startPlainOrigin, startTlsOrigin, type PlainOrigin, type TlsOrigin } from '../helpers/originServers.js';

const log = pino({ level: 'silent' });
const blobs = new Map<string, Buffer>();
const putBlob = async (bytes: Buffer) => {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  blobs.set(sha256, bytes);
  return { sha256, size: bytes.length };
};
const art = (r: CaptureResult, name: string): Buffer => blobs.get(r.artifacts.find((x) => x.name === name)!.sha256)!;
const responses = (recs: ParsedRecord[]): ParsedRecord[] => recs.filter((x) => x.headers['warc-type'] === 'response');

// Names only this test's resolver knows; each answers the origin servers' address.
const NAMES = ['pages.test', 'secure.test', 'plain.test'];
const lookup = async (host: string) => {
  if (NAMES.includes(host)) return [{ address: ORIGIN_HOST, family: 4 }];
  throw Object.assign(new Error(`ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
};

let pages: CapturePagesServer;
let tls: TlsOrigin;
let plain: PlainOrigin;
let cap: Capturer;
beforeAll(async () => {
  [pages, tls, plain] = await Promise.all([startCapturePagesServer({ host: ORIGIN_HOST }), startTlsOrigin('secure.test'), startPlainOrigin('plain.test')]);
  cap = createCapturer({
    settings: SettingsSchema.parse({ capture: { networkIdleTimeout: '3s' }, network: { allowPrivate: [ORIGIN_HOST] } }),
    log,
    putBlob,
    lookup,
    // The test trusts its own certificate, and only it (pinned by its public key).
    extraBrowserArgs: [`--ignore-certificate-errors-spki-list=${tls.spki}`],
  });
}, 60_000);
afterAll(async () => {
  await cap?.close();
  await Promise.all([pages?.close(), tls?.close(), plain?.close()]);
});

describe('capture provenance: WARC-IP-Address, HTTP version, TLS, fetcher', () => {
  it('records the address each response came from (never the proxy) and the HTTP version, over plain HTTP', async () => {
    const r = await cap.capture(`http://pages.test:${pages.port}/redirect-ok`);
    expect(r.status).toBe('done');
    const recs = readWarcGz(art(r, 'capture.warc.gz'));
    expect(checkDigests(recs)).toEqual([]);
    const resp = responses(recs);
    expect(resp.length).toBeGreaterThanOrEqual(3); // redirect, page, image
    for (const x of resp) {
      expect(x.headers['warc-ip-address'], x.headers['warc-target-uri']).toBe(ORIGIN_HOST);
      expect(x.headers['warc-protocol'], x.headers['warc-target-uri']).toBe('http/1.1');
    }
    expect(r.metadata.httpVersion).toBe('HTTP/1.1');
    expect(r.metadata.origins).toEqual([{ origin: `http://pages.test:${pages.port}`, addresses: [ORIGIN_HOST], httpVersions: ['HTTP/1.1'], fetchers: ['browser'] }]);
    expect(r.metadata.unattributedAddresses).toBeUndefined();
    // The manifest says how bodies are stored.
    expect((r.metadata.bodies as { stored: string }).stored).toBe('decoded');
  }, 90_000);

  it('records h2, the TLS version and the certificate of an HTTPS origin', async () => {
    const r = await cap.capture(`${tls.url}/`);
    expect(r.status).toBe('done');
    const recs = readWarcGz(art(r, 'capture.warc.gz'));
    const resp = responses(recs);
    expect(resp.map((x) => x.headers['warc-target-uri']).sort()).toEqual([`${tls.url}/`, `${tls.url}/pic.png`]);
    for (const x of resp) {
      expect(x.headers['warc-ip-address']).toBe(ORIGIN_HOST);
      expect(x.headers['warc-protocol']).toBe('h2, tls/1.3');
      // HTTP/2 is stored with an HTTP/1.1 status line, as replay tools expect.
      expect(x.block.toString('latin1', 0, 9)).toBe('HTTP/1.1 ');
    }
    expect(payloadOf(resp.find((x) => x.headers['warc-target-uri'] === `${tls.url}/`)!).toString()).toContain('<h1>Over TLS</h1>');
    expect(r.metadata.httpVersion).toBe('HTTP/2.0');
    const origins = r.metadata.origins as Array<Record<string, unknown>>;
    expect(origins).toHaveLength(1);
    expect(origins[0]).toMatchObject({ origin: `https://secure.test:${tls.port}`, addresses: [ORIGIN_HOST], httpVersions: ['HTTP/2.0'] });
    expect(origins[0].tls).toEqual({
      protocol: 'TLS 1.3',
      issuer: CERT_CN,
      subjectName: CERT_CN,
      validFrom: new Date(tls.cert.validFrom).toISOString(),
      validTo: new Date(tls.cert.validTo).toISOString(),
    });
    // metadata.json (the artifact) says the same as the manifest's metadata.
    expect(JSON.parse(art(r, 'metadata.json').toString()).origins).toEqual(origins);
  }, 90_000);

  it('records media fetched outside the browser as its own pair, with the fetcher named', async () => {
    const r = await cap.capture(`${plain.url}/`);
    expect(r.status).toBe('done');
    const clip = `${plain.url}/clip.mp4`;
    const mp4 = r.artifacts.find((a) => a.sourceUrl === clip)!;
    expect(blobs.get(mp4.sha256)!.equals(fakeMp4Bytes())).toBe(true);
    const media = (r.metadata.media as Array<{ url: string; fetcher?: string }>).find((m) => m.url === clip)!;
    expect(media.fetcher).toMatch(/^vigil media fetcher \(undici\/[\d.]+\), outside the browser$/);

    const recs = readWarcGz(art(r, 'capture.warc.gz'));
    expect(checkDigests(recs)).toEqual([]);
    const about = recs.filter((x) => x.headers['warc-target-uri'] === clip);
    expect(about.map((x) => x.headers['warc-type'])).toEqual(['response', 'request', 'metadata']);
    const [resp, req, meta] = about;
    expect(resp.headers['warc-ip-address']).toBe(ORIGIN_HOST);
    expect(resp.headers['warc-protocol']).toBe('http/1.1');
    expect(payloadOf(resp).equals(fakeMp4Bytes())).toBe(true);
    expect(req.headers['warc-concurrent-to']).toBe(resp.headers['warc-record-id']);
    expect(meta.headers['warc-concurrent-to']).toBe(resp.headers['warc-record-id']);
    expect(meta.headers['content-type']).toBe('application/warc-fields');
    const fields = Object.fromEntries(meta.block.toString('utf8').trim().split('\r\n').map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]));
    expect(fields).toEqual({ fetcher: media.fetcher, via: `${plain.url}/`, 'ip-address': ORIGIN_HOST });
    // Everything the browser loaded itself carries no fetcher record, and every response an address.
    expect(recs.filter((x) => x.headers['warc-type'] === 'metadata' && x.headers['content-type'] === 'application/warc-fields')).toHaveLength(1);
    for (const x of responses(recs)) expect(x.headers['warc-ip-address'], x.headers['warc-target-uri']).toBe(ORIGIN_HOST);
    const origin = (r.metadata.origins as Array<{ fetchers: string[] }>)[0];
    expect(origin.fetchers).toEqual(['browser', media.fetcher]);
  }, 90_000);
});
