// Embedded services: real redis-server and s3rver started from Settings, services.json
// published for joiners, data persisted across restarts, clean stop.
import { existsSync, readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
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
import { until } from '../helpers/pipeline.js';

const log = pino({ level: 'silent' });
const ROOT = join(import.meta.dirname, '..', '..');
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

  it('stops the redis-server and s3rver orphaned by a crashed owner before starting its own', async () => {
    const settings = settingsFor();
    // The owner is a real process, killed with SIGKILL: its services (own sessions) outlive it.
    const code = `import { startServices } from ${JSON.stringify(join(ROOT, 'src/services/index.ts'))};
      import pino from 'pino';
      const svc = await startServices(${JSON.stringify(settings)}, pino({ level: 'silent' }));
      process.send({ redisUrl: svc.redisUrl });`;
    const owner = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const { redisUrl } = await new Promise<{ redisUrl: string }>((res, rej) => (owner.once('message', (m) => res(m as { redisUrl: string })), owner.once('exit', (c) => rej(new Error(`owner exited ${c}`)))));
    const orphans = JSON.parse(await readFile(servicesFilePath(dataDir), 'utf8')) as { redisPid: number; s3Pid: number };
    await redisGet(redisUrl, 'survives', 'crash');
    owner.kill('SIGKILL');
    await new Promise((r) => owner.once('exit', r));
    expect(readFileSync(`/proc/${orphans.redisPid}/cmdline`, 'utf8')).toContain('redis-server'); // still running
    const second = await startServices(settings, log);
    try {
      expect(second.started).toEqual({ redis: true, s3: true });
      expect(second.redisUrl).not.toBe(redisUrl);
      await expect(redisCommand(Number(new URL(redisUrl).port), ['PING'], 500)).rejects.toThrow();
      expect(existsSync(`/proc/${orphans.redisPid}`) && !readFileSync(`/proc/${orphans.redisPid}/stat`, 'utf8').includes(') Z ')).toBe(false);
      expect(existsSync(`/proc/${orphans.s3Pid}`) && !readFileSync(`/proc/${orphans.s3Pid}/stat`, 'utf8').includes(') Z ')).toBe(false);
      expect((await redisGet(second.redisUrl, 'survives')).value).toBe('crash');
    } finally {
      await second.stop();
    }
  });

  it('runs each service in its own session, so a SIGTERM to our process group does not reach it', async () => {
    const svc = await startServices(settingsFor(), log);
    onTestFinished(() => svc.stop());
    const pgrp = (pid: number | 'self') => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[2]);
    const file = JSON.parse(await readFile(servicesFilePath(dataDir), 'utf8')) as { redisPid: number; s3Pid: number };
    for (const pid of [file.redisPid, file.s3Pid]) {
      expect(pid).toBeGreaterThan(0);
      expect(pgrp(pid)).toBe(pid); // leader of its own group
      expect(pgrp(pid)).not.toBe(pgrp('self'));
    }
  });

  it('restarts a redis-server that died, on the same port and data; clients carry on', async () => {
    const svc = await startServices(settingsFor(), log);
    onTestFinished(() => svc.stop());
    const client = new Redis(svc.redisUrl, { maxRetriesPerRequest: null });
    client.on('error', () => undefined); // the reset while Redis is down is expected
    onTestFinished(() => client.disconnect());
    await client.config('SET', 'appendfsync', 'always'); // the key must be on disk before the kill
    await client.set('before', 'crash');
    const first = JSON.parse(await readFile(servicesFilePath(dataDir), 'utf8')) as { redisPid: number };
    process.kill(first.redisPid, 'SIGKILL');
    // The same client, the same URL: it reconnects once the supervisor has Redis back.
    expect(await client.get('before')).toBe('crash');
    await client.set('after', 'restart');
    await until(async () => (svc.restarts().redis === 1 ? true : undefined), 'the restart to be counted');
    const again = await until(async () => {
      const f = JSON.parse(await readFile(servicesFilePath(dataDir), 'utf8')) as { redisPid: number };
      return f.redisPid !== first.redisPid ? f : undefined;
    }, 'services.json to name the new redis-server');
    expect(readFileSync(`/proc/${again.redisPid}/cmdline`, 'utf8')).toContain('redis-server');
  });

  it('restarts an s3rver that died, on the same port and directory', async () => {
    const svc = await startServices(settingsFor(), log);
    onTestFinished(() => svc.stop());
    const store = createS3Store({ settings: svc.s3, log, maxAttempts: 1 });
    onTestFinished(() => store.close());
    await store.put('kept/a.json', Buffer.from('{"a":1}'), { contentType: 'application/json' });
    const first = JSON.parse(await readFile(servicesFilePath(dataDir), 'utf8')) as { s3Pid: number };
    process.kill(first.s3Pid, 'SIGKILL');
    const back = await until(async () => (await store.get('kept/a.json').catch(() => undefined)) ?? undefined, 'the object to be served again');
    expect(back.toString()).toBe('{"a":1}');
    await until(async () => (svc.restarts().s3 === 1 ? true : undefined), 'the restart to be counted');
    await store.put('kept/b.json', Buffer.from('{}'), { contentType: 'application/json' });
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
