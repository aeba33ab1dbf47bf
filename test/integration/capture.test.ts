// Real Chromium against the capture sim pages on 127.0.0.2 (the one address allowed). One capturer per settings
// variant; every artifact's hash is checked and the WARC is read by an independent parser.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import pino from 'pino';
import { SettingsSchema } from '../../src/config/schema.js';
import { createCapturer, type Capturer, type CaptureResult } from '../../src/capture/index.js';
import { startCapturePagesServer, type CapturePagesServer } from '../../src/sim/pages/index.js';
import { isVigilError } from '../../src/errors.js';
import { fakeMp4Bytes } from '../../src/sim/pages/assets.js';
import { readWarcGz, checkDigests, validateWacz, payloadOf } from '../unit/capture/warc-reader.js';

const log = pino({ level: 'silent' });
let srv: CapturePagesServer;
const blobs = new Map<string, Buffer>();
const putBlob = async (bytes: Buffer) => {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  blobs.set(sha256, bytes);
  return { sha256, size: bytes.length };
};
const art = (r: CaptureResult, name: string): Buffer => {
  const a = r.artifacts.find((x) => x.name === name);
  if (!a) throw new Error(`no artifact ${name}`);
  return blobs.get(a.sha256)!;
};
// The pages are served on 127.0.0.2, and only that address is opened to the guard.
const SIM_HOST = '127.0.0.2';
const settings = (capture: Record<string, unknown> = {}, network: Record<string, unknown> = { allowPrivate: [SIM_HOST] }) =>
  SettingsSchema.parse({ capture: { networkIdleTimeout: '3s', ...capture }, network });
const codeOf = async (p: Promise<unknown>) => p.then(() => 'ok', (e: unknown) => (isVigilError(e) ? e.code : String(e)));

beforeAll(async () => {
  srv = await startCapturePagesServer({ bigBytes: 300_000, host: SIM_HOST });
});
afterAll(async () => srv?.close());

