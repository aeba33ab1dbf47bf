// Vigil's screenshot (its own DevTools call, so Chromium can encode the PNG for speed) shows the
// same pixels as Playwright's page.screenshot({ fullPage, animations: 'disabled', caret: 'initial' }),
// which Vigil used before: on a tall page, a page that fits the viewport, a page cut at
// maxScreenshotHeight, and a page (fitting the viewport) with running CSS animations, a
// transition and an animated frame.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../src/capture/index.js';
import { screenshot, pngHeight } from '../../src/capture/screenshot.js';
import { startCapturePagesServer, type CapturePagesServer } from '../../src/sim/pages/index.js';
import { decodePng } from '../helpers/png.js';

const ANIMATED = `<!doctype html><html><head><style>
@keyframes spin { from { transform: rotate(0deg) } to { transform: rotate(360deg) } }
div { width: 120px; height: 120px; margin: 20px }
.inf { background: #c33; animation: spin 1.3s linear infinite }
.fin { background: #33c; animation: spin 40s linear 1 forwards }
.tr { background: #3a3; transition: margin-left 40s linear }
</style></head><body><div class="inf"></div><div class="fin"></div><div class="tr" id="tr"></div>
<iframe src="/frame" width="300" height="200"></iframe>
<script>requestAnimationFrame(() => requestAnimationFrame(() => { document.getElementById('tr').style.marginLeft = '400px'; }));</script>
</body></html>`;
const FRAME = `<!doctype html><html><head><style>@keyframes slide { from { margin-left: 0 } to { margin-left: 200px } }
p { animation: slide 0.7s ease-in-out infinite alternate; background: #fc3 }</style></head><body><p>inside a frame</p></body></html>`;

const SHORT = '<!doctype html><html><body><h1>Short</h1><p style="background:#369;color:#fff;width:600px">fits the viewport</p></body></html>';

let sim: CapturePagesServer;
let own: Server;
let ownUrl = '';
let browser: Browser;

beforeAll(async () => {
  sim = await startCapturePagesServer();
  own = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(req.url === '/frame' ? FRAME : req.url === '/short' ? SHORT : ANIMATED);
  });
  await new Promise<void>((r) => own.listen(0, '127.0.0.1', r));
  ownUrl = `http://127.0.0.1:${(own.address() as AddressInfo).port}`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS] });
});
afterAll(async () => {
  await browser?.close();
  await sim?.close();
  await new Promise((r) => own?.close(r));
});

/** Playwright's shot as Vigil took it before (clip at the cap when the page is taller). */
const playwrightShot = async (page: Page, maxHeight: number): Promise<Buffer> => {
  const { width, height } = await page.evaluate(() => ({ width: document.documentElement.clientWidth, height: Math.max(document.documentElement.scrollHeight, document.body.scrollHeight) }));
  const clip = height > maxHeight ? { x: 0, y: 0, width, height: maxHeight } : undefined;
  return page.screenshot({ fullPage: true, animations: 'disabled', caret: 'initial', ...(clip ? { clip } : {}) });
};

const samePixels = (a: Buffer, b: Buffer): boolean => {
  const x = decodePng(a);
  const y = decodePng(b);
  return x.width === y.width && x.height === y.height && x.channels === y.channels && x.data.equals(y.data);
};

describe('capture screenshot', () => {
  const cases: Array<{ name: string; url: () => string; maxHeight: number; truncated: boolean }> = [
    { name: 'a tall statement', url: () => `${sim.url}/press-release`, maxHeight: 20_000, truncated: false },
    // (Not the sim's /video: its media controls differ between two of Playwright's own shots.)
    { name: 'a page that fits the viewport', url: () => `${ownUrl}/short`, maxHeight: 20_000, truncated: false },
    { name: 'a page cut at maxScreenshotHeight', url: () => `${sim.url}/tall`, maxHeight: 4000, truncated: true },
    { name: 'running animations, a transition and an animated frame', url: () => `${ownUrl}/`, maxHeight: 20_000, truncated: false },
  ];
  for (const c of cases) {
    it(`shows what Playwright's full-page shot showed: ${c.name}`, async () => {
      const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      try {
        const page = await ctx.newPage();
        await page.goto(c.url(), { waitUntil: 'load' });
        await page.waitForTimeout(300); // let the animations run a while
        const cdp = await ctx.newCDPSession(page);
        const before = await playwrightShot(page, c.maxHeight);
        const fast = await screenshot(page, cdp, c.maxHeight, 'fast');
        const small = await screenshot(page, cdp, c.maxHeight, 'small');
        expect(fast.truncated).toBe(c.truncated);
        expect(pngHeight(fast.png)).toBe(pngHeight(before));
        if (c.truncated) expect(pngHeight(fast.png)).toBe(c.maxHeight);
        expect(samePixels(fast.png, before)).toBe(true);
        expect(samePixels(small.png, before)).toBe(true);
      } finally {
        await ctx.close();
      }
    }, 60_000);
  }

  it('small is the PNG Playwright wrote, byte for byte; fast is another encoding of it', async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      const page = await ctx.newPage();
      await page.goto(`${sim.url}/press-release`, { waitUntil: 'load' });
      const cdp = await ctx.newCDPSession(page);
      const before = await playwrightShot(page, 20_000);
      const small = await screenshot(page, cdp, 20_000, 'small');
      const fast = await screenshot(page, cdp, 20_000, 'fast');
      expect(small.png.equals(before)).toBe(true);
      expect(fast.png.equals(before)).toBe(false);
      expect(fast.fullHeight).toBeGreaterThan(10_000);
    } finally {
      await ctx.close();
    }
  }, 60_000);
});
