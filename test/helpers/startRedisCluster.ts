// A real 3-node Redis Cluster on loopback ports (Debian redis-server, `--cluster-enabled yes`,
// joined with `redis-cli --cluster create`), one temp dir per node. `close()` stops every node
// (SIGTERM, by pid) and removes the dirs.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { freePort } from '../../src/services/ports.js';

const run = promisify(execFile);

export interface TestRedisCluster {
  /** Seed node URLs (redis://127.0.0.1:<port>). */
  urls: string[];
  ports: number[];
  close(): Promise<void>;
}

async function clusterOk(port: number): Promise<boolean> {
  const r = await run('redis-cli', ['-p', String(port), 'cluster', 'info']).catch(() => null);
  return !!r && /cluster_state:ok/.test(r.stdout);
}

export async function startRedisCluster(nodes = 3): Promise<TestRedisCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-redis-cluster-'));
  const ports: number[] = [];
  const children: ChildProcess[] = [];
  const close = async () => {
    for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)));
    await rm(dir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; i < nodes; i++) {
      const port = await freePort();
      ports.push(port);
      const args = ['--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes', '--cluster-config-file', join(dir, `nodes-${port}.conf`), '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--logfile', join(dir, `redis-${port}.log`)];
      children.push(spawn('redis-server', args, { stdio: 'ignore' }));
    }
    for (const p of ports) {
      for (let t = 0; ; t++) {
        if (await run('redis-cli', ['-p', String(p), 'ping']).then((r) => r.stdout.includes('PONG'), () => false)) break;
        if (t > 200) throw new Error(`redis-server on ${p} did not start`);
        await sleep(50);
      }
    }
    await run('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes']);
    for (let t = 0; !(await Promise.all(ports.map(clusterOk))).every(Boolean); t++) {
      if (t > 400) throw new Error('redis cluster did not reach cluster_state:ok');
      await sleep(50);
    }
    return { urls: ports.map((p) => `redis://127.0.0.1:${p}`), ports, close };
  } catch (e) {
    await close();
    throw e;
  }
}
