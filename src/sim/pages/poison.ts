// Poison pages for the capture engine (issue 12, faults): what a hostile or broken site can
// throw at a browser. A capture of any of them must end within its limits, leave the browser
// pool usable, and keep memory bounded. Served by server.ts under /poison/.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { deflateSync } from 'node:zlib';

const page = (title: string, body: string): string =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;

/** A script that never yields: the renderer's main thread is busy forever. */
export const scriptLoopHtml = (): string => page('Script loop', '<p>Text before the loop.</p><script>for (;;) {}</script><p>never parsed</p>');

/** An image whose pixels decode to `w * h` bytes (a decompression bomb: a few hundred KB on the wire). */
export const hugeImageHtml = (): string =>
  page('Huge image', '<p>A picture.</p><img src="/poison/huge.png" alt="huge"><img src="/poison/huge.png?2" alt="huge again">');

let hugePng: Buffer | undefined;
/** A valid 8-bit grayscale PNG of 16000 x 16000 pixels (256 MB decoded), built once. */
export function hugePngBytes(): Buffer {
  if (hugePng) return hugePng;
  const w = 16_000;
  const h = 16_000;
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTable[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // grayscale
  const raw = Buffer.alloc((w + 1) * h); // filter byte 0 + zero pixels per row
  hugePng = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
  return hugePng;
}

/** Routes under /poison/; `open` collects responses held open so the server can close them. */
export function poisonRoutes(open: Set<ServerResponse>): Record<string, (req: IncomingMessage, res: ServerResponse) => void> {
  const html = (body: string) => (_q: IncomingMessage, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': String(Buffer.byteLength(body)) });
    res.end(body);
  };
  return {
    '/poison/script-loop': html(scriptLoopHtml()),
    '/poison/huge-image': html(hugeImageHtml()),
    '/poison/huge.png': (_q, res) => {
      const b = hugePngBytes();
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': String(b.length) });
      res.end(b);
    },
    // The document itself never finishes: headers and a first part, then nothing, forever.
    '/poison/never-ends': (_q, res) => {
      open.add(res);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.write('<!doctype html><html><head><title>Never ends</title></head><body><h1>Never ends</h1><p>The rest is still coming.</p>');
      const t = setInterval(() => res.write(' '), 1000);
      res.on('close', () => (clearInterval(t), open.delete(res)));
    },
  };
}
