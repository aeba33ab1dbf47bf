import { describe, expect, it } from 'vitest';
import { judgeVantages, type VantageAnswer } from '../../../src/detect/vantages.js';
import { turnOf } from '../../../src/fetch/vantage-rotation.js';

const kz = (state: VantageAnswer['state'], reason?: string): VantageAnswer => ({ id: 'kz-1', country: 'KZ', state, ...(reason ? { reason } : {}) });
const de = (state: VantageAnswer['state']): VantageAnswer => ({ id: 'de-1', country: 'DE', state });

describe('judgeVantages', () => {
  it('one vantage: its answer stands', () => {
    expect(judgeVantages([kz('geo_blocked', 'local laws')])).toEqual({ state: 'geo_blocked', reason: 'local laws', changed: false });
  });
  it('blocked in KZ, visible from DE: a geo-block naming the countries', () => {
    const v = judgeVantages([kz('geo_blocked', "can't be displayed … local laws"), de('ok')]);
    expect(v.state).toBe('geo_blocked');
    expect(v.geo).toEqual({ blockedIn: ['KZ'], visibleFrom: ['DE'] });
  });
  it('a "not found" from one country only is a geo-block too (the account lives elsewhere)', () => {
    const v = judgeVantages([kz('not_found'), de('ok')]);
    expect(v.state).toBe('geo_blocked');
    expect(v.geo?.blockedIn).toEqual(['KZ']);
  });
  it('ok from the poll vantage, blocked from another (a known geo-block re-checked)', () => {
    expect(judgeVantages([de('ok'), kz('geo_blocked')]).geo).toEqual({ blockedIn: ['KZ'], visibleFrom: ['DE'] });
  });
  it('the per-country notice from every vantage is a global block: restricted', () => {
    const v = judgeVantages([kz('geo_blocked', 'local laws'), de('geo_blocked')]);
    expect(v.state).toBe('restricted');
    expect(v.geo).toBeUndefined();
  });
  it('suspended everywhere stays suspended, no geo', () => {
    const v = judgeVantages([kz('suspended'), de('suspended')]);
    expect(v.state).toBe('suspended');
    expect(v.geo).toBeUndefined();
  });
  it('blocked from one, no verdict from the rest: no verdict (never an event)', () => {
    expect(judgeVantages([kz('geo_blocked'), de('rate_limited')]).state).toBe('unknown');
    expect(judgeVantages([kz('not_found'), de('login_wall')]).state).toBe('unknown');
  });
  it('nothing blocked anywhere: the poll answer stands', () => {
    expect(judgeVantages([de('ok'), kz('ok')])).toMatchObject({ state: 'ok', changed: false });
  });
});

describe('turnOf', () => {
  const vs = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
  it('rotates the primary; the others follow in order', () => {
    expect(turnOf(vs, 0)).toEqual({ primary: { id: 'a' }, others: [{ id: 'b' }, { id: 'c' }] });
    expect(turnOf(vs, 1)).toEqual({ primary: { id: 'b' }, others: [{ id: 'c' }, { id: 'a' }] });
    expect(turnOf(vs, 5).primary.id).toBe('c');
  });
});
