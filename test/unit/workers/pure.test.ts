import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../../src/fetch/rate-limit.js';
import { IndexJob, ObserveJob, jobId } from '../../../src/workers/queues.js';
import { captureManifest } from '../../../src/workers/archive-poll.js';
import { CaptureManifest } from '../../../src/archive/types.js';

describe('worker pure helpers', () => {
  it('parses Retry-After seconds and dates', () => {
    expect(parseRetryAfter('30')).toBe(30_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:10 GMT', Date.parse('Wed, 21 Oct 2015 07:28:00 GMT'))).toBe(10_000);
    expect(parseRetryAfter('soon')).toBeNull();
    expect(parseRetryAfter(undefined)).toBeNull();
  });
  it('job ids are deterministic and safe', () => {
    expect(jobId('obs', 'telegram:durov', 123)).toBe('obs-telegram_durov-123');
  });
  it('payload schemas reject bad jobs', () => {
    expect(ObserveJob.safeParse({ targetId: 't', spec: 'telegram:x', dueAt: 1 }).success).toBe(true);
    expect(ObserveJob.safeParse({ targetId: '', spec: 'telegram:x', dueAt: 1 }).success).toBe(false);
    expect(IndexJob.safeParse({ kind: 'observation' }).success).toBe(false);
    expect(IndexJob.safeParse({ kind: 'touches' }).success).toBe(true);
  });
  it('http capture manifests are valid evidence records', () => {
    const m = captureManifest('01JAAAAAAAAAAAAAAAAAAAAAAA', 't1', {
      url: 'https://t.me/s/x', finalUrl: 'https://t.me/s/x', status: 200, headers: { 'content-type': 'text/html' }, body: Buffer.from('x'),
      fetchedAt: '2026-01-01T00:00:01Z', startedAt: '2026-01-01T00:00:00Z', purpose: 'listing',
      request: { method: 'GET', headers: { 'user-agent': 'ua' } }, redirects: [{ url: 'a', status: 302, location: 'b' }],
    }, { sha256: 'a'.repeat(64), size: 1 }, 'default');
    expect(CaptureManifest.parse(m).artifacts[0].name).toBe('page.html');
    expect(m.metadata?.redirects).toHaveLength(1);
  });
});
