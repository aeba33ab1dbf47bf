// `vigil inspect`: what a platform's scraper makes of a saved answer (an HTML page, or the JSON its
// web client reads), without a network. Pure: the CLI reads the file. A spec or account URL is
// classified (and parsed when ok/empty) as the account's listing or, for platforms whose poll reads
// a landing first, as that landing; a post URL (the platform's `postKeyOf`) or `post` key goes to
// parsePost. How users and tests check a parser against pages they saved, and diagnose markup changes.
import { isVigilError, VigilError } from '../errors.js';
import { parseSpec, getScraper } from './registry.js';
import type { FetchPurpose, FetchedPage, Scraper, ScraperSettings, TargetRef } from './types.js';

export interface InspectInput {
  /** A spec (`telegram:durov`), an account URL or a post URL. */
  target: string;
  body: Buffer;
  /** HTTP status the answer came with (default 200). */
  status?: number;
  /** Content-Type it came with (default: sniffed from the bytes). */
  contentType?: string;
  /** A post key: inspect the answer as that post's own page. */
  post?: string;
  /** Force listing or landing (default: the one that gives a verdict). */
  purpose?: 'listing' | 'landing';
}

export interface InspectResult {
  platform: string;
  kind: 'account' | 'post';
  /** Account: a page state (ok, not_found, …); post: present, missing or no_verdict. */
  state: string;
  reason: string | null;
  /** How many posts were parsed. */
  posts: number;
}

/** Content-Type of saved bytes: JSON, XML feeds, else HTML (with a declared <meta> charset, e.g. windows-1251). */
export function sniffType(body: Buffer): string {
  const head = body.subarray(0, 4096).toString('latin1').trimStart();
  if (/^[[{]/.test(head)) return 'application/json; charset=utf-8';
  if (/^<\?xml|^<(rss|feed)\b/i.test(head) && !/<html/i.test(head)) return 'application/xml';
  const cs = /<meta[^>]+charset=["']?([\w-]+)/i.exec(head)?.[1];
  return `text/html; charset=${cs ?? 'utf-8'}`;
}

const page = (url: string, purpose: FetchPurpose, i: InspectInput): FetchedPage => ({
  url,
  finalUrl: url,
  status: i.status ?? 200,
  headers: { 'content-type': i.contentType ?? sniffType(i.body) },
  body: i.body,
  fetchedAt: new Date(0).toISOString(),
  purpose,
});

function account(scraper: Scraper<ScraperSettings>, ref: TargetRef, s: ScraperSettings, i: InspectInput, purpose: 'listing' | 'landing'): InspectResult {
  // A landing-first listing is addressed by the account's id, which a saved file does not name: a
  // placeholder in the registry's id convention (`<platform>:<id>`) plans the same kind of request.
  const step = purpose === 'landing' ? scraper.planLanding(ref, s) : scraper.planListing(scraper.landingFirst ? { ...ref, id: ref.id ?? `${scraper.platform}:0` } : ref, s);
  const p = page(step.url, purpose, i);
  const c = scraper.classify(p);
  const base = { platform: scraper.platform, kind: 'account' as const, state: c.state as string, reason: c.reason ?? null, posts: 0 };
  if (c.state !== 'ok' && c.state !== 'empty') return base;
  try {
    const obs = scraper.parse(p, ref);
    return { ...base, state: obs.state, reason: obs.stateReason ?? base.reason, posts: obs.posts.length };
  } catch (e) {
    if (!isVigilError(e)) throw e;
    return { ...base, state: 'unknown', reason: `${e.code}: ${e.message}` };
  }
}

export function inspectAnswer(i: InspectInput): InspectResult {
  const ref = parseSpec(i.target);
  const scraper = getScraper(ref.platform);
  const s = scraper.settings.parse({});
  const key = i.post ?? (/^https?:\/\//i.test(i.target.trim()) ? scraper.postKeyOf?.(i.target.trim()) : null) ?? undefined;
  if (key !== undefined) {
    const step = scraper.planPost(ref, s, key);
    const r = scraper.parsePost(page(step.url, 'post', i), ref, key);
    return { platform: scraper.platform, kind: 'post', state: r.state, reason: r.reason ?? null, posts: r.post ? 1 : 0 };
  }
  if (i.purpose) return account(scraper, ref, s, i, i.purpose);
  const listing = account(scraper, ref, s, i, 'listing');
  if (!scraper.landingFirst) return listing;
  // The saved answer may be the listing or the landing: the reading that gives a verdict (and more posts) wins.
  const landing = account(scraper, ref, s, i, 'landing');
  const unknown = (r: InspectResult): boolean => r.state === 'unknown';
  if (unknown(listing) !== unknown(landing)) return unknown(listing) ? landing : listing;
  return listing.posts >= landing.posts ? listing : landing;
}

/** The error for a file that cannot be inspected (the CLI's edge). */
export const unreadable = (file: string, why: string): VigilError => new VigilError('VGL_BAD_REQUEST', `--file ${file}: ${why}`, { details: { file } });
