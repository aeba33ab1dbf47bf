import { describe, expect, it } from 'vitest';
import { isUnavailable, safeEndpoint, toStoreError } from '../../../src/archive/store-errors.js';

const ctx = { op: 'PUT', key: 'blobs/x', bucket: 'vigil', endpoint: 'http://admin:hunter2@127.0.0.1:9000/' };

describe('toStoreError', () => {
  it('maps connection errors to VGL_STORE_UNAVAILABLE without credentials', () => {
    const err = toStoreError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9000'), { code: 'ECONNREFUSED' }), ctx);
    expect(err.code).toBe('VGL_STORE_UNAVAILABLE');
    expect(err.retryable).toBe(true);
    expect(err.message).toContain('ECONNREFUSED');
    expect(err.message).toContain('127.0.0.1:9000');
    expect(err.message).not.toContain('hunter2');
    expect(err.message).not.toContain('admin');
  });
  it('maps 5xx and nested network causes to unavailable', () => {
    expect(isUnavailable({ name: 'InternalError', $metadata: { httpStatusCode: 500 } })).toBe(true);
    expect(isUnavailable({ name: 'X', $metadata: { httpStatusCode: 503 } })).toBe(true);
    expect(isUnavailable({ name: 'Error', cause: { code: 'ECONNRESET' } })).toBe(true);
    expect(isUnavailable({ name: 'AccessDenied', $metadata: { httpStatusCode: 403 } })).toBe(false);
  });
  it('maps auth and missing-bucket failures to VGL_STORE_REJECTED with what to fix', () => {
    const denied = toStoreError({ name: 'InvalidAccessKeyId', $metadata: { httpStatusCode: 403 } }, ctx);
    expect(denied.code).toBe('VGL_STORE_REJECTED');
    expect(denied.message).toContain('s3.accessKeyId');
    const nb = toStoreError({ name: 'NoSuchBucket', $metadata: { httpStatusCode: 404 } }, ctx);
    expect(nb.message).toContain('bucket "vigil" does not exist');
  });
  it('strips userinfo and query from endpoints', () => {
    expect(safeEndpoint('https://u:p@minio.local:9000/?token=1')).toBe('https://minio.local:9000');
    expect(safeEndpoint(undefined)).toBe('default AWS endpoint');
  });
});
