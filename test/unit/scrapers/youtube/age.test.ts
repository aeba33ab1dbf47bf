// Orders from relative ages: stable enough, newest first, every listed video inside the covered
// range, and the range starting at the latest time the oldest listed video can have been published.
import { describe, expect, it } from 'vitest';
import { ageBounds, parseAge, publishedFromAge, RANGE_TOP, videoOrders } from '../../../../src/scrapers/youtube/age.js';
import { cmpOrder, inRange } from '../../../../src/scrapers/order.js';

const T = Date.parse('2026-05-21T12:00:00.000Z');
const DAY = 86_400_000;

describe('relative ages', () => {
  it('parses the forms the Videos tab prints', () => {
    expect(parseAge('13 days ago')).toEqual({ n: 13, unit: 'day' });
    expect(parseAge('1 year ago')).toEqual({ n: 1, unit: 'year' });
    expect(parseAge('Streamed 3 weeks ago')).toEqual({ n: 3, unit: 'week' });
    expect(parseAge('Premiered 5 minutes ago')).toEqual({ n: 5, unit: 'minute' });
    expect(parseAge('Scheduled for 5/30/26, 6:00 PM')).toBeUndefined();
    expect(parseAge('28 views')).toBeUndefined();
  });

  it('an age of n units allows publication between t-(n+1)u and t-n·u', () => {
    expect(ageBounds({ n: 2, unit: 'day' }, T)).toEqual({ earliest: T - 3 * DAY, latest: T - 2 * DAY });
  });

  it('publishedAt only for ages under an hour', () => {
    expect(publishedFromAge({ n: 5, unit: 'minute' }, T)).toBe('2026-05-21T11:55:00.000Z');
    expect(publishedFromAge({ n: 5, unit: 'hour' }, T)).toBeUndefined();
    expect(publishedFromAge(undefined, T)).toBeUndefined();
  });
});

describe('videoOrders', () => {
  const ages = ['5 minutes ago', '3 hours ago', '2 days ago', '2 days ago', '3 weeks ago', '1 year ago', '1 year ago'].map(parseAge);

  it('never increases down the tab and keeps every video inside the range', () => {
    const { orders, range } = videoOrders(ages, T);
    for (let i = 1; i < orders.length; i++) expect(cmpOrder(orders[i], orders[i - 1])).toBeLessThanOrEqual(0);
    expect(range?.max).toBe(RANGE_TOP);
    for (const o of orders) expect(inRange(o, range!)).toBe(true);
  });

  it('the range starts no earlier than the latest time the oldest video can have been published', () => {
    const { range } = videoOrders(ages, T);
    // "1 year ago": published at most one year before the fetch; anything older fell off the tab.
    expect(Number(range!.min)).toBeGreaterThanOrEqual(T - 365 * DAY);
  });

  it('a video first seen young sits above the range start once only older videos are left below it', () => {
    // Seen as "2 hours ago" by an earlier poll…
    const seen = Number(videoOrders([parseAge('2 hours ago'), parseAge('3 days ago')], T).orders[0]);
    // …three days later it is deleted; the tab now ends with the "6 days ago" video.
    const later = videoOrders([parseAge('1 hour ago'), parseAge('6 days ago')], T + 3 * DAY);
    expect(inRange(String(seen), later.range!)).toBe(true);
  });

  it('a video that dropped off the bottom is outside the new range', () => {
    const first = videoOrders([parseAge('1 day ago'), parseAge('4 days ago'), parseAge('9 days ago')], T);
    const dropped = first.orders[2];
    const later = videoOrders([parseAge('1 hour ago'), parseAge('1 day ago'), parseAge('4 days ago')], T + 3_600_000);
    expect(inRange(dropped, later.range!)).toBe(false);
  });

  it('the range start is stable across polls while the oldest video keeps its age', () => {
    const a = videoOrders([parseAge('1 day ago'), parseAge('2 years ago')], T);
    const b = videoOrders([parseAge('1 day ago'), parseAge('2 years ago')], T + 5 * 60_000);
    expect(b.range).toEqual(a.range);
  });

  it('no age at all: no range (nothing can be called missing)', () => {
    expect(videoOrders([undefined, undefined], T).range).toBeUndefined();
  });
});