describe('capture: evidence-grade artifacts', () => {
  let cap: Capturer;
  beforeAll(() => {
    cap = createCapturer({ settings: settings({ mobileViewport: { width: 390, height: 844 } }), log, putBlob });
  });
  afterAll(async () => cap.close());

  it('captures the press release: screenshot, DOM, MHTML, WARC, WACZ, media, text, metadata', async () => {
    const r = await cap.capture(`${srv.url}/redirect-ok`, { target: 't1' });
    expect(r.status).toBe('done');
    const names = r.artifacts.map((a) => a.name);
    for (const n of ['screenshot.png', 'screenshot-mobile.png', 'page.html', 'page.mhtml', 'capture.warc.gz', 'capture.wacz', 'text.txt', 'metadata.json']) expect(names).toContain(n);
    expect(names.some((n) => n.startsWith('media/'))).toBe(true);
    for (const a of r.artifacts) expect(createHash('sha256').update(blobs.get(a.sha256)!).digest('hex')).toBe(a.sha256);
    expect(art(r, 'screenshot.png').subarray(1, 4).toString()).toBe('PNG');
    expect(art(r, 'page.mhtml').toString('utf8', 0, 2000)).toMatch(/multipart\/related/i);
    expect(art(r, 'text.txt').toString()).toContain('Statement on the draft amendments');
    expect(r.response.finalUrl).toBe(`${srv.url}/press-release`);
    expect(r.response.status).toBe(200);
    expect(r.metadata.title).toBe('Statement on the draft amendments');
    expect(r.metadata.canonicalUrl).toBe('https://ministry.example/press/2026/11/12/statement');
    expect((r.metadata.openGraph as Record<string, string>).title).toBe('Statement on the draft amendments');
    expect(r.metadata.serverDate).toMatch(/GMT$/);
    expect(r.metadata.redirects).toEqual([{ url: `${srv.url}/redirect-ok`, status: 301, location: '/press-release' }]);
    expect(r.tool.browser).toMatch(/^Chromium\/\d+\./);
    expect(typeof r.browser.sandbox).toBe('boolean');
    expect(r.tool.version).toMatch(/^\d+\.\d+\.\d+/);

    // WARC read back by the independent parser; every digest recomputed.
    const recs = readWarcGz(art(r, 'capture.warc.gz'));
    expect(recs[0].headers['warc-type']).toBe('warcinfo');
    expect(checkDigests(recs)).toEqual([]);
    const types = new Set(recs.map((x) => x.headers['warc-type']));
    for (const t of ['request', 'response', 'resource', 'metadata']) expect(types).toContain(t);
    const page = recs.find((x) => x.headers['warc-type'] === 'response' && x.headers['warc-target-uri'] === `${srv.url}/press-release`)!;
    expect(payloadOf(page).toString('utf8')).toContain('<h1>Statement on the draft amendments</h1>');
    expect(recs.some((x) => x.headers['warc-type'] === 'response' && x.headers['warc-target-uri'] === `${srv.url}/redirect-ok`)).toBe(true);

    // WACZ: datapackage hashes, CDXJ offsets pointing at the right records, pages.
    const { faults, cdxj, files } = await validateWacz(art(r, 'capture.wacz'));
    expect(faults).toEqual([]);
    expect(cdxj.some((c) => c.url === `${srv.url}/press-release` && c.status === 200)).toBe(true);
    expect(files.get('archive/data.warc.gz')!.bytes.equals(art(r, 'capture.warc.gz'))).toBe(true);
  });

  it('scrolls lazy images into the archive and keeps the video bytes', async () => {
    const lazy = await cap.capture(`${srv.url}/lazy-images`);
    expect(lazy.status).toBe('done');
    expect(lazy.artifacts.filter((a) => a.name.startsWith('media/')).length).toBe(12);
    const recs = readWarcGz(art(lazy, 'capture.warc.gz'));
    expect(recs.filter((x) => x.headers['warc-type'] === 'response' && /img\.png\?n=21$/.test(x.headers['warc-target-uri']!)).length).toBe(1);

    const vid = await cap.capture(`${srv.url}/video`);
    const mp4 = vid.artifacts.find((a) => a.sourceUrl === `${srv.url}/clip.mp4`)!;
    expect(mp4.name).toMatch(/^media\/\d+\.mp4$/);
    expect(blobs.get(mp4.sha256)!.equals(fakeMp4Bytes())).toBe(true);
  });
});

