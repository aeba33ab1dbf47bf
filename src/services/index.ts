// Embedded defaults for `vigil run`: start Redis and the S3 API only when their URLs are not
// configured, join the ones another live process on the same data dir already runs, and
// publish what we started in <dataDir>/run/services.json until stop().
import type { Logger } from 'pino';
import type { Settings } from '../config/schema.js';
import { startEmbeddedRedis, type EmbeddedRedis } from './redis.js';
import { describeRedis, isExternalRedis } from '../app/redis-client.js';
import { startEmbeddedS3, S3RVER_CREDENTIALS, type EmbeddedS3 } from './s3.js';
import { readServicesFile, reapOrphanedRedis, removeServicesFile, writeServicesFile } from './services-file.js';

export { freePort } from './ports.js';
export { startEmbeddedRedis, type EmbeddedRedis } from './redis.js';
export { startEmbeddedS3, type EmbeddedS3 } from './s3.js';
export { readServicesFile, servicesFilePath, ServicesFile } from './services-file.js';

export interface Services {
  redisUrl: string;
  s3: Settings['s3'] & { endpoint: string };
  /** Configured PostgreSQL URL; undefined means the catalog uses PGlite under the data dir. */
  databaseUrl?: string;
  /** What this process started itself (the rest was configured or joined). */
  started: { redis: boolean; s3: boolean };
  stop(): Promise<void>;
}

export interface ServicesOptions {
  /** Join services published by another live process on the data dir (default true). */
  join?: boolean;
}

export async function startServices(settings: Settings, log: Logger, opts: ServicesOptions = {}): Promise<Services> {
  const slog = log.child({ component: 'services' });
  const joined = opts.join === false ? null : await readServicesFile(settings.dataDir);
  let redis: EmbeddedRedis | undefined;
  let s3: EmbeddedS3 | undefined;
  const stopAll = async () => {
    await Promise.allSettled([redis?.stop(), s3?.stop()]);
  };
  try {
    // A Redis Cluster / Sentinel setup is external: nothing embedded to start or join.
    let redisUrl = settings.redis.url ?? (isExternalRedis(settings.redis) ? describeRedis(settings.redis) : joined?.redisUrl);
    if (!redisUrl) {
      const reaped = await reapOrphanedRedis(settings.dataDir);
      if (reaped) slog.warn({ pid: reaped }, 'stopped a redis-server left by a crashed run');
      redis = await startEmbeddedRedis({ dataDir: settings.dataDir, log });
      redisUrl = redis.url;
    }
    let s3Settings: Services['s3'];
    const endpoint = settings.s3.endpoint ?? joined?.s3Endpoint;
    if (endpoint) {
      s3Settings = { ...settings.s3, endpoint };
      if (!settings.s3.endpoint) Object.assign(s3Settings, S3RVER_CREDENTIALS, { forcePathStyle: true });
    } else {
      s3 = await startEmbeddedS3({ dataDir: settings.dataDir, bucket: settings.s3.bucket, log });
      s3Settings = { ...settings.s3, endpoint: s3.endpoint, ...S3RVER_CREDENTIALS, forcePathStyle: true, region: s3.region };
    }
    const started = { redis: !!redis, s3: !!s3 };
    if (redis || s3) {
      await writeServicesFile(settings.dataDir, {
        v: 1,
        pid: process.pid,
        startedAt: new Date().toISOString(),
        redisUrl: redis?.url,
        redisPid: redis?.pid,
        s3Endpoint: s3?.endpoint,
        bucket: settings.s3.bucket,
      });
    }
    slog.info({ redisUrl, s3: s3Settings.endpoint, started, joined: !!joined }, 'services ready');
    return {
      redisUrl,
      s3: s3Settings,
      databaseUrl: settings.database.url,
      started,
      async stop() {
        // A joiner started nothing and must not hide the owner's services.
        if (redis || s3) await removeServicesFile(settings.dataDir);
        await stopAll();
      },
    };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
