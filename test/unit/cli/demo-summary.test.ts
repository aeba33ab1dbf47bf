import { describe, expect, it } from 'vitest';
import { compareWithTruth, postNumOf, type ReportedEvent, type TruthItem } from '../../../src/cli/demo/truth-check.js';
import { statusLine } from '../../../src/cli/demo/status-line.js';

const at = '2026-11-25T10:00:00Z';
const truth: TruthItem[] = [
  { type: 'post_deleted', channel: 'a_sim', postNum: 12, at },
  { type: 'post_deleted', channel: 'a_sim', postNum: 13, at },
  { type: 'account_restricted', channel: 'b_sim', at },
];
const ev = (id: string, type: string, status: string, channel: string, postNum?: number): ReportedEvent => ({ id, type, status, channel, ...(postNum ? { postNum } : {}) });

describe('compareWithTruth', () => {
  it('matches confirmed events by type, channel and post; candidates are pending, not found', () => {
    const r = compareWithTruth(truth, [ev('1', 'post_deleted', 'confirmed', 'a_sim', 12), ev('2', 'post_deleted', 'candidate', 'a_sim', 13), ev('3', 'account_restricted', 'confirmed', 'b_sim')]);
    expect(r.found).toBe(2);
    expect(r.missed).toBe(1);
    expect(r.rows[1].candidate?.id).toBe('2');
    expect(r.falseAlarms).toEqual([]);
  });

  it('reports confirmed events with no ground truth as false alarms, and the wrong post as missed', () => {
    const r = compareWithTruth(truth, [ev('1', 'post_deleted', 'confirmed', 'a_sim', 99), ev('2', 'account_deleted', 'confirmed', 'c_sim')]);
    expect(r.found).toBe(0);
    expect(r.falseAlarms.map((f) => f.id)).toEqual(['1', '2']);
  });

  it('one event cannot satisfy two truth items', () => {
    const r = compareWithTruth([truth[2], truth[2]], [ev('3', 'account_restricted', 'confirmed', 'b_sim')]);
    expect(r.found).toBe(1);
    expect(r.missed).toBe(1);
  });

  it('statements are matched by their URL, not by a number', () => {
    const url = 'http://127.0.0.1:1/press/3-statement';
    const t: TruthItem[] = [{ type: 'post_deleted', channel: 'ministry', postId: url, at }];
    expect(compareWithTruth(t, [{ ...ev('1', 'post_deleted', 'confirmed', 'ministry'), postId: url }]).found).toBe(1);
    expect(compareWithTruth(t, [{ ...ev('1', 'post_deleted', 'confirmed', 'ministry'), postId: url + 'x' }]).found).toBe(0);
  });

  it('reads post numbers from post ids', () => {
    expect(postNumOf('politzek_support_sim/31')).toBe(31);
    expect(postNumOf(undefined)).toBeUndefined();
  });
});

describe('statusLine', () => {
  it('shows progress, targets, posts and event counts', () => {
    const line = statusLine({ elapsedMs: 85_000, scenarioMs: 170_000, targets: 5, targetsOk: 4, posts: 340, candidates: 1, confirmed: 7, dismissed: 0 }, 10);
    expect(line).toBe('scenario █████░░░░░ 85s/170s | targets 4/5 ok | posts archived 340 | events: 1 candidate, 7 confirmed, 0 dismissed');
  });
});
