// ZIP in and out, in memory (packages are bounded by the selection). Fixed mtimes keep the
// same selection exporting to the same bytes. Reading is defensive (zip-rules.ts): a package is
// untrusted input, checked entry by entry before and while it is inflated.
import yazl from 'yazl';
import yauzl from 'yauzl';
import { VigilError } from '../../errors.js';
import { DEFAULT_UNZIP_LIMITS, entryProblem, newTally, type UnzipLimits } from './zip-rules.js';

const MTIME = new Date('2000-01-01T00:00:00Z');

export async function zipFiles(files: Map<string, Buffer>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [path, body] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) zip.addBuffer(body, path, { mtime: MTIME, mode: 0o644 });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const unsafe = (why: string): VigilError => new VigilError('VGL_PACKAGE_UNSAFE', `package: ${why}; nothing was extracted`);

/** yauzl's own refusals: names it rejects are unsafe, the rest means the ZIP is damaged. */
function readError(err: unknown): VigilError {
  if (err instanceof VigilError) return err;
  const msg = (err as Error)?.message ?? String(err);
  if (/absolute path|invalid relative path|invalid characters|too many bytes|encrypted/i.test(msg)) return unsafe(msg);
  return new VigilError('VGL_VERIFY_FAILED', `package: not a readable ZIP (${msg})`, { cause: err });
}

/** Every file of a package (directories skipped), refusing ZIP bombs and ambiguous or unsafe names. */
export async function unzipFiles(zip: Buffer, limits: UnzipLimits = DEFAULT_UNZIP_LIMITS): Promise<Map<string, Buffer>> {
  const z = await yauzl.fromBufferPromise(zip, { lazyEntries: true, strictFileNames: true, validateEntrySizes: true }).catch((cause: unknown) => {
    throw new VigilError('VGL_VERIFY_FAILED', `package: not a readable ZIP (${(cause as Error).message})`, { cause });
  });
  if (z.entryCount > limits.maxEntries) {
    if (z.isOpen) z.close();
    throw unsafe(`it holds ${z.entryCount} entries, above the limit of ${limits.maxEntries}`);
  }
  const out = new Map<string, Buffer>();
  const tally = newTally();
  // lazyEntries: one entry at a time, so 'end' comes after the last body is read.
  await new Promise<void>((resolve, reject) => {
    let failed = false;
    const fail = (err: unknown) => {
      if (failed) return;
      failed = true;
      if (z.isOpen) z.close();
      reject(readError(err));
    };
    z.on('entry', (e: yauzl.Entry) => {
      const problem = entryProblem(
        { name: e.fileName, compressedSize: e.compressedSize, uncompressedSize: e.uncompressedSize, externalFileAttributes: e.externalFileAttributes, encrypted: e.isEncrypted() },
        limits,
        tally,
      );
      if (problem) return fail(unsafe(problem));
      if (e.fileName.endsWith('/')) return z.readEntry();
      z.openReadStream(e, (err: Error | null, s: NodeJS.ReadableStream) => {
        if (err) return fail(err);
        const chunks: Buffer[] = [];
        let actual = 0;
        const overflow = () => unsafe(`entry ${JSON.stringify(e.fileName)} inflates to more than the ${e.uncompressedSize} bytes it declares (ZIP bomb?)`);
        s.on('data', (c: Buffer) => {
          actual += c.length;
          // Never trust the declared size: stop as soon as the bytes exceed it (yauzl checks too).
          if (actual > e.uncompressedSize) {
            (s as unknown as { destroy(): void }).destroy();
            return fail(overflow());
          }
          chunks.push(c);
        });
        s.on('error', (err: Error) => fail(/too many bytes/.test(err.message) ? overflow() : err));
        s.on('end', () => {
          out.set(e.fileName, Buffer.concat(chunks));
          z.readEntry();
        });
      });
    });
    z.on('end', () => resolve());
    z.on('error', fail);
    z.readEntry();
  });
  return out;
}
