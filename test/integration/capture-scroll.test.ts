// Scrolling for lazy content: a loader built on an IntersectionObserver with no margin fetches an
// image only when its placeholder is inside the viewport at a rendering update. Each band of the
// page is inside it at one scroll position only; every image must be in the capture's WARC.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { SettingsSchema } from '../../src/config/schema.js';
import { createCapturer, type Capturer } from '../../src/capture/index.js';
import { pngBytes } from '../../src/sim/pages/assets.js';
import { readWarcGz } from '../unit/capture/warc-reader.js';

const HOST = '127.0.0.2';
const BANDS = 12;
const VIEWPORT = { width: 1280, height: 900 };
// Band i spans [i*900, (i+1)*900); its placeholder sits in its middle, 80 px tall: in the viewport
// only while the page is scrolled to i*900 exactly. Observed images are fetched once.
const PAGE = `<!doctype html><html><head><title>IO lazy</title><style>body{margin:0} .band{height:${VIEWPORT.height}px;position:relative} img{position:absolute;top:410px;height:80px;width:100px}</style></head><body>
${Array.from({ length: BANDS }, (_, i) => `<div class="band"><img data-src="/px.png?n=${i}" alt="photo ${i}"></div>`).join('\n')}
<script>
const io = new IntersectionObserver((entries) => {
  for (const e of entries) if (e.isIntersecting && !e.target.src) { e.target.src = e.target.dataset.src; io.unobserve(e.target); }
});
document.querySelectorAll('img[data-src]').forEach((img) => io.observe(img));
</script></body></html>`;

let srv: Server;
let url = '';
let cap: Capturer;
const blobs = new Map<string, Buffer>();

beforeAll(async () => {
  srv = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://x');
    const body = u.pathname === '/px.png' ? pngBytes(Number(u.searchParams.get('n'))) : Buffer.from(PAGE);
    res.writeHead(200, { 'content-type': u.pathname === '/px.png' ? 'image/png' : 'text/html; charset=utf-8', 'content-length': String(body.length) });
    res.end(body);
  });
  await new Promise<void>((r) => srv.listen(0, HOST, r));
  url = `http://${HOST}:${(srv.address() as AddressInfo).port}/io`;
  const settings = SettingsSchema.parse({ capture: { viewport: VIEWPORT, networkIdleTimeout: '3s' }, network: { allowPrivate: [HOST] } });
  cap = createCapturer({
    settings,
    log: pino({ level: 'silent' }),
    putBlob: async (b: Buffer) => {
      const sha256 = createHash('sha256').update(b).digest('hex');
      blobs.set(sha256, b);
      return { sha256, size: b.length };
    },
  });
});
afterAll(async () => {
  await cap?.close();
  await new Promise((r) => srv?.close(r));
});

describe('capture: scrolling', () => {
  it('shows every band of the page to an IntersectionObserver with no margin: every lazy image is archived', async () => {
    const r = await cap.capture(url);
    expect(r.status).toBe('done');
    expect(r.metadata.scrolls).toBe(BANDS - 1);
    const warc = r.artifacts.find((a) => a.name === 'capture.warc.gz')!;
    const got = readWarcGz(blobs.get(warc.sha256)!)
      .filter((x) => x.headers['warc-type'] === 'response' && x.headers['warc-target-uri']?.includes('/px.png'))
      .map((x) => Number(new URL(x.headers['warc-target-uri']!).searchParams.get('n')))
      .sort((a, b) => a - b);
    expect(got).toEqual(Array.from({ length: BANDS }, (_, i) => i));
  }, 120_000);
});
