import { describe, expect, it } from 'vitest';
import { decodeDataView, parseCount } from '../../../../src/scrapers/telegram/index.js';
import { telegramScraper as tg } from '../../../../src/scrapers/telegram/index.js';

describe('parseCount', () => {
  it.each([
    ['109K', 109000],
    ['37.2K', 37200],
    ['12.5M', 12500000],
    ['11.1M', 11100000],
    ['1.1K', 1100],
    ['746', 746],
    ['11\u00a0110\u00a0268', 11110268],
    ['11 110 268', 11110268],
    ['1,234', 1234],
  ])('%s → %d', (raw, n) => expect(parseCount(raw)).toBe(n));

  it('is undefined for non-counts', () => {
    expect(parseCount('views')).toBeUndefined();
    expect(parseCount('')).toBeUndefined();
    expect(parseCount(undefined)).toBeUndefined();
  });
});

describe('decodeDataView', () => {
  it('reads c and the album marker p="70992g" from full.html', () => {
    expect(decodeDataView('eyJjIjotMTA4NDM2ODUyMCwicCI6IjcwOTkyZyIsInQiOjE2Nzc1OTM4MzUsImgiOiJmZmE1MGNmMjMxNDU5NmQ3OWMifQ')).toEqual({ c: -1084368520, p: '70992g' });
    expect(decodeDataView('not base64 json')).toBeUndefined();
  });
});

describe('plan', () => {
  const t = tg.match('https://t.me/s/Durov')!;
  const s = tg.settings.parse({});
  it('uses the default base URL', () => expect(s.baseUrl).toBe('https://t.me'));
  it('plans listing, older page, post and landing URLs', () => {
    expect(tg.planListing(t, s)).toEqual({ via: 'http', url: 'https://t.me/s/durov', purpose: 'listing' });
    expect(tg.planListing(t, s, '70989').url).toBe('https://t.me/s/durov?before=70989');
    expect(tg.planPost(t, s, '523')).toEqual({ via: 'http', url: 'https://t.me/durov/523?embed=1', purpose: 'post' });
    expect(tg.planLanding(t, s)).toEqual({ via: 'http', url: 'https://t.me/durov', purpose: 'landing' });
  });
  it('follows a simulator base URL', () => {
    const sim = tg.settings.parse({ baseUrl: 'http://127.0.0.1:4100/' });
    expect(tg.planListing(t, sim, '5').url).toBe('http://127.0.0.1:4100/s/durov?before=5');
  });
});
