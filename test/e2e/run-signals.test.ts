// `vigil run` (bin/vigil.js, embedded services) stopped the way systemd stops a service: SIGTERM to
// the whole process group. The embedded redis-server and s3rver run in their own sessions, so
// they stay up while Vigil drains; Vigil stops them last and exits 0, leaving nothing running.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { freePort } from '../../src/services/ports.js';

const ROOT = join(import.meta.dirname, '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'vigil-sig-'));
const leftovers: number[] = [];

const running = (pid: number): boolean => existsSync(`/proc/${pid}`) && !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));

afterAll(() => {
  for (const pid of leftovers) if (running(pid)) process.kill(pid, 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

it('a SIGTERM to the process group drains Vigil, then stops its services; exit 0', async () => {
  const port = await freePort();
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, VIGIL_DATA_DIR: dataDir, VIGIL_HTTP_PORT: String(port), VIGIL_LOG_LEVEL: 'info', NODE_NO_WARNINGS: '1', VIGIL_TELEGRAM_BASE_URL: 'http://127.0.0.1:9' };
  // detached: the launcher leads a new process group, like a service under systemd.
  const proc = spawn(process.execPath, ['bin/vigil.js', 'run'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  leftovers.push(proc.pid!);
  let out = '';
  let log = '';
  proc.stdout!.on('data', (b: Buffer) => (out += b.toString()));
  proc.stderr!.on('data', (b: Buffer) => (log = (log + b.toString()).slice(-200_000)));
  const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
  for (let i = 0; i < 1200 && !out.includes('vigil: ready'); i++) await new Promise((r) => setTimeout(r, 100));
  expect(out).toContain('vigil: ready');
  const services = JSON.parse(readFileSync(join(dataDir, 'run', 'services.json'), 'utf8')) as { redisPid: number; s3Pid: number };
  leftovers.push(services.redisPid, services.s3Pid);

  process.kill(-proc.pid!, 'SIGTERM'); // the whole group, as systemd's KillMode=control-group does
  const code = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r('still running 60 s after SIGTERM'), 60_000))]);
  expect(code).toBe(0);
  expect(running(services.redisPid)).toBe(false);
  expect(running(services.s3Pid)).toBe(false);
  expect(existsSync(join(dataDir, 'run', 'services.json'))).toBe(false);
  const lines = log.split('\n').filter(Boolean).map((l) => { try { return JSON.parse(l) as { msg?: string; level?: number }; } catch { return {}; } });
  // Redis was never lost during the drain: no restart, no connection errors, and it stopped after Vigil's workers.
  expect(lines.filter((l) => l.msg === 'embedded service died; restarting it on the same port and data')).toEqual([]);
  const order = lines.map((l) => l.msg);
  expect(order.indexOf('embedded redis stopped')).toBeGreaterThan(order.indexOf('stopping'));
}, 180_000);
