// SSRF through the capturing browser, on real Chromium: a hostile page served on an allowed
// address (network.allowPrivate: ["127.0.0.2/31"]) tries every way to reach a canary on
// 127.0.0.1 (where Vigil's API and S3 live). Nothing may reach it, and its secret may appear in
// no artifact; every vector demonstrably ran (controls), and the refusals are in the metadata.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import pino from 'pino';
import { SettingsSchema } from '../../src/config/schema.js';
import { createCapturer, type Capturer, type CaptureResult } from '../../src/capture/index.js';
import { CONTROLS, startCanary, startHostileSite, type Canary, type HostileSite } from '../helpers/hostileSite.js';
import { unzip } from '../unit/capture/warc-reader.js';

const log = pino({ level: 'silent' });
const blobs = new Map<string, Buffer>();
const putBlob = async (bytes: Buffer) => {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  blobs.set(sha256, bytes);
  return { sha256, size: bytes.length };
};

/** Every artifact's bytes, with compressed ones (WARC, WACZ and the WARC inside it) opened. */
async function artifactTexts(r: CaptureResult): Promise<Array<[string, Buffer]>> {
  const out: Array<[string, Buffer]> = [];
  for (const a of r.artifacts) {
    const bytes = blobs.get(a.sha256)!;
    out.push([a.name, bytes]);
    if (a.name.endsWith('.gz')) out.push([`${a.name} (gunzip)`, gunzipSync(bytes)]);
    if (a.name.endsWith('.wacz')) {
      for (const [name, f] of await unzip(bytes)) {
        out.push([`${a.name}/${name}`, f.bytes]);
        if (name.endsWith('.gz')) out.push([`${a.name}/${name} (gunzip)`, gunzipSync(f.bytes)]);
      }
    }
  }
  return out;
}

let canary: Canary;
let site: HostileSite;
let cap: Capturer;
beforeAll(async () => {
  canary = await startCanary();
  site = await startHostileSite(canary);
  cap = createCapturer({
    // no-cors fetches never "finish" in Playwright's events, so the page never idles: keep the
    // scrolling short (the limits only cut the capture, they are not what is tested here).
    settings: SettingsSchema.parse({ network: { allowPrivate: ['127.0.0.2/31'] }, capture: { networkIdleTimeout: '3s', maxScrolls: 2 } }),
    log,
    putBlob,
  });
});
afterAll(async () => {
  await cap?.close();
  await site?.close();
  await canary?.close();
});

describe('capture: a hostile page cannot reach loopback through the browser', () => {
  it('refuses every spelling and every vector; the canary sees nothing and its secret is in no artifact', async () => {
    const r = await cap.capture(`${site.url}/`);
    // Every vector really ran: the page, a popup, the cross-site frame, the worker, a WebSocket.
    expect([...site.controls].sort()).toEqual(expect.arrayContaining([...CONTROLS].sort()));
    expect(r.artifacts.map((a) => a.name)).toEqual(expect.arrayContaining(['page.html', 'capture.warc.gz', 'capture.wacz', 'page.mhtml']));

    expect(canary.log).toEqual([]);
    for (const [name, bytes] of await artifactTexts(r)) expect(bytes.includes(canary.secret), name).toBe(false);

    // The refusals are on the record, from every kind of requester in the context.
    const refused = (r.metadata.blockedRequests as Array<{ url: string; reason: string }>).filter((b) => b.reason === 'private_address').map((b) => b.url);
    for (const path of ['page-dot', 'page-decimal', 'page-mapped', 'popup-dot', 'frame-hex', 'worker-short', 'page-redirect', 'popup-navigate']) {
      expect(refused.some((u) => u.includes(`/${path}`)), path).toBe(true);
    }
    expect(refused).toContain(`127.0.0.1:${canary.port}`); // a CONNECT tunnel (https/wss) refused
  }, 120_000);
});
