// Offline commands (verify --bucket, reindex) read the bucket directly: the configured S3, or the
// embedded store in the data dir, started here only for the duration of the command.
import { existsSync, readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { Settings } from '../config/schema.js';
import { createS3Store, type S3Store } from '../archive/s3-store.js';
import { startEmbeddedS3 } from '../services/s3.js';
import { readServicesFile } from '../services/index.js';

export interface BucketAccess {
  store: S3Store;
  close(): Promise<void>;
}

export async function openBucket(settings: Readonly<Settings>, log: Logger): Promise<BucketAccess> {
  let s3 = settings.s3;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!s3.endpoint) {
    // A running `vigil run` on this data dir owns the embedded store: join it instead of opening the files twice.
    const running = await readServicesFile(settings.dataDir);
    if (running?.s3Endpoint) {
      s3 = { ...s3, endpoint: running.s3Endpoint };
    } else {
      const e = await startEmbeddedS3({ dataDir: settings.dataDir, bucket: s3.bucket, log });
      stopEmbedded = () => e.stop();
      s3 = { ...s3, endpoint: e.endpoint, accessKeyId: e.accessKeyId, secretAccessKey: e.secretAccessKey };
    }
  }
  const store = createS3Store({ settings: s3, log });
  return {
    store,
    close: async () => {
      store.close();
      await stopEmbedded?.();
    },
  };
}

export const readPemSetting = (file: string | undefined): string | undefined => (file && existsSync(file) ? readFileSync(file, 'utf8') : undefined);
