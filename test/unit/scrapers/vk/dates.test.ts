// VK's relative date texts → instants, in the zone VK rendered them in (Moscow for visitors
// without a session), counted from the fetch time.
import { describe, expect, it } from 'vitest';
import { parseVkDate } from '../../../../src/scrapers/vk/index.js';

const MSK = 180;
// 2022-08-25 12:47:10 UTC = 15:47 in Moscow: when the spevktator page was fetched.
const fetched = new Date('2022-08-25T12:47:10Z');

describe('parseVkDate', () => {
  it.each([
    ['today at 3:40 pm', '2022-08-25T12:40:00.000Z'],
    ['today at 12:05 am', '2022-08-24T21:05:00.000Z'],
    ['yesterday at 11:05 am', '2022-08-24T08:05:00.000Z'],
    ['12 Aug at 12:00 pm', '2022-08-12T09:00:00.000Z'],
    ['12 Aug 2021 at 9:15 am', '2021-08-12T06:15:00.000Z'],
    ['сегодня в 15:40', '2022-08-25T12:40:00.000Z'],
    ['вчера в 23:59', '2022-08-24T20:59:00.000Z'],
    ['12 авг в 12:00', '2022-08-12T09:00:00.000Z'],
    ['3 августа 2020 в 7:00', '2020-08-03T04:00:00.000Z'],
    ['20 минут назад', '2022-08-25T12:27:10.000Z'],
    ['две минуты назад', '2022-08-25T12:45:10.000Z'],
    ['час назад', '2022-08-25T11:47:10.000Z'],
    ['2 hours ago', '2022-08-25T10:47:10.000Z'],
    ['an hour ago', '2022-08-25T11:47:10.000Z'],
    ['49 секунд назад', '2022-08-25T12:46:21.000Z'],
    ['just now', '2022-08-25T12:47:10.000Z'],
  ])('%s', (text, iso) => {
    expect(parseVkDate(text, fetched, MSK)).toBe(iso);
  });

  it('a day without a year that would lie in the future is last year\'s ("31 дек" read in January)', () => {
    expect(parseVkDate('31 дек в 22:44', new Date('2012-01-08T10:00:00Z'), MSK)).toBe('2011-12-31T19:44:00.000Z');
    expect(parseVkDate('8 янв в 3:31', new Date('2012-01-11T19:00:00Z'), MSK)).toBe('2012-01-08T00:31:00.000Z');
  });

  it('the offset is the zone VK rendered in', () => {
    expect(parseVkDate('today at 3:40 pm', fetched, 0)).toBe('2022-08-25T15:40:00.000Z');
  });

  it.each(['', 'Show more', '32 Aug at 1:00 pm', 'today at 25:00', '12 Foo at 1:00 pm', 'вчера'])('not a date: %j', (text) => {
    expect(parseVkDate(text, fetched, MSK) ?? 'none').toBe(text === 'вчера' ? '2022-08-23T21:00:00.000Z' : 'none');
  });
});
