// A real S3 API (s3rver) for one test file, in a unique temp dir with a unique bucket.
// `mode: 'child'` runs it as a separate process so a test can SIGKILL it (`kill()`) and bring
// it back on the same port and directory (`restart()`).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pino, { type Logger } from 'pino';
import { createS3Store, type S3Store } from '../../src/archive/s3-store.js';
import { startEmbeddedS3 } from '../../src/services/s3.js';
import { freePort } from '../../src/services/ports.js';

export interface TestS3 {
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
  directory: string;
  store: S3Store;
  /** Settings slice for createS3Store / Settings['s3']. */
  settings: { endpoint: string; region: string; bucket: string; accessKeyId: string; secretAccessKey: string; forcePathStyle: boolean };
  /** Stops the server abruptly (SIGKILL in child mode). */
  kill(): Promise<void>;
  /** Starts it again on the same port and directory. */
  restart(): Promise<void>;
  /** Freezes the server (SIGSTOP, child mode): connections are accepted, nothing is answered. */
  pause(): void;
  /** Lets a paused server run again (SIGCONT). */
  resume(): void;
  close(): Promise<void>;
}

let counter = 0;

export async function startS3(opts: { mode?: 'inprocess' | 'child'; log?: Logger } = {}): Promise<TestS3> {
  const log = opts.log ?? pino({ level: 'silent' });
  const root = await mkdtemp(join(tmpdir(), 'vigil-s3-'));
  const bucket = `test-${process.pid}-${++counter}`;
  const port = await freePort();
  let stopServer: () => Promise<void> = async () => undefined;
  let signal: (sig: NodeJS.Signals) => void = () => {
    throw new Error('pause/resume need startS3({ mode: "child" })');
  };
  let directory = join(root, 's3');

  const start = async () => {
    if (opts.mode === 'child') {
      const bin = join(dirname(createRequire(import.meta.url).resolve('s3rver/package.json')), 'bin', 's3rver.js');
      const child: ChildProcess = spawn(process.execPath, [bin, '-d', directory, '-a', '127.0.0.1', '-p', String(port), '-s', '--no-vhost-buckets', '--configure-bucket', bucket], { stdio: 'ignore' });
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      signal = (sig) => void child.kill(sig);
      stopServer = async () => {
        child.kill('SIGCONT'); // a paused child still dies on SIGKILL, but never leave it stopped
        child.kill('SIGKILL');
        await exited;
      };
      await waitForPort(port);
    } else {
      const s = await startEmbeddedS3({ dataDir: root, bucket, log, port });
      directory = s.directory;
      stopServer = () => s.stop();
    }
  };
  await start();

  const settings = { endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', bucket, accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', forcePathStyle: true };
  const store = createS3Store({ settings, log, maxAttempts: 1 });
  await store.ensureBucket();
  return {
    ...settings,
    directory,
    store,
    settings,
    kill: () => stopServer(),
    restart: start,
    pause: () => signal('SIGSTOP'),
    resume: () => signal('SIGCONT'),
    async close() {
      store.close();
      await stopServer();
      await rm(root, { recursive: true, force: true });
    },
  };
}

async function waitForPort(port: number): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const ok = await fetch(`http://127.0.0.1:${port}/`).then(() => true, () => false);
    if (ok) return;
    await sleep(50);
  }
  throw new Error(`s3rver did not listen on ${port}`);
}
