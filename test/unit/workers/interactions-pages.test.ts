// A list read over several pages (InteractionsProbe.more): the pages join into one read, an
// interaction listed on two pages counts once, and the newer page's total stands.
import { describe, expect, it } from 'vitest';
import type { Interaction, InteractionsProbe } from '../../../src/scrapers/types.js';
import { interactionsPages, joinPages, sentLike } from '../../../src/workers/interactions.js';

const c = (key: string): Interaction => ({ kind: 'comment', key, author: { name: `u${key}`, avatar: false }, text: `t${key}` });

describe('joinPages', () => {
  it('keeps the newer page first, drops repeats, keeps its total and forgets its cursor', () => {
    const newer: InteractionsProbe = { state: 'ok', interactions: [c('3'), c('2')], total: 40, more: { via: 'http', url: 'https://x.test/?min_id=2', purpose: 'interactions' } };
    const older: InteractionsProbe = { state: 'ok', interactions: [c('2'), c('1')], total: 41 };
    const j = joinPages(newer, older);
    expect(j.interactions.map((i) => i.key)).toEqual(['3', '2', '1']);
    expect(j.total).toBe(40);
    expect(j.more).toBeUndefined();
    expect(joinPages({ state: 'ok', interactions: [] }, { state: 'ok', interactions: [c('1')], total: 5 }).total).toBe(5);
  });

  it('reads one page unless the platform says more', () => {
    expect(interactionsPages({})).toBe(1);
    expect(interactionsPages({ interactionsPages: 3 })).toBe(3);
    expect(interactionsPages({ interactionsPages: 0 })).toBe(1);
  });
});

describe('sentLike', () => {
  it('an older page goes with the headers and session need of the page before, never its POST body', () => {
    const prev = { via: 'http' as const, url: 'https://x.test/a', purpose: 'interactions' as const, needsSession: true, method: 'POST' as const, body: '{}', headers: { 'x-ig-app-id': '1', accept: 'application/json' } };
    const s = sentLike(prev, { via: 'http', url: 'https://x.test/a?min_id=2', purpose: 'interactions', headers: { accept: 'text/json' } });
    expect(s).toEqual({ via: 'http', url: 'https://x.test/a?min_id=2', purpose: 'interactions', needsSession: true, headers: { 'x-ig-app-id': '1', accept: 'text/json' } });
  });
});
