import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requestTimestamp, verifyTimestamp } from '../../src/archive/tsa/index.js';
import { startTsa, type LocalTsa } from '../helpers/startTsa.js';

const run = promisify(execFile);

describe('RFC 3161 client against a local openssl TSA', () => {
  let tsa: LocalTsa;
  let dir: string;
  beforeAll(async () => {
    tsa = await startTsa();
    dir = await mkdtemp(join(tmpdir(), 'vigil-tsa-test-'));
  });
  afterAll(async () => {
    await tsa?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('gets a token that pkijs and `openssl ts -verify` both accept, and that rejects other bytes', async () => {
    const data = Buffer.from('checkpoint signature bytes');
    const ts = await requestTimestamp({ url: tsa.url, trustedPem: tsa.caPem }, data);
    expect(ts.certsPem).toContain('BEGIN CERTIFICATE');
    expect((await verifyTimestamp(ts.tsr, data, { trustedPem: tsa.caPem })).ok).toBe(true);
    const other = await verifyTimestamp(ts.tsr, Buffer.from('checkpoint signature byteZ'), { trustedPem: tsa.caPem });
    expect(other.ok).toBe(false);
    expect(other.problem).toMatch(/message imprint mismatch/);

    await writeFile(join(dir, 'data'), data);
    await writeFile(join(dir, 'ca.pem'), tsa.caPem);
    await writeFile(join(dir, 't.tsr'), ts.tsr);
    const ok = await run('openssl', ['ts', '-verify', '-data', 'data', '-in', 't.tsr', '-CAfile', 'ca.pem'], { cwd: dir });
    expect(ok.stdout).toContain('Verification: OK');
    await writeFile(join(dir, 'data'), Buffer.from('checkpoint signature byteZ'));
    await expect(run('openssl', ['ts', '-verify', '-data', 'data', '-in', 't.tsr', '-CAfile', 'ca.pem'], { cwd: dir })).rejects.toThrow();
  });

  it('rejects a token chained to a root it does not trust', async () => {
    const other = await startTsa();
    try {
      const data = Buffer.from('x');
      const ts = await requestTimestamp({ url: tsa.url }, data);
      const r = await verifyTimestamp(ts.tsr, data, { trustedPem: other.caPem });
      expect(r.ok).toBe(false);
      expect(r.problem).toMatch(/chain|signature/);
    } finally {
      await other.close();
    }
  });
});
