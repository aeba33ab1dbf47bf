// A real redis-server for one test file: unique temp dir, free loopback port, the same
// flags as the embedded service. `close()` shuts it down (SHUTDOWN) and removes the dir.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startEmbeddedRedis } from '../../src/services/redis.js';

export interface TestRedis {
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startRedis(): Promise<TestRedis> {
  const dir = await mkdtemp(join(tmpdir(), 'vigil-redis-'));
  const redis = await startEmbeddedRedis({ dataDir: dir, log: pino({ level: 'silent' }) });
  return {
    url: redis.url,
    port: redis.port,
    async close() {
      await redis.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
