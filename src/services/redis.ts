// Embedded Redis for `vigil run` without redis.url: the Debian redis-server, spawned on a free
// loopback port with its data (AOF) under <dataDir>/redis, stopped with SHUTDOWN so the AOF is
// flushed. Queued jobs survive a restart; nothing is reachable from outside the machine.
// Supervised (supervisor.ts): its own session, restarted on the same port and AOF if it dies.
import { spawn } from 'node:child_process';
import { access, mkdir, readFile } from 'node:fs/promises';
import { constants } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Logger } from 'pino';
import { VigilError } from '../errors.js';
import { freePort } from './ports.js';
import { redisCommand } from './resp.js';
import { supervise, type ServiceSpec } from './supervisor.js';

export interface EmbeddedRedis {
  url: string;
  port: number;
  /** pid of the live redis-server (a restart changes it). */
  readonly pid: number;
  /** Times it was restarted after dying. */
  readonly restarts: number;
  stop(): Promise<void>;
}

export interface RedisDeps {
  dataDir: string;
  log: Logger;
  binary?: string;
  startTimeoutMs?: number;
  /** Called with the new pid after a restart. */
  onRestart?: (pid: number) => void | Promise<void>;
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
    try {
      const sup = await supervise(redisSpec(binary, dir, port, deps.startTimeoutMs ?? 15_000), log, { onRestart: deps.onRestart });
      const url = `redis://127.0.0.1:${port}`;
      log.info({ url, pid: sup.pid, dir }, 'embedded redis started');
      return {
        url,
        port,
        get pid() {
          return sup.pid;
        },
        get restarts() {
          return sup.restarts;
        },
        async stop() {
          await sup.stop();
          log.info({ url }, 'embedded redis stopped');
        },
      };
    } catch (err) {
      lastErr = (err as Error).message;
      if (!/address already in use/i.test(lastErr)) break;
    }
  }
  throw new VigilError('VGL_SERVICE_START_FAILED', `redis-server did not start (data dir ${dir}): ${lastErr}; check the directory is writable and not used by another redis-server`);
}

function redisSpec(binary: string, dir: string, port: number, timeoutMs: number): ServiceSpec {
  const args = [
    '--port', String(port), '--bind', '127.0.0.1', '--protected-mode', 'yes', '--dir', dir,
    '--appendonly', 'yes', '--save', '', '--maxmemory-policy', 'noeviction', '--daemonize', 'no',
    '--logfile', join(dir, 'redis.log'),
  ];
  return {
    name: 'redis',
    // Its own session: a SIGTERM to Vigil's process group must not stop Redis before Vigil drains.
    spawn: () => spawn(binary, args, { stdio: 'ignore', detached: true }),
    async ready(child, exited) {
      const deadline = Date.now() + timeoutMs;
      while (!exited() && Date.now() < deadline) {
        const reply = await redisCommand(port, ['PING'], 500).catch(() => '');
        if (reply === '+PONG') return;
        await sleep(50);
      }
      // Loading a large AOF answers -LOADING for a while; that is still "not ready".
      const logTail = await readFile(join(dir, 'redis.log'), 'utf8').then((t) => t.slice(-500), () => '');
      child.kill('SIGKILL');
      throw new Error(logTail.trim().split('\n').slice(-3).join(' | ') || (exited() ? 'exited before answering PING' : 'did not answer PING in time'));
    },
    // SHUTDOWN fsyncs the AOF; SIGTERM does the same if the command cannot be sent.
    shutdown: async () => void (await redisCommand(port, ['SHUTDOWN'], 5000)),
  };
}
