import { describe, expect, it } from 'vitest';
import { getScraper, parseSpec, scrapers } from '../../../src/scrapers/registry.js';
import { telegramScraper } from '../../../src/scrapers/telegram/index.js';

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return (e as { code?: string }).code;
  }
  return undefined;
};

describe('scraper registry', () => {
  it('registers telegram, and every entry under its own platform name', () => {
    expect(getScraper('telegram')).toBe(telegramScraper);
    for (const [platform, scraper] of scrapers) expect(scraper.platform).toBe(platform);
  });

  it('throws VGL_PLATFORM_UNKNOWN for an unregistered platform', () => {
    expect(codeOf(() => getScraper('myspace'))).toBe('VGL_PLATFORM_UNKNOWN');
  });

  it('parseSpec picks the scraper by prefix or URL', () => {
    expect(parseSpec('telegram:Durov')).toEqual({ platform: 'telegram', key: 'durov', spec: 'telegram:durov' });
    expect(parseSpec('https://t.me/s/durov').spec).toBe('telegram:durov');
    expect(parseSpec('@durov').key).toBe('durov');
  });

  it('parseSpec errors are typed', () => {
    expect(codeOf(() => parseSpec('myspace:tom'))).toBe('VGL_PLATFORM_UNKNOWN');
    if (!scrapers.has('web')) expect(codeOf(() => parseSpec('https://example.com/x'))).toBe('VGL_PLATFORM_UNKNOWN');
    expect(codeOf(() => parseSpec('telegram:ab'))).toBe('VGL_SPEC_INVALID');
    expect(codeOf(() => parseSpec('durov'))).toBe('VGL_SPEC_INVALID');
  });
});
