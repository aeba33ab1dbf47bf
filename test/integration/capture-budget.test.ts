// A capture's memory budget (capture.maxTotalBytes): real Chromium on a local page with many
// large images. Past the budget, bodies are not kept, media are not fetched again, and the
// capture is `partial` with `maxTotalBytes` named in its limits; the WARC still verifies.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettingsSchema } from '../../src/config/schema.js';
import { createCapturer, type CaptureResult } from '../../src/capture/index.js';
import { pngBytes } from '../../src/sim/pages/assets.js';
import { checkDigests, payloadOf, readWarcGz } from '../unit/capture/warc-reader.js';

const IMAGES = 16;
const IMAGE_BYTES = 256 * 1024;
const BUDGET = 1024 * 1024; // room for about 4 of the 16 images
const log = pino({ level: 'silent' });
let server: Server;
let base: string;
const blobs = new Map<string, Buffer>();
const putBlob = async (bytes: Buffer) => {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  blobs.set(sha256, bytes);
  return { sha256, size: bytes.length };
};
const bytesOf = (r: CaptureResult, name: string) => blobs.get(r.artifacts.find((a) => a.name === name)!.sha256)!;

/** A valid PNG padded after IEND to `IMAGE_BYTES` (decoders ignore trailing bytes). */
const bigPng = (n: number): Buffer => {
  const png = pngBytes(n);
  return Buffer.concat([png, Buffer.alloc(IMAGE_BYTES - png.length, n)]);
};

beforeAll(async () => {
  const page = `<!doctype html><html><head><title>Gallery</title></head><body><h1>Gallery</h1>${Array.from(
    { length: IMAGES },
    (_, i) => `<img src="/img/${i}.png" width="40" height="40" alt="photo ${i}">`,
  ).join('')}</body></html>`;
  server = createServer((req, res) => {
    const m = /^\/img\/(\d+)\.png$/.exec(req.url ?? '');
    if (m) {
      const body = bigPng(Number(m[1]));
      return res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(body.length), 'cache-control': 'no-store' }).end(body);
    }
    if (req.url === '/gallery') return res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  server.close();
});

const capturer = (maxTotalBytes: number) =>
  createCapturer({
    settings: SettingsSchema.parse({ capture: { networkIdleTimeout: '3s', maxTotalBytes }, network: { allowPrivate: true } }),
    log,
    putBlob,
  });

describe('capture memory budget', () => {
  it('past capture.maxTotalBytes bodies are not kept and the capture is partial, naming the limit', async () => {
    const cap = capturer(BUDGET);
    try {
      const r = await cap.capture(`${base}/gallery`);
      expect(r.status).toBe('partial');
      expect(r.metadata.limits).toContain('maxTotalBytes');

      const recs = readWarcGz(bytesOf(r, 'capture.warc.gz'));
      expect(checkDigests(recs)).toEqual([]);
      const images = recs.filter((x) => x.headers['warc-type'] === 'response' && /\/img\/\d+\.png$/.test(x.headers['warc-target-uri'] ?? ''));
      const kept = images.filter((x) => payloadOf(x).length > 0);
      const kept_bytes = recs.filter((x) => x.headers['warc-type'] === 'response').reduce((n, x) => n + payloadOf(x).length, 0);
      expect(kept_bytes).toBeLessThanOrEqual(BUDGET);
      expect(kept.length).toBeGreaterThan(0);
      expect(kept.length).toBeLessThan(IMAGES);
      // Every image the page asked for is still on record (headers, marked truncated).
      expect(images.filter((x) => x.headers['warc-truncated'] === 'length').length).toBe(images.length - kept.length);

      const media = r.artifacts.filter((a) => a.name.startsWith('media/'));
      expect(media.reduce((n, a) => n + a.size, 0)).toBeLessThanOrEqual(BUDGET);
      const skipped = (r.metadata.media as Array<{ skipped?: string }>).filter((m) => m.skipped?.includes('maxTotalBytes'));
      expect(skipped.length).toBeGreaterThan(0);
    } finally {
      await cap.close();
    }
  }, 120_000);

  it('within the budget the same page is captured whole', async () => {
    const cap = capturer(64 * 1024 * 1024);
    try {
      const r = await cap.capture(`${base}/gallery`);
      expect(r.metadata.limits).not.toContain('maxTotalBytes');
      expect(r.status).toBe('done');
      expect(r.artifacts.filter((a) => a.name.startsWith('media/')).length).toBe(IMAGES);
    } finally {
      await cap.close();
    }
  }, 120_000);
});
