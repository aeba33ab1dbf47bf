// Offline commands (verify --bucket, reindex) read the bucket directly: the configured S3, or the
// embedded store in the data dir, started here only for the duration of the command.
// The S3 client and the embedded services load only when a command opens the bucket: every other
// command (and `--help`) starts without them.
import { existsSync, readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import { VigilError } from '../errors.js';
import type { Settings } from '../config/schema.js';
import type { S3Store } from '../archive/s3-store.js';

export interface BucketAccess {
  store: S3Store;
  close(): Promise<void>;
}

export async function openBucket(settings: Readonly<Settings>, log: Logger): Promise<BucketAccess> {
  let s3 = settings.s3;
  let stopEmbedded: (() => Promise<void>) | undefined;
  const [{ createS3Store }, { startEmbeddedS3 }, { readServicesFile }] = await Promise.all([import('../archive/s3-store.js'), import('../services/s3.js'), import('../services/index.js')]);
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

/**
 * A PEM file named by a setting or option. A name that cannot be read is an error, never a
 * silent "not pinned": a verifier that asked for a pin must get it or stop.
 */
export function readPemSetting(file: string | undefined, name = 'integrity.tsaCaFile'): string | undefined {
  if (!file) return undefined;
  if (!existsSync(file)) throw new VigilError(name.startsWith('--') ? 'VGL_BAD_REQUEST' : 'VGL_CONFIG_INVALID', `${name} ${file}: no such file`);
  const pem = readFileSync(file, 'utf8');
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new VigilError(name.startsWith('--') ? 'VGL_BAD_REQUEST' : 'VGL_CONFIG_INVALID', `${name} ${file}: holds no PEM certificate`);
  return pem;
}
