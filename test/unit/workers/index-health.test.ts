import { describe, expect, it } from 'vitest';
import { INDEX_FAILED_HINT, indexFailedAlert } from '../../../src/workers/index-health.js';

describe('index_failed alert', () => {
  const recent = [
    { kind: 'observation', record: 'observations/2025/11/10/B.json', reason: 'VGL_CATALOG_REJECTED: catalog: cannot index …', finishedOn: Date.parse('2025-11-10T10:00:02Z') },
    { kind: 'event', record: 'events/2025/11/10/A.candidate.json', reason: 'older', finishedOn: Date.parse('2025-11-10T10:00:01Z') },
    { kind: 'observation', record: 'observations/2025/11/10/A.json', reason: 'oldest', finishedOn: Date.parse('2025-11-10T10:00:00Z') },
  ];

  it('no failed jobs, no alert', () => {
    expect(indexFailedAlert(0, [])).toEqual([]);
  });

  it('public view: count, kinds and time, no error text or record keys', () => {
    expect(indexFailedAlert(7, recent)).toEqual([
      { type: 'index_failed', count: 7, kinds: ['event', 'observation'], lastFailedAt: '2025-11-10T10:00:02.000Z', hint: INDEX_FAILED_HINT },
    ]);
  });

  it('detailed view adds the newest failure reason and record', () => {
    expect(indexFailedAlert(3, recent, true)[0]).toMatchObject({
      lastError: 'VGL_CATALOG_REJECTED: catalog: cannot index …',
      lastRecord: 'observations/2025/11/10/B.json',
    });
  });
});
