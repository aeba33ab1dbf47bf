// A package is untrusted input: `vigil verify case.zip` must refuse ZIP bombs (declared and actual
// sizes, ratio, entry count) and any entry that would make what it checks differ from what `unzip`
// extracts (duplicate names, absolute or ".." paths, aliasing segments, symlinks). The ZIPs are
// built with yazl and then patched byte by byte, as an attacker would.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import yazl from 'yazl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unzipFiles, zipFiles } from '../../../src/archive/export/zip.js';
import { DEFAULT_UNZIP_LIMITS, entryNameProblem } from '../../../src/archive/export/zip-rules.js';
import { verifyPackage } from '../../../src/archive/export/verify-package.js';

const run = promisify(execFile);
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-zip-'));
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function zipOf(entries: [string, Buffer, { mode?: number; compress?: boolean }?][]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, body, o] of entries) zip.addBuffer(body, name, { mtime: new Date('2000-01-01T00:00:00Z'), mode: o?.mode ?? 0o644, compress: o?.compress ?? true });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Same-length rewrite of every occurrence (local header and central directory both carry the name). */
function patchName(zip: Buffer, from: string, to: string): Buffer {
  expect(to.length).toBe(from.length);
  const out = Buffer.from(zip);
  const f = Buffer.from(from);
  for (let i = out.indexOf(f); i >= 0; i = out.indexOf(f, i + 1)) Buffer.from(to).copy(out, i);
  return out;
}

/** Set the uncompressed size the central directory declares for the first entry. */
function declare(zip: Buffer, size: number): Buffer {
  const out = Buffer.from(zip);
  const cd = out.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
  out.writeUInt32LE(size, cd + 24);
  return out;
}

/** Resolves to a short string, not the inflated files, so a failure message never prints megabytes. */
async function refusal(p: Promise<unknown>, text: RegExp): Promise<void> {
  const got = await p.then(() => 'resolved: nothing was refused', (e: unknown) => e);
  expect(got).toMatchObject({ code: 'VGL_PACKAGE_UNSAFE', message: expect.stringMatching(text) });
}

describe('unzipFiles on hostile ZIPs', () => {
  it('reads what zipFiles wrote', async () => {
    const files = new Map([['a/b.txt', Buffer.from('hello')], ['c.json', Buffer.from('{}')]]);
    expect(await unzipFiles(await zipFiles(files))).toEqual(files);
  });

  it('refuses a ZIP bomb by its compression ratio before inflating it', async () => {
    const bomb = await zipOf([['artifacts/x/page.html', Buffer.alloc(32 * 1024 ** 2)]]);
    expect(bomb.length).toBeLessThan(100_000);
    await refusal(unzipFiles(bomb), /entry "artifacts\/x\/page\.html" inflates \d+:1 \(.* to 32\.0 MiB\), above the 200:1 limit \(ZIP bomb\?\)/);
    // The same through verifyPackage (what `vigil verify case.zip` calls).
    await refusal(verifyPackage(bomb), /ZIP bomb/);
  });

  it('refuses an entry that inflates past the size it declares, and a declared size above the cap', async () => {
    const zip = await zipOf([['manifests/m.json', Buffer.alloc(300_000, 'a')]]);
    await refusal(unzipFiles(declare(zip, 10)), /entry "manifests\/m\.json" inflates to more than the 10 bytes it declares/);
    await refusal(unzipFiles(declare(zip, 0xfffffff0)), /declares 4096\.0 MiB uncompressed, above the 1024\.0 MiB limit per entry/);
    await refusal(unzipFiles(zip, { ...DEFAULT_UNZIP_LIMITS, maxTotalBytes: 100_000 }), /above the 0\.1 MiB limit per package/);
  });

  it('refuses more entries than the cap before reading any', async () => {
    const zip = await zipOf(Array.from({ length: 5 }, (_, i) => [`f${i}`, Buffer.from('x')] as [string, Buffer]));
    await refusal(unzipFiles(zip, { ...DEFAULT_UNZIP_LIMITS, maxEntries: 4 }), /it holds 5 entries, above the limit of 4/);
  });

  it('refuses duplicate names: unzip would extract the second copy over the one that was checked', async () => {
    const zip = await zipOf([['SHA256SUMS', Buffer.from('checked')], ['SHA256SUMS', Buffer.from('forged!')]]);
    await writeFile(join(dir, 'dup.zip'), zip);
    await run('unzip', ['-o', '-q', 'dup.zip', '-d', 'dup'], { cwd: dir });
    expect(await readFile(join(dir, 'dup', 'SHA256SUMS'), 'utf8')).toBe('forged!');
    await refusal(unzipFiles(zip), /entry "SHA256SUMS" appears twice: unzip would overwrite the first copy with the second/);
  });

  it('refuses absolute paths, ".." and aliasing segments, and symlinks', async () => {
    const base = await zipOf([['xx/evil.txt', Buffer.from('x')]]);
    await refusal(unzipFiles(patchName(base, 'xx/evil.txt', '../evil.txt')), /\.\./);
    await refusal(unzipFiles(patchName(base, 'xx/evil.txt', '/x/evil.txt')), /absolute path/);
    await refusal(unzipFiles(patchName(await zipOf([['x/evil.txt', Buffer.from('x')]]), 'x/evil.txt', './evil.txt')), /aliases another path/);
    await refusal(unzipFiles(patchName(base, 'xx/evil.txt', 'x//evil.txt')), /aliases another path/);
    const link = await zipOf([['keys/ledger.pem', Buffer.from('/etc/passwd'), { mode: 0o120777, compress: false }]]);
    await refusal(unzipFiles(link), /entry "keys\/ledger\.pem" is a symbolic link/);
  });

  it('names: pure rules', () => {
    expect(entryNameProblem('artifacts/01J/page.html')).toBeNull();
    expect(entryNameProblem('dir/')).toBeNull();
    expect(entryNameProblem('a\\b')).toMatch(/backslash/);
    expect(entryNameProblem('C:/x')).toMatch(/absolute/);
    expect(entryNameProblem('a/\u0000b')).toMatch(/control/);
    expect(entryNameProblem('')).toMatch(/empty/);
  });
});
