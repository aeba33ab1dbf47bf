// Embedded S3 API for `vigil run` without s3.endpoint: s3rver, objects under <dataDir>/s3,
// loopback only. It runs as a supervised child process (supervisor.ts): its own session, so a
// SIGTERM to Vigil's process group leaves it up until Vigil has drained, and restarted on the
// same port and directory if it dies (writes meanwhile go to the outbox). Being out of process
// also keeps its request handling off Vigil's event loop.
// Quirks handled elsewhere: it ignores ChecksumSHA256 and If-None-Match (S3Store.probe() detects
// both and falls back to HEAD-then-PUT), only accepts the S3RVER/S3RVER key pair, needs bucket
// names of 3–63 characters, fails truncated ListObjectsV2 on Node 20 (DES continuation tokens;
// S3Store lists with v1 + Marker), and writes objects in place, so a kill mid-upload can leave an
// empty or truncated object (the Archive replaces those, record-bytes.ts).
import { spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Logger } from 'pino';
import { VigilError } from '../errors.js';
import { freePort } from './ports.js';
import { supervise, type ServiceSpec } from './supervisor.js';

export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export interface EmbeddedS3 {
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: true;
  directory: string;
  /** pid of the live s3rver process (a restart changes it). */
  readonly pid: number;
  readonly restarts: number;
  stop(): Promise<void>;
}

export interface S3Deps {
  dataDir: string;
  bucket: string;
  log: Logger;
  /** Defaults to a free port; tests pass a fixed one to restart a server on the same address. */
  port?: number;
  startTimeoutMs?: number;
  onRestart?: (pid: number) => void | Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const MAIN = fileURLToPath(new URL('./s3rver-main.ts', import.meta.url));
/** tsx as an in-process loader for the child (its package's "." export; import.meta.resolve is not available everywhere). */
const tsxLoader = (): string => {
  const req = createRequire(import.meta.url);
  const dir = dirname(req.resolve('tsx/package.json'));
  const entry = (req('tsx/package.json') as { exports: Record<string, string> }).exports['.'];
  return pathToFileURL(join(dir, entry)).href;
};

export async function startEmbeddedS3(deps: S3Deps): Promise<EmbeddedS3> {
  const log = deps.log.child({ component: 's3' });
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(deps.bucket)) {
    throw new VigilError('VGL_CONFIG_INVALID', `config: s3.bucket: "${deps.bucket}" is not a valid bucket name (3-63 lowercase letters, digits, . or -)`);
  }
  const directory = resolve(deps.dataDir, 's3');
  await mkdir(directory, { recursive: true });
  let lastErr = '';
  for (let attempt = 0; attempt < (deps.port ? 1 : 3); attempt++) {
    const port = deps.port ?? (await freePort());
    try {
      const sup = await supervise(s3Spec(directory, deps.bucket, port, deps.startTimeoutMs ?? 30_000), log, { onRestart: deps.onRestart });
      const endpoint = `http://127.0.0.1:${port}`;
      log.info({ endpoint, directory, bucket: deps.bucket, pid: sup.pid }, 'embedded s3 started');
      return {
        endpoint,
        region: 'us-east-1',
        bucket: deps.bucket,
        ...S3RVER_CREDENTIALS,
        forcePathStyle: true,
        directory,
        get pid() {
          return sup.pid;
        },
        get restarts() {
          return sup.restarts;
        },
        async stop() {
          await sup.stop();
          log.info({ endpoint }, 'embedded s3 stopped');
        },
      };
    } catch (err) {
      lastErr = (err as Error).message;
    }
  }
  throw new VigilError('VGL_SERVICE_START_FAILED', `embedded S3 (s3rver) did not start on ${directory}: ${lastErr}; check the data dir is writable or set s3.endpoint`);
}

function s3Spec(directory: string, bucket: string, port: number, timeoutMs: number): ServiceSpec {
  const args = ['--import', tsxLoader(), MAIN, directory, String(port), bucket];
  return {
    name: 's3',
    spawn: () => spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true }),
    async ready(child, exited) {
      let err = '';
      child.stderr?.on('data', (d: Buffer) => (err = (err + d.toString('utf8')).slice(-1000)));
      const deadline = Date.now() + timeoutMs;
      while (!exited() && Date.now() < deadline) {
        const ok = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) }).then((r) => (void r.body?.cancel(), true), () => false);
        if (ok) {
          // Its stderr is not read any more: a closed pipe must not fill up and stall it.
          child.stderr?.removeAllListeners('data');
          child.stderr?.resume();
          return;
        }
        await sleep(50);
      }
      child.kill('SIGKILL');
      throw new Error(err.trim().split('\n').slice(-3).join(' | ') || (exited() ? 'exited before listening' : 'did not listen in time'));
    },
    // Nothing is in flight by then (Vigil drained first); s3rver has no state to flush.
    shutdown: async (child) => void child.kill('SIGTERM'),
  };
}
