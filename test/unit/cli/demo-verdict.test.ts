// When the demo's verdict is due: after every ground-truth event's confirmation span, once all of
// them are confirmed, or at the deadline, never at a fixed time that a slow machine can miss.
import { describe, expect, it } from 'vitest';
import { confirmSpanEnd, verdictDue, type VerdictRow, type VerdictTiming } from '../../../src/cli/demo/verdict.js';

const T0 = Date.parse('2026-11-25T10:00:00Z');
const iso = (s: number) => new Date(T0 + s * 1000).toISOString();
const timing: VerdictTiming = { everyMs: 15_000, minSpanMs: 20_000, graceMs: 180_000 };
const row = (atS: number, found: boolean, lagS = 17): VerdictRow => ({ truth: { at: iso(atS), lagMs: lagS * 1000 }, found });
const scenarioEnd = T0 + 170_000;
const at = (s: number) => T0 + s * 1000;

describe('confirmSpanEnd', () => {
  it('is the truth time + detection lag + minSpan, plus one more poll and confirm round', () => {
    expect(confirmSpanEnd(row(150, false).truth, timing)).toBe(at(150 + 17 + 20 + 15 + 20));
    // A deletion three pages back waits for the sweep: a longer lag, a later span end.
    expect(confirmSpanEnd(row(70, false, 51).truth, timing)).toBe(at(70 + 51 + 55));
  });
});

describe('verdictDue', () => {
  const rows = [row(45, true), row(70, true, 51), row(150, true)]; // last span ends at 150+72 = 222 s

  it('is not due while the scenario plays, nor before the last confirmation span, even when all is found', () => {
    expect(verdictDue(at(100), scenarioEnd, rows, timing).due).toBe(false);
    expect(verdictDue(at(200), scenarioEnd, rows, timing)).toEqual({ due: false, pending: 0, deadlineMs: at(222 + 180) });
  });

  it('is due (settled) once every span has passed and every truth event is confirmed', () => {
    expect(verdictDue(at(222), scenarioEnd, rows, timing)).toEqual({ due: true, why: 'settled', pending: 0 });
  });

  it('waits past the spans while a truth event is still a candidate (the slow-machine case), then decides when it lands', () => {
    const slow = [row(45, true), row(70, true, 51), row(110, false)]; // e.g. the ministry's removal still a candidate
    expect(verdictDue(at(250), scenarioEnd, slow, timing)).toEqual({ due: false, pending: 1, deadlineMs: at(182 + 180) }); // spans end at 117, 176, 182 s
    expect(verdictDue(at(251), scenarioEnd, [slow[0], slow[1], row(110, true)], timing)).toEqual({ due: true, why: 'settled', pending: 0 });
  });

  it('always ends: at the deadline it is due with what is still pending', () => {
    const stuck = [row(45, true), row(150, false)];
    expect(verdictDue(at(222 + 179), scenarioEnd, stuck, timing).due).toBe(false);
    expect(verdictDue(at(222 + 180), scenarioEnd, stuck, timing)).toEqual({ due: true, why: 'deadline', pending: 1 });
  });

  it('with no truth at all, waits for the scenario and its grace only as a bound', () => {
    expect(verdictDue(at(169), scenarioEnd, [], timing).due).toBe(false);
    expect(verdictDue(at(170), scenarioEnd, [], timing)).toEqual({ due: true, why: 'settled', pending: 0 });
  });
});
