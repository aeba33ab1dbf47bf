// Embedded services: real redis-server and s3rver started from Settings, services.json
// published for joiners, data persisted across restarts, clean stop.
import { existsSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import { SettingsSchema, type Settings } from '../../src/config/schema.js';
import { createS3Store } from '../../src/archive/s3-store.js';
import { isVigilError } from '../../src/errors.js';
import { servicesFilePath, startServices, startEmbeddedRedis } from '../../src/services/index.js';
import { redisCommand } from '../../src/services/resp.js';
import { startRedis } from '../helpers/startRedis.js';
import { startS3 } from '../helpers/startS3.js';

const log = pino({ level: 'silent' });
let dataDir: string;
const settingsFor = (extra: object = {}): Settings => SettingsSchema.parse({ dataDir, ...extra });

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vigil-services-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const redisGet = async (url: string, key: string, value?: string) => {
  const r = new Redis(url, { maxRetriesPerRequest: 1, lazyConnect: true });
  try {
    await r.connect();
    if (value !== undefined) await r.set(key, value);
    const conf = async (name: string) => ((await r.config('GET', name)) as string[])[1];
    return { value: await r.get(key), policy: await conf('maxmemory-policy'), aof: await conf('appendonly') };
  } finally {
    r.disconnect();
  }
};

describe('startServices', () => {
  it('starts redis and s3 on loopback, publishes services.json, keeps data across restarts, stops cleanly', async () => {
    const settings = settingsFor();
    const svc = await startServices(settings, log);
    onTestFinished(() => svc.stop());
    expect(svc.started).toEqual({ redis: true, s3: true });
    expect(svc.redisUrl).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    expect(svc.s3.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);

    expect(await redisGet(svc.redisUrl, 'k', 'v1')).toEqual({ value: 'v1', policy: 'noeviction', aof: 'yes' });
    const store = createS3Store({ settings: svc.s3, log });
    await store.ping(); // bucket was created
    await store.put('a/b.json', Buffer.from('{}'), { contentType: 'application/json' });
    store.close();

    const file = JSON.parse(await readFile(servicesFilePath(dataDir), 'utf8'));
    expect(file).toMatchObject({ v: 1, pid: process.pid, redisUrl: svc.redisUrl, s3Endpoint: svc.s3.endpoint, bucket: 'vigil' });
    expect(JSON.stringify(file)).not.toContain('S3RVER'); // no credentials in the file

    // A second process on the same data dir joins instead of starting its own.
    const joined = await startServices(settings, log);
    expect(joined.started).toEqual({ redis: false, s3: false });
    expect([joined.redisUrl, joined.s3.endpoint]).toEqual([svc.redisUrl, svc.s3.endpoint]);
    await joined.stop();
    expect(existsSync(servicesFilePath(dataDir))).toBe(true); // only the owner removes it

    const port = Number(new URL(svc.redisUrl).port);
    await svc.stop();
    expect(existsSync(servicesFilePath(dataDir))).toBe(false);
    await expect(redisCommand(port, ['PING'], 500)).rejects.toThrow();
    expect(existsSync(join(dataDir, 'redis', 'appendonlydir'))).toBe(true);

    // Restart on the same data dir: the key (AOF) and the object (s3 dir) are still there.
    const again = await startServices(settings, log);
    try {
      expect((await redisGet(again.redisUrl, 'k')).value).toBe('v1');
      const store2 = createS3Store({ settings: again.s3, log });
      expect((await store2.get('a/b.json'))?.toString()).toBe('{}');
      store2.close();
    } finally {
      await again.stop();
    }
  });

  it('starts only what is not configured', async () => {
    const redis = await startRedis();
    const s3 = await startS3();
    try {
      const svc = await startServices(settingsFor({ redis: { url: redis.url }, s3: { endpoint: s3.endpoint, bucket: s3.bucket } }), log);
      expect(svc.started).toEqual({ redis: false, s3: false });
      expect(svc.redisUrl).toBe(redis.url);
      expect(svc.s3.endpoint).toBe(s3.endpoint);
      expect(existsSync(servicesFilePath(dataDir))).toBe(false);
      await svc.stop();
      expect((await redisGet(redis.url, 'still', 'up')).value).toBe('up'); // not stopped: not ours
    } finally {
      await s3.close();
      await redis.close();
    }
  });

  it('stops a redis-server orphaned by a crashed owner before starting its own', async () => {
    const settings = settingsFor();
    const first = await startServices(settings, log);
    let second: Awaited<ReturnType<typeof startServices>> | undefined;
    try {
      await redisGet(first.redisUrl, 'survives', 'crash');
      // Pretend the owner died: services.json now names a pid that no longer exists.
      const dead = spawnSync(process.execPath, ['-e', '0']).pid;
      const file = JSON.parse(await readFile(servicesFilePath(dataDir), 'utf8'));
      await writeFile(servicesFilePath(dataDir), JSON.stringify({ ...file, pid: dead }));
      second = await startServices(settings, log);
      expect(second.started.redis).toBe(true);
      expect(second.redisUrl).not.toBe(first.redisUrl);
      await expect(redisCommand(Number(new URL(first.redisUrl).port), ['PING'], 500)).rejects.toThrow();
      expect((await redisGet(second.redisUrl, 'survives')).value).toBe('crash');
    } finally {
      await second?.stop();
      await first.stop();
    }
  });

  it('says how to install redis-server when it is missing', async () => {
    const err = await startEmbeddedRedis({ dataDir, log, binary: join(dataDir, 'no-redis-server') }).catch((e: unknown) => e);
    expect(isVigilError(err, 'VGL_SERVICE_START_FAILED')).toBe(true);
    expect((err as Error).message).toContain('apt-get install redis-server');
  });

  it('rejects an invalid bucket name for the embedded store', async () => {
    const err = await startServices(settingsFor({ s3: { bucket: 'ab' }, redis: { url: 'redis://127.0.0.1:1' } }), log).catch((e: unknown) => e);
    expect(isVigilError(err, 'VGL_CONFIG_INVALID')).toBe(true);
  });
});
