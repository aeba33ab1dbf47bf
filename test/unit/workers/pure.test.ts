import { describe, expect, it } from 'vitest';
import { capRetryAfter, parseRetryAfter } from '../../../src/fetch/rate-limit.js';
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
  it('caps Retry-After (default 1 h) and never returns a negative, NaN or infinite pause', () => {
    expect(parseRetryAfter(String(86_400 * 365))).toBe(3_600_000);
    expect(parseRetryAfter('9'.repeat(400))).toBe(3_600_000);
    expect(parseRetryAfter('Fri, 31 Dec 9999 23:59:59 GMT')).toBe(3_600_000);
    expect(parseRetryAfter('600', Date.now(), 60_000)).toBe(60_000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.parse('Wed, 21 Oct 2015 07:29:00 GMT'))).toBe(0);
    expect(capRetryAfter(Number.NaN, 5000)).toBe(5000);
    expect(capRetryAfter(-5, 5000)).toBe(0);
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
