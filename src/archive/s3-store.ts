// ObjectStore over @aws-sdk/client-s3 (MinIO, AWS S3, s3rver). Sends ChecksumSHA256 on put so
// stores that verify it reject corrupted uploads, and uses `If-None-Match: *` for write-once
// keys where the store honours it. s3rver ignores both; `probe()` finds that out once and the
// store falls back to HEAD-then-PUT. With `objectLockDays`, evidence puts carry COMPLIANCE
// retention when the bucket has Object Lock enabled (checked once; otherwise one warning).
import {
  S3Client,
  PutObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  HeadBucketCommand,
  CreateBucketCommand,
  DeleteObjectCommand,
  ListObjectsCommand,
  GetObjectLockConfigurationCommand,
} from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import type { Settings } from '../config/schema.js';
import type { ObjectStore } from './types.js';
import { httpStatusOf, safeEndpoint, toStoreError } from './store-errors.js';
import { newId, sha256Hex } from '../ids.js';
import { isRetainedKey, retentionParams } from './object-lock.js';

export type S3Settings = Settings['s3'];

export interface StoreCapabilities {
  /** The store answers 412 to a second `If-None-Match: *` put. */
  conditionalPut: boolean;
  /** The store rejects a put whose ChecksumSHA256 does not match the body. */
  verifiesChecksum: boolean;
}

/** Result of a put: `existed` is true when a write-once key already held an object (nothing was written). */
export interface PutResult {
  versionId?: string;
  existed?: boolean;
}

export interface S3Store extends ObjectStore {
  readonly bucket: string;
  readonly endpoint: string;
  /** Creates the bucket when missing (idempotent). */
  ensureBucket(): Promise<void>;
  /** Finds out (once, cached) what the store supports; call after ensureBucket. */
  probe(): Promise<StoreCapabilities>;
  /** Body as a stream (verify hashes large blobs without buffering them); null when missing. */
  getStream(key: string): Promise<Readable | null>;
  put(key: string, body: Buffer, opts: { contentType: string; sha256?: string; ifNoneMatch?: boolean }): Promise<PutResult>;
  /** Whether evidence puts are Object-Locked (false until checked, or when objectLockDays is 0). */
  objectLock(): Promise<boolean>;
  /** Removes an object; only for tests and probes, evidence is never deleted. */
  remove(key: string): Promise<void>;
  close(): void;
}

export interface S3StoreDeps {
  settings: S3Settings;
  log: Logger;
  /** SDK attempts per request (1 = no SDK retries; Archive's outbox handles long outages). */
  maxAttempts?: number;
  connectTimeoutMs?: number;
  requestTimeoutMs?: number;
  /** Keys per LIST request (S3 caps it at 1000). */
  listPageSize?: number;
  /** settings.integrity.objectLockDays: COMPLIANCE retention on evidence puts (0 = off). */
  objectLockDays?: number;
  now?: () => Date;
}

const toBase64 = (hex: string): string => Buffer.from(hex, 'hex').toString('base64');

