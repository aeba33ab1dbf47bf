// Embedded Redis for `vigil run` without redis.url: the Debian redis-server, spawned on a free
// loopback port with its data (AOF) under <dataDir>/redis, stopped with SHUTDOWN so the AOF is
// flushed. Queued jobs survive a restart; nothing is reachable from outside the machine.
import { spawn, type ChildProcess } from 'node:child_process';
import { access, mkdir, readFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { VigilError } from '../errors.js';
import { freePort } from './ports.js';
import { redisCommand } from './resp.js';

export interface EmbeddedRedis {
  url: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
}

export interface RedisDeps {
  dataDir: string;
  log: Logger;
  binary?: string;
  startTimeoutMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startEmbeddedRedis(deps: RedisDeps): Promise<EmbeddedRedis> {
  const binary = deps.binary ?? '/usr/bin/redis-server';
  const log = deps.log.child({ component: 'redis' });
  try {
    await access(binary, constants.X_OK);
  } catch {
    throw new VigilError(
      'VGL_SERVICE_START_FAILED',
      `redis-server not found at ${binary}; install it with \`apt-get install redis-server\` or set redis.url (VIGIL_REDIS_URL) to an existing Redis`,
    );
  }
  const dir = resolve(deps.dataDir, 'redis');
  await mkdir(dir, { recursive: true });
  let lastErr = '';
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const r = await tryStart(binary, dir, port, deps.startTimeoutMs ?? 15_000, log);
    if ('url' in r) return r;
    lastErr = r.error;
    if (!/address already in use/i.test(r.error)) break;
  }
  throw new VigilError('VGL_SERVICE_START_FAILED', `redis-server did not start (data dir ${dir}): ${lastErr}; check the directory is writable and not used by another redis-server`);
}

async function tryStart(binary: string, dir: string, port: number, timeoutMs: number, log: Logger): Promise<EmbeddedRedis | { error: string }> {
  const args = [
    '--port', String(port), '--bind', '127.0.0.1', '--protected-mode', 'yes', '--dir', dir,
    '--appendonly', 'yes', '--save', '', '--maxmemory-policy', 'noeviction', '--daemonize', 'no',
    '--logfile', join(dir, 'redis.log'),
  ];
  const child: ChildProcess = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (d: Buffer) => {
    output = (output + d.toString('utf8')).slice(-2000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  let exited = false;
  const exit = new Promise<void>((res) => child.once('exit', () => ((exited = true), res())));
  child.once('error', (e) => keep(Buffer.from(String(e))));

  const deadline = Date.now() + timeoutMs;
  while (!exited && Date.now() < deadline) {
    const reply = await redisCommand(port, ['PING'], 500).catch(() => '');
    if (reply === '+PONG') break;
    await sleep(50);
  }
  if (exited || Date.now() >= deadline) {
    child.kill('SIGKILL');
    const logTail = await readFile(join(dir, 'redis.log'), 'utf8').then((t) => t.slice(-500), () => '');
    return { error: (output + logTail).trim().split('\n').slice(-3).join(' | ') || 'exited before answering PING' };
  }

  const url = `redis://127.0.0.1:${port}`;
  log.info({ url, pid: child.pid, dir }, 'embedded redis started');
  let stopping = false;
  void exit.then(() => {
    if (!stopping) log.error({ code: child.exitCode, signal: child.signalCode }, 'embedded redis exited unexpectedly');
  });

  return {
    url,
    port,
    pid: child.pid ?? 0,
    async stop() {
      if (exited) return;
      stopping = true;
      // SHUTDOWN fsyncs the AOF; SIGTERM does the same if the command cannot be sent.
      await redisCommand(port, ['SHUTDOWN'], 5000).catch(() => child.kill('SIGTERM'));
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exit;
      clearTimeout(killer);
      log.info({ url }, 'embedded redis stopped');
    },
  };
}
