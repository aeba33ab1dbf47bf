// Records written before posts were addressed by strings carry `num` (a JS number): every reader
// accepts them as key = order = that number, while writers write the new shape only.
import { describe, expect, it } from 'vitest';
import { EventRecord, ObservationRecord } from '../../../src/archive/types.js';
import { PostRecord } from '../../../src/scrapers/types.js';
import { upgradeState } from '../../../src/detect/state.js';

const legacyPost = {
  id: 'durov/523', num: 523, url: 'https://t.me/durov/523', text: 'hi', html: 'hi', edited: false, links: [], media: [],
  replyTo: { url: 'https://t.me/durov/500', num: 500 }, groupedIds: [523, 524],
};

describe('old records stay readable', () => {
  it('a post record with num reads as key + order, replyTo.key, groupedKeys', () => {
    const p = PostRecord.parse(legacyPost);
    expect(p).toMatchObject({ id: 'durov/523', key: '523', order: '523', replyTo: { url: 'https://t.me/durov/500', key: '500' }, groupedKeys: ['523', '524'] });
    expect(p).not.toHaveProperty('num');
    expect(p).not.toHaveProperty('groupedIds');
    // A new record is read as written.
    const now = { ...legacyPost, num: undefined, groupedIds: undefined, replyTo: undefined, key: 'dQw4w9WgXcQ', order: '1700000000000000' };
    expect(PostRecord.parse(now)).toMatchObject({ key: 'dQw4w9WgXcQ', order: '1700000000000000' });
  });

  it('an order must be a canonical 64-bit decimal: an X id above 2^53 is exact, beyond 64 bits is refused', () => {
    const x = { ...legacyPost, num: undefined, key: '1790000000000000001', order: '1790000000000000001' };
    expect(PostRecord.parse(x).order).toBe('1790000000000000001');
    expect(PostRecord.safeParse({ ...x, order: '99999999999999999999' }).success).toBe(false);
    expect(PostRecord.safeParse({ ...x, order: '0523' }).success).toBe(false);
  });

  it('an observation record with post nums and a numeric range reads as keys, orders and an order range', () => {
    const rec = ObservationRecord.parse({
      v: 1, id: 'O1', target: 'durov', platform: 'telegram', url: 'https://t.me/s/durov', observedAt: '2024-01-01T00:00:00.000Z', state: 'ok',
      captures: [], posts: [{ id: 'durov/523', num: 523, sha256: 'a'.repeat(64), views: 5 }], range: { min: 500, max: 523 }, contentDigest: 'b'.repeat(64),
    });
    expect(rec.posts).toEqual([{ id: 'durov/523', key: '523', order: '523', sha256: 'a'.repeat(64), views: 5 }]);
    expect(rec.range).toEqual({ min: '500', max: '523' });
  });

  it('an event record without postKey is read as before', () => {
    const ev = EventRecord.parse({ v: 1, id: 'E1', type: 'post_deleted', status: 'confirmed', target: 'durov', postId: 'durov/523', detectedAt: 'x', window: { firstChangedAt: 'x' }, confidence: 0.9, rule: 'r', evidence: [] });
    expect(ev.postKey).toBeUndefined();
    expect(ev.postId).toBe('durov/523');
  });

  it('a hot state naming candidates by postNum, with a numeric sweep cursor, is upgraded on load', () => {
    const s = upgradeState({
      v: 1, state: 'ok', posts: { '523': 'abcd' }, sweep: 36,
      open: [{ id: 'E1', key: 'post_deleted:523', type: 'post_deleted', target: 't', postId: 'durov/523', postNum: 523, rule: 'listing.missing_in_covered_range', confidence: 0.75, detectedAt: 'x', firstChangedAt: 'x', agree: 1, lastAgreeAt: 'x', evidence: [] }],
    });
    expect(s.sweep).toBe('36');
    expect(s.open[0]).toMatchObject({ postKey: '523', postOrder: '523' });
    expect(s.open[0]).not.toHaveProperty('postNum');
    expect(s.posts).toEqual({ '523': 'abcd' });
  });
});
