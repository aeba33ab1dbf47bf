// `vigil run` for real: embedded redis-server + s3rver + PGlite started by the command itself,
// the URL printed when ready, a second `vigil run --role worker` on the same data dir joining the
// first one's services (not starting its own), CLI reads through the API, and SIGTERM draining both.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/services/ports.js';
import { runVigil } from '../helpers/cli.js';

const ROOT = join(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const dataDir = mkdtempSync(join(tmpdir(), 'vigil-run-'));
const procs: ChildProcess[] = [];

function start(args: string[], env: NodeJS.ProcessEnv): { proc: ChildProcess; ready: Promise<string>; exited: Promise<number | null> } {
  const proc = spawn(TSX, ['src/cli/main.ts', 'run', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  procs.push(proc);
  let out = '';
  const ready = new Promise<string>((resolve, reject) => {
    proc.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const line = out.split('\n').find((l) => l.startsWith('vigil: ready'));
      if (line) resolve(line);
    });
    proc.once('exit', (code) => reject(new Error(`vigil run exited (${code}) before ready: ${out}`)));
  });
  proc.stderr!.resume();
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return { proc, ready, exited };
}

afterAll(() => {
  for (const p of procs) if (p.exitCode === null) p.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('vigil run', () => {
  it('starts embedded services, prints its URL, lets a second worker join, and drains on SIGTERM', async () => {
    const port = await freePort();
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, VIGIL_DATA_DIR: dataDir, VIGIL_HTTP_PORT: String(port), VIGIL_LOG_LEVEL: 'warn', NODE_NO_WARNINGS: '1',
      // Never reach out: the target below points at a loopback port that the SSRF guard refuses anyway.
      VIGIL_TELEGRAM_BASE_URL: 'http://127.0.0.1:9' };
    const main = start([], env);
    expect(await main.ready).toBe(`vigil: ready, web UI and API at http://127.0.0.1:${port}`);
    const services = JSON.parse(readFileSync(join(dataDir, 'run', 'services.json'), 'utf8')) as { pid: number; redisUrl: string; s3Endpoint: string };
    expect(services.redisUrl).toMatch(/^redis:\/\/127\.0\.0\.1:\d+/);

    const worker = start(['--role', 'worker'], env);
    expect(await worker.ready).toBe('vigil: ready (roles: worker)');
    // The joiner did not start services of its own: the file still names the first process.
    const after = JSON.parse(readFileSync(join(dataDir, 'run', 'services.json'), 'utf8')) as { pid: number; redisUrl: string };
    expect(after).toEqual(services);

    const apiEnv = { ...env, VIGIL_API_URL: `http://127.0.0.1:${port}` };
    const add = await runVigil(['targets', 'add', 'telegram:durov', '--every', '1h'], apiEnv);
    expect(add.code).toBe(0);
    const list = await runVigil(['targets', 'list', '--json'], apiEnv);
    expect(list.stdout).toContain('telegram:durov');

    worker.proc.kill('SIGTERM');
    expect(await worker.exited).toBe(0);
    expect(existsSync(join(dataDir, 'run', 'services.json'))).toBe(true); // the owner is still running
    main.proc.kill('SIGTERM');
    expect(await main.exited).toBe(0);
    expect(existsSync(join(dataDir, 'run', 'services.json'))).toBe(false);
  }, 180_000);
});
