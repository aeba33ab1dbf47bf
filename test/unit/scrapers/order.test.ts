// Post orders are decimal strings compared as BigInt: X ids above 2^53 stay exact and sort right.
import { describe, expect, it } from 'vitest';
import { addOrder, cmpKey, cmpOrder, inRange, isOrder, lexOrder, spanOf, toOrder } from '../../../src/scrapers/order.js';
import { statementOrder } from '../../../src/scrapers/statement.js';
import { parseSpec } from '../../../src/scrapers/registry.js';

describe('post order', () => {
  const a = '1790000000000000001';
  const b = '1790000000000000002';
  it('compares exactly where numbers would not', () => {
    expect(Number(a)).toBe(Number(b)); // what a JS number would make of two X ids
    expect(cmpOrder(a, b)).toBe(-1);
    expect(cmpOrder('9', '10')).toBe(-1); // numerically, not as text
    expect(cmpOrder('-5', '3')).toBe(-1);
    expect(inRange(b, { min: a, max: b })).toBe(true);
    expect(inRange('1790000000000000003', { min: a, max: b })).toBe(false);
    expect(spanOf(['10', '9', '523'])).toEqual({ min: '9', max: '523' });
    expect(addOrder(a, 1)).toBe(b);
    expect(toOrder(523)).toBe('523');
  });
  it('accepts canonical 64-bit decimals only', () => {
    expect(isOrder('0')).toBe(true);
    expect(isOrder('9223372036854775807')).toBe(true);
    expect(isOrder('9223372036854775808')).toBe(false);
    expect(isOrder('0523')).toBe(false);
    expect(isOrder('-0')).toBe(false);
    expect(isOrder('12a')).toBe(false);
  });
  it('has a fixed-width form that sorts as text like the numbers', () => {
    const xs = ['-3', '0', '9', '10', a, b];
    expect([...xs].map(lexOrder).sort()).toEqual(xs.map(lexOrder));
    expect(lexOrder('0')).toHaveLength(20);
  });
  it('orders keys numerically when they are numbers, else as text', () => {
    expect(['10', '9', 'b', 'a'].sort(cmpKey)).toEqual(['9', '10', 'a', 'b']);
  });
});

describe('statement order', () => {
  it('publication time in ms x 1000 plus three digits of the key; undated: the key', () => {
    expect(statementOrder('123456789012345', '2025-11-10T09:00:00.000Z')).toBe(`${Date.parse('2025-11-10T09:00:00.000Z')}345`);
    expect(statementOrder('123456789012345', undefined)).toBe('123456789012345');
    expect(statementOrder('123456789012345', 'not a date')).toBe('123456789012345');
    // Same day, different items: still apart, and both after an older day.
    const day = '2025-11-10';
    expect(statementOrder('100', day)).not.toBe(statementOrder('101', day));
    expect(cmpOrder(statementOrder('999', '2025-11-09'), statementOrder('100', day))).toBe(-1);
  });
});

describe('parseSpec', () => {
  it('an alias one platform accepts (tg:) still finds it, without naming the platform in the registry', () => {
    expect(parseSpec('tg:Durov').spec).toBe('telegram:durov');
  });
});
