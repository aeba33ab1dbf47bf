// ZIP in and out, in memory (packages are bounded by the selection). Fixed mtimes keep the
// same selection exporting to the same bytes.
import yazl from 'yazl';
import yauzl from 'yauzl';
import { VigilError } from '../../errors.js';

const MTIME = new Date('2000-01-01T00:00:00Z');

export async function zipFiles(files: Map<string, Buffer>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [path, body] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) zip.addBuffer(body, path, { mtime: MTIME, mode: 0o644 });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

export async function unzipFiles(zip: Buffer): Promise<Map<string, Buffer>> {
  const z = await yauzl.fromBufferPromise(zip, { lazyEntries: true, strictFileNames: true }).catch((cause: unknown) => {
    throw new VigilError('VGL_VERIFY_FAILED', `package: not a readable ZIP (${(cause as Error).message})`, { cause });
  });
  const out = new Map<string, Buffer>();
  // lazyEntries: one entry at a time, so 'end' comes after the last body is read.
  await new Promise<void>((resolve, reject) => {
    z.on('entry', (e: yauzl.Entry) => {
      if (e.fileName.endsWith('/')) return z.readEntry();
      z.openReadStream(e, (err: Error | null, s: NodeJS.ReadableStream) => {
        if (err) return reject(err);
        const chunks: Buffer[] = [];
        s.on('data', (c: Buffer) => chunks.push(c));
        s.on('end', () => {
          out.set(e.fileName, Buffer.concat(chunks));
          z.readEntry();
        });
        s.on('error', reject);
      });
    });
    z.on('end', () => resolve());
    z.on('error', reject);
    z.readEntry();
  });
  return out;
}