export function createS3Store(deps: S3StoreDeps): S3Store {
  const { settings } = deps;
  const log = deps.log.child({ component: 's3-store' });
  const bucket = settings.bucket;
  const endpoint = settings.endpoint ?? '';
  const client = new S3Client({
    endpoint: settings.endpoint,
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
    maxAttempts: deps.maxAttempts ?? 3,
    // We send ChecksumSHA256 ourselves; don't let the SDK add CRC32 (or aws-chunked trailers old servers can't parse).
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    requestHandler: { connectionTimeout: deps.connectTimeoutMs ?? 5000, requestTimeout: deps.requestTimeoutMs ?? 60_000 },
  });
  const fail = (op: string, key?: string) => (err: unknown): never => {
    throw toStoreError(err, { op, key, bucket, endpoint });
  };
  let caps: StoreCapabilities | undefined;
  let probing: Promise<StoreCapabilities> | undefined;
  const lockDays = deps.objectLockDays ?? 0;
  const now = deps.now ?? (() => new Date());
  let lockCheck: Promise<boolean> | undefined;

  // Once per store: does the bucket have Object Lock enabled? s3rver answers 501, a bucket made
  // without it 404/400; either way we go on without retention (`vigil verify` stays the guarantee).
  const objectLock = (): Promise<boolean> => {
    if (lockDays <= 0) return Promise.resolve(false);
    lockCheck ??= client
      .send(new GetObjectLockConfigurationCommand({ Bucket: bucket }))
      .then((r) => r.ObjectLockConfiguration?.ObjectLockEnabled === 'Enabled')
      .catch((err: unknown) => {
        const status = httpStatusOf(err);
        if (status === undefined || (status >= 500 && status !== 501)) {
          lockCheck = undefined; // transient: ask again on the next put
          return fail('GET object-lock', bucket)(err);
        }
        return false;
      })
      .then((on) => {
        if (on) log.info({ days: lockDays }, 'object lock: evidence puts get COMPLIANCE retention');
        else log.warn({ days: lockDays, endpoint: safeEndpoint(endpoint) }, 'object lock requested (integrity.objectLockDays) but the bucket has no Object Lock; writing without retention, `vigil verify --bucket` remains the guarantee');
        return on;
      });
    return lockCheck;
  };

  const head = async (key: string): Promise<{ size: number } | null> => {
    try {
      const r = await client.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
      return { size: r.ContentLength ?? 0 };
    } catch (err) {
      if (httpStatusOf(err) === 404) return null;
      return fail('HEAD', key)(err);
    }
  };

  const rawPut = async (key: string, body: Buffer, opts: { contentType: string; sha256?: string; ifNoneMatch?: boolean }): Promise<PutResult> => {
    const lock = lockDays > 0 && isRetainedKey(key) && (await objectLock()) ? retentionParams(key, lockDays, now()) : {};
    const r = await client
      .send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentType: opts.contentType,
          ContentLength: body.length,
          ChecksumSHA256: opts.sha256 ? toBase64(opts.sha256) : undefined,
          IfNoneMatch: opts.ifNoneMatch ? '*' : undefined,
          ...lock,
        }),
      )
      .then((out) => ({ VersionId: out.VersionId, existed: false }))
      .catch((err: unknown) => {
        // 412: write-once key already exists, which is what the caller wanted.
        if (opts.ifNoneMatch && httpStatusOf(err) === 412) return { VersionId: undefined, existed: true };
        return fail('PUT', key)(err);
      });
    return r.existed ? { existed: true } : { versionId: r.VersionId };
  };

  const store: S3Store = {
    bucket,
    endpoint,

    async put(key, body, opts) {
      // Learn once whether If-None-Match is honoured; s3rver silently ignores it.
      if (opts.ifNoneMatch && !caps) await store.probe();
      if (opts.ifNoneMatch && caps && !caps.conditionalPut) {
        if (await head(key)) return { existed: true };
        return rawPut(key, body, { ...opts, ifNoneMatch: false });
      }
      return rawPut(key, body, opts);
    },

    async get(key) {
      try {
        const r = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        if (!r.Body) return Buffer.alloc(0);
        return Buffer.from(await r.Body.transformToByteArray());
      } catch (err) {
        const e = err as { name?: string };
        if (httpStatusOf(err) === 404 || e.name === 'NoSuchKey') return null;
        return fail('GET', key)(err);
      }
    },

    async getStream(key) {
      try {
        const r = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        // In Node the SDK body is an IncomingMessage (a Readable).
        return (r.Body as Readable | undefined) ?? null;
      } catch (err) {
        const e = err as { name?: string };
        if (httpStatusOf(err) === 404 || e.name === 'NoSuchKey') return null;
        return fail('GET', key)(err);
      }
    },

    head,

    objectLock,

    // ListObjects v1 with Marker, not v2: s3rver encrypts v2 continuation tokens with DES, which
    // OpenSSL 3 (Node 17+) refuses, so every truncated v2 listing fails with HTTP 500 there.
    async *list(prefix) {
      let marker: string | undefined;
      for (;;) {
        const r = await client
          .send(new ListObjectsCommand({ Bucket: bucket, Prefix: prefix, Marker: marker, MaxKeys: deps.listPageSize ?? 1000 }))
          .catch(fail('LIST', prefix));
        const keys = (r.Contents ?? []).map((o) => o.Key).filter((k): k is string => !!k);
        yield* keys;
        if (!r.IsTruncated || keys.length === 0) return;
        marker = keys[keys.length - 1];
      }
    },

    async ping() {
      await client.send(new HeadBucketCommand({ Bucket: bucket })).catch((err: unknown) => {
        if (httpStatusOf(err) === 404) return fail('HEAD bucket')(Object.assign(new Error('no bucket'), { name: 'NoSuchBucket', $metadata: { httpStatusCode: 404 } }));
        return fail('HEAD bucket')(err);
      });
    },

    async ensureBucket() {
      try {
        await client.send(new HeadBucketCommand({ Bucket: bucket }));
        return;
      } catch (err) {
        if (httpStatusOf(err) !== 404) fail('HEAD bucket')(err);
      }
      // A new bucket gets Object Lock when retention is asked for (it cannot be switched on later on AWS).
      await client.send(new CreateBucketCommand({ Bucket: bucket, ...(lockDays > 0 ? { ObjectLockEnabledForBucket: true } : {}) })).catch((err: unknown) => {
        const name = (err as { name?: string }).name;
        if (name === 'BucketAlreadyOwnedByYou' || name === 'BucketAlreadyExists') return;
        return fail('CREATE bucket')(err);
      });
      log.info({ bucket, endpoint: safeEndpoint(endpoint) }, 'bucket created');
    },

    probe() {
      if (caps) return Promise.resolve(caps);
      // Concurrent first puts share one probe.
      probing ??= runProbe().finally(() => {
        probing = undefined;
      });
      return probing;
    },

    async remove(key) {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key })).catch((err: unknown) => {
        // Object lock may refuse deletes; probes leave a 5-byte object behind then, which is harmless.
        log.debug({ err, key }, 'delete refused');
      });
    },

    close() {
      client.destroy();
    },
  };

  async function runProbe(): Promise<StoreCapabilities> {
    const key = `_vigil/probe/${newId()}`;
    const body = Buffer.from('probe');
    await rawPut(key, body, { contentType: 'text/plain', ifNoneMatch: true });
    let conditionalPut = true;
    try {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, IfNoneMatch: '*' }));
      conditionalPut = false; // a 2xx on an existing key: the condition was ignored
    } catch (err) {
      if (httpStatusOf(err) !== 412) fail('PUT probe', key)(err);
    }
    let verifiesChecksum = false;
    const bad = `${key}.checksum`;
    try {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: bad, Body: body, ChecksumSHA256: toBase64(sha256Hex('not the body')) }));
      await store.remove(bad);
    } catch (err) {
      const status = httpStatusOf(err);
      if (status === undefined || status >= 500) fail('PUT probe', bad)(err);
      verifiesChecksum = true;
    }
    await store.remove(key);
    caps = { conditionalPut, verifiesChecksum };
    if (!conditionalPut || !verifiesChecksum) log.warn({ ...caps, endpoint: safeEndpoint(endpoint) }, 'object store lacks features; using HEAD-then-PUT and read-back hash checks');
    return caps;
  }
  return store;
}
