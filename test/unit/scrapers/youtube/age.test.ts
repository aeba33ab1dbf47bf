// Orders from relative ages: the latest publication time each age allows, newest first.
import { describe, expect, it } from 'vitest';
import { ageBounds, parseAge, publishedFromAge, videoOrders } from '../../../../src/scrapers/youtube/age.js';
import { cmpOrder } from '../../../../src/scrapers/order.js';

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
  const ages = ['5 minutes ago', '3 hours ago', '2 days ago', '2 days ago', 'Scheduled for 5/30/26', '3 weeks ago', '1 year ago'].map(parseAge);

  it('the latest time each age allows, never increasing down the tab', () => {
    const orders = videoOrders(ages, T);
    expect(orders[0]).toBe(String(T - 5 * 60_000));
    expect(orders[2]).toBe(String(T - 2 * DAY));
    expect(orders[6]).toBe(String(T - 365 * DAY));
    for (let i = 1; i < orders.length; i++) expect(cmpOrder(orders[i], orders[i - 1])).toBeLessThanOrEqual(0);
  });

  it('a video without an age sits with the one above it; at the top, at the fetch time', () => {
    const orders = videoOrders(ages, T);
    expect(orders[4]).toBe(orders[3]);
    expect(videoOrders([undefined, parseAge('1 day ago')], T)[0]).toBe(String(T));
  });
});
