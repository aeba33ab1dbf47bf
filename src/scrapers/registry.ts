// Every platform Vigil can watch: one line each in REGISTERED. No filesystem discovery.
// Order matters for bare URLs in parseSpec: specific platforms first, generic ones (web) last.
import { z } from 'zod';
import { VigilError } from '../errors.js';
import { telegramScraper } from './telegram/index.js';
import { vkScraper } from './vk/index.js';
import { youtubeScraper } from './youtube/index.js';
import { rssScraper } from './rss/index.js';
import { webScraper } from './web/index.js';
import { xScraper } from './x/index.js';
import { instagramScraper } from './instagram/index.js';
import { facebookScraper } from './facebook/index.js';
import type { EnvSetting, Platform, Scraper, TargetRef } from './types.js';

const REGISTERED = [
  telegramScraper,
  vkScraper,
  youtubeScraper,
  xScraper,
  rssScraper,
  instagramScraper,
  facebookScraper,
  webScraper,
] as const;

type Registered = (typeof REGISTERED)[number];

/** `platforms.<name>` of the parsed config, typed per registered platform. */
export type PlatformSettings = { [R in Registered as R['platform']]: z.output<R['settings']> };
/** `platforms.<name>` as written in a config file (every key optional). */
export type PlatformSettingsInput = { [R in Registered as R['platform']]?: z.input<R['settings']> };

export const scrapers: ReadonlyMap<Platform, Scraper> = new Map<Platform, Scraper>(REGISTERED.map((s): [Platform, Scraper] => [s.platform, s]));

/** The registered platform names, in registry order. */
export const PLATFORMS: readonly Platform[] = REGISTERED.map((s) => s.platform);

/**
 * The `platforms` section of the config: each registered scraper's own settings schema (strict, with
 * its defaults), so a new platform brings its settings in its own folder.
 */
export function platformsSchema(): z.ZodType<PlatformSettings, z.ZodTypeDef, PlatformSettingsInput | undefined> {
  const shape: Record<string, z.ZodTypeAny> = {};
  for (const s of REGISTERED) shape[s.platform] = z.preprocess((v) => v ?? {}, s.settings as z.ZodTypeAny);
  return z.object(shape).strict().default({}) as unknown as z.ZodType<PlatformSettings, z.ZodTypeDef, PlatformSettingsInput | undefined>;
}

/** `VIGIL_*` variables the platforms read, with the settings path each one sets. */
export function platformEnv(): Record<string, EnvSetting & { path: string[] }> {
  const out: Record<string, EnvSetting & { path: string[] }> = {};
  for (const s of scrapers.values()) {
    for (const [name, e] of Object.entries(s.env ?? {})) out[name] = { ...e, path: ['platforms', s.platform, e.key] };
  }
  return out;
}

export function getScraper(platform: string): Scraper {
  const s = scrapers.get(platform);
  if (!s) {
    throw new VigilError('VGL_PLATFORM_UNKNOWN', `platform "${platform}" is not supported; supported: ${PLATFORMS.join(', ')}`, { details: { platform } });
  }
  return s;
}

/** Spec examples for help texts and errors: the first example of each platform. */
export const specExamples = (): string[] => [...scrapers.values()].map((s) => s.examples[0]).filter((e): e is string => e !== undefined);

/** Which platform (and account) a URL belongs to, for citations; undefined when none claims it. */
export function citeUrl(url: string): { scraper: Scraper; account: string } | undefined {
  for (const scraper of scrapers.values()) {
    const c = scraper.cite(url);
    if (c) return { scraper, account: c.account };
  }
  return undefined;
}

/**
 * `telegram:durov`, `@durov` or a URL (`https://t.me/s/durov`) → TargetRef.
 * Throws VGL_PLATFORM_UNKNOWN for an unsupported `<platform>:` prefix or URL, VGL_SPEC_INVALID otherwise.
 */
export function parseSpec(spec: string): TargetRef {
  const s = spec.trim();
  const prefix = /^([a-z][a-z0-9+.-]*):(?!\/\/)/i.exec(s)?.[1]?.toLowerCase();
  if (prefix && prefix !== 'http' && prefix !== 'https') {
    // A prefix no platform owns may still be an alias one platform's match() accepts (tg:).
    const owner = scrapers.get(prefix) ?? [...scrapers.values()].find((x) => x.match(s) !== null);
    const scraper = owner ?? getScraper(prefix);
    const ref = scraper.match(s);
    if (!ref) throw invalid(spec, `"${s.slice(prefix.length + 1)}" is not a valid ${scraper.platform} account`, scraper.examples[0]);
    return ref;
  }
  for (const scraper of scrapers.values()) {
    const ref = scraper.match(s);
    if (ref) return ref;
  }
  if (/^https?:\/\//i.test(s) || /^[a-z0-9-]+(\.[a-z0-9-]+)+\//i.test(s)) {
    throw new VigilError('VGL_PLATFORM_UNKNOWN', `no supported platform recognises the URL "${s}"; supported: ${PLATFORMS.join(', ')}`, {
      details: { spec },
    });
  }
  throw invalid(spec, 'expected <platform>:<name>');
}

const invalid = (spec: string, why: string, example = specExamples()[0]): VigilError =>
  new VigilError('VGL_SPEC_INVALID', `target "${spec}": ${why}, e.g. ${example}`, { details: { spec, known: PLATFORMS } });