describe('capture: limits cut the page and mark it partial', () => {
  it('caps screenshot height, bounds scrolling, cuts at totalTimeout and caps response size', async () => {
    const cap = createCapturer({
      settings: settings({ maxScreenshotHeight: 2000, maxScrolls: 3, maxResponseBytes: 100_000 }),
      log,
      putBlob,
    });
    // Same browser settings, but a short total budget and a long idle budget, so only totalTimeout can cut /slow.
    const hurried = createCapturer({ settings: settings({ totalTimeout: '6s', navigationTimeout: '30s', networkIdleTimeout: '60s' }), log, putBlob });
    try {
      const tall = await cap.capture(`${srv.url}/tall`);
      expect(tall.status).toBe('partial');
      expect(tall.artifacts.find((a) => a.name === 'screenshot.png')!.truncated).toBe(true);
      expect(art(tall, 'screenshot.png').readUInt32BE(20)).toBe(2000);
      expect(tall.metadata.limits).toContain('maxScreenshotHeight');

      const inf = await cap.capture(`${srv.url}/infinite`);
      expect(inf.status).toBe('partial');
      expect(inf.metadata.limits).toContain('maxScrolls');
      expect(inf.metadata.scrolls).toBe(3);
      expect(art(inf, 'page.html').toString()).toContain('Item 1-0');

      // A feed whose first items arrive after `load`: it fits the window when scrolling starts,
      // but it is still loading, so it is neither finished nor "done".
      const late = await cap.capture(`${srv.url}/infinite-late`);
      expect(late.status).toBe('partial');
      expect(late.metadata.limits).toContain('maxScrolls');
      expect(late.metadata.scrolls).toBe(3);
      expect(art(late, 'page.html').toString()).toContain('Item 1-0');

      const slow = await hurried.capture(`${srv.url}/slow`);
      expect(slow.status).toBe('partial');
      expect(slow.metadata.limits).toContain('totalTimeout');
      expect(art(slow, 'text.txt').toString()).toContain('Visible text.');
      expect(slow.metadata.pendingRequests).toEqual([`${srv.url}/slow.js`]);

      const big = await cap.capture(`${srv.url}/big-asset`);
      const recs = readWarcGz(art(big, 'capture.warc.gz'));
      const bin = recs.find((x) => x.headers['warc-type'] === 'response' && x.headers['warc-target-uri'] === `${srv.url}/big.bin`);
      expect(bin?.headers['warc-truncated']).toBe('length');
      expect(payloadOf(bin!).length).toBeLessThanOrEqual(100_000);
      expect(checkDigests(recs)).toEqual([]);
      expect(big.artifacts.some((a) => a.sourceUrl === `${srv.url}/big.bin` && a.name.startsWith('media/') && a.size > 100_000)).toBe(false);
    } finally {
      await cap.close();
      await hurried.close();
    }
  });
});

describe('capture: refusals', () => {
  it('refuses file: URLs and private addresses, including a redirect to one', async () => {
    // Only the simulator's address is allowed: 127.0.0.1 (where Vigil's API and S3 live) is not.
    const cap = createCapturer({ settings: settings(), log, putBlob });
    try {
      expect(await codeOf(cap.capture('file:///etc/passwd'))).toBe('VGL_FETCH_UNSUPPORTED_SCHEME');
      expect(await codeOf(cap.capture(`http://127.0.0.1:${srv.port}/press-release`))).toBe('VGL_FETCH_BLOCKED_ADDRESS');
      expect(await codeOf(cap.capture(`http://localhost.:${srv.port}/press-release`))).toBe('VGL_FETCH_BLOCKED_ADDRESS');
      const e = await cap.capture(`${srv.url}/redirect-private`).then(() => null, (x: unknown) => x);
      expect(isVigilError(e, 'VGL_FETCH_BLOCKED_ADDRESS')).toBe(true);
      expect((e as Error).message).toContain('169.254.169.254');
      // the guard is not over-eager: the same host captures fine when nothing private is reached
      const ok = await cap.capture(`${srv.url}/press-release`);
      expect(ok.status).toBe('done');
    } finally {
      await cap.close();
    }
  });
});

describe('capture: the sandbox state is on the record', () => {
  it('without a sandbox, says so once at start and every capture records browser.sandbox: false', async () => {
    const lines: Array<{ level: number; msg: string }> = [];
    const sinkLog = pino({ level: 'info' }, new Writable({ write: (c, _e, cb) => (lines.push(JSON.parse(String(c))), cb()) }));
    const cap = createCapturer({ settings: settings(), log: sinkLog, putBlob, sandbox: { available: false, reason: 'the kernel allows no unprivileged user namespaces' } });
    try {
      const a = await cap.capture(`${srv.url}/press-release`);
      const b = await cap.capture(`${srv.url}/press-release`);
      for (const r of [a, b]) {
        expect(r.browser).toEqual({ sandbox: false });
        expect(r.metadata.browserSandbox).toBe(false);
        expect(JSON.parse(art(r, 'metadata.json').toString()).browserSandbox).toBe(false);
      }
      expect(lines.filter((l) => l.level === 40 && /WITHOUT its sandbox/.test(l.msg))).toHaveLength(1);
    } finally {
      await cap.close();
    }
  });
});
