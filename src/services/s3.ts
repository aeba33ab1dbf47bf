// Embedded S3 API for `vigil run` without s3.endpoint: s3rver in-process, objects under
// <dataDir>/s3, loopback only. Quirks handled elsewhere: it ignores ChecksumSHA256 and
// If-None-Match (S3Store.probe() detects both and falls back to HEAD-then-PUT), only accepts
// the S3RVER/S3RVER key pair, needs bucket names of 3–63 characters, and fails truncated
// ListObjectsV2 on Node 20 (DES continuation tokens; S3Store lists with v1 + Marker).
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Logger } from 'pino';
import S3rver from 's3rver';
import { VigilError } from '../errors.js';

export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } as const;

export interface EmbeddedS3 {
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle: true;
  directory: string;
  stop(): Promise<void>;
}

export interface S3Deps {
  dataDir: string;
  bucket: string;
  log: Logger;
  /** Defaults to a free port; tests pass a fixed one to restart a server on the same address. */
  port?: number;
}

export async function startEmbeddedS3(deps: S3Deps): Promise<EmbeddedS3> {
  const log = deps.log.child({ component: 's3' });
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(deps.bucket)) {
    throw new VigilError('VGL_CONFIG_INVALID', `config: s3.bucket: "${deps.bucket}" is not a valid bucket name (3-63 lowercase letters, digits, . or -)`);
  }
  const directory = resolve(deps.dataDir, 's3');
  await mkdir(directory, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: deps.port ?? 0,
    directory,
    silent: true,
    resetOnClose: false,
    vhostBuckets: false,
    configureBuckets: [{ name: deps.bucket }],
  });
  let port: number;
  try {
    ({ port } = await server.run());
  } catch (cause) {
    throw new VigilError('VGL_SERVICE_START_FAILED', `embedded S3 (s3rver) did not start on ${directory}: ${(cause as Error).message}; check the data dir is writable or set s3.endpoint`, { cause });
  }
  const endpoint = `http://127.0.0.1:${port}`;
  log.info({ endpoint, directory, bucket: deps.bucket }, 'embedded s3 started');
  let stopped = false;
  return {
    endpoint,
    region: 'us-east-1',
    bucket: deps.bucket,
    ...S3RVER_CREDENTIALS,
    forcePathStyle: true,
    directory,
    async stop() {
      if (stopped) return;
      stopped = true;
      // close() waits for open keep-alive sockets; drop them so shutdown is prompt.
      const closed = server.close();
      server.httpServer?.closeAllConnections();
      await closed;
      log.info({ endpoint }, 'embedded s3 stopped');
    },
  };
}
