// The soak's verdict (scripts/soak/count.ts): what counts as lost, duplicated and a false alarm.
import { describe, expect, it } from 'vitest';
import { countSoak, type SoakEvent } from '../../../scripts/soak/count.js';

const ev = (id: string, type: string, status: string, postId?: string): SoakEvent => ({ id, type, status, ...(postId ? { postId } : {}) });

describe('soak counts', () => {
  const truth = { published: new Set(['c/1', 'c/2', 'c/3', 'c/4']), deleted: new Set(['c/2', 'c/4']) };

  it('all zero when every post is archived, every archived deletion reported once, nothing else confirmed', () => {
    const r = countSoak(truth, {
      // c/4 was deleted before any poll saw it: not Vigil's to keep, nor to report.
      archived: new Set(['c/1', 'c/2', 'c/3']),
      events: [ev('e1', 'post_deleted', 'candidate', 'c/2'), ev('e1', 'post_deleted', 'confirmed', 'c/2')],
      ledgerKeys: ['observations/a', 'events/e1.candidate', 'events/e1.confirmed'],
    });
    expect({ lost: r.lost, duplicated: r.duplicated, falseAlarms: r.falseAlarms }).toEqual({ lost: 0, duplicated: 0, falseAlarms: 0 });
  });

  it('counts a post never archived, an undetected deletion, a key ledgered twice, two events for one post and a confirmed event without truth', () => {
    const r = countSoak(truth, {
      archived: new Set(['c/1', 'c/2', 'c/4']),
      events: [ev('e1', 'post_deleted', 'confirmed', 'c/2'), ev('e2', 'post_deleted', 'candidate', 'c/2'), ev('e3', 'post_deleted', 'confirmed', 'c/1'), ev('e5', 'account_deleted', 'confirmed')],
      ledgerKeys: ['observations/a', 'observations/a', 'events/e1.confirmed'],
    });
    expect(r.lost).toBe(2); // c/3 never archived; c/4 archived, deleted, never reported
    expect(r.duplicated).toBe(2); // observations/a twice; e1 and e2 for c/2
    expect(r.falseAlarms).toBe(2); // c/1 was not deleted; the account was never touched
    expect(r.detail.undetected).toEqual(['c/4']);
  });
});
