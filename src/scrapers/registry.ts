// Every platform Vigil can watch: one line each. No filesystem discovery.
// Order matters for bare URLs in parseSpec: specific platforms first, generic ones (web) last.
import { VigilError } from '../errors.js';
import { telegramScraper } from './telegram/index.js';
import { rssScraper } from './rss/index.js';
import { webScraper } from './web/index.js';
import { PLATFORMS, type Platform, type Scraper, type TargetRef } from './types.js';

export const scrapers: ReadonlyMap<Platform, Scraper> = new Map<Platform, Scraper>([
  ['telegram', telegramScraper],
  ['rss', rssScraper],
  ['web', webScraper],
]);

export function getScraper(platform: string): Scraper {
  const s = scrapers.get(platform as Platform);
  if (!s) {
    throw new VigilError(
      'VGL_PLATFORM_UNKNOWN',
      `platform "${platform}" is not supported; supported: ${[...scrapers.keys()].join(', ')}`,
      { details: { platform } },
    );
  }
  return s;
}

/**
 * `telegram:durov`, `@durov` or a URL (`https://t.me/s/durov`) → TargetRef.
 * Throws VGL_PLATFORM_UNKNOWN for an unsupported `<platform>:` prefix or URL, VGL_SPEC_INVALID otherwise.
 */
export function parseSpec(spec: string): TargetRef {
  const s = spec.trim();
  const prefix = /^([a-z][a-z0-9+.-]*):(?!\/\/)/i.exec(s)?.[1]?.toLowerCase();
  if (prefix && prefix !== 'http' && prefix !== 'https') {
    const platform = prefix === 'tg' ? 'telegram' : prefix;
    const scraper = getScraper(platform);
    const ref = scraper.match(s);
    if (!ref) throw invalid(spec, `"${s.slice(prefix.length + 1)}" is not a valid ${platform} account`);
    return ref;
  }
  for (const scraper of scrapers.values()) {
    const ref = scraper.match(s);
    if (ref) return ref;
  }
  if (/^https?:\/\//i.test(s) || /^[a-z0-9-]+(\.[a-z0-9-]+)+\//i.test(s)) {
    throw new VigilError('VGL_PLATFORM_UNKNOWN', `no supported platform recognises the URL "${s}"; supported: ${[...scrapers.keys()].join(', ')}`, {
      details: { spec },
    });
  }
  throw invalid(spec, 'expected <platform>:<name>');
}

const invalid = (spec: string, why: string): VigilError =>
  new VigilError('VGL_SPEC_INVALID', `target "${spec}": ${why}, e.g. telegram:durov`, { details: { spec, known: PLATFORMS } });
