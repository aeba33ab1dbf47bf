// The contract every scraper passes: fixtures classify to the expected state, listing
// fixtures parse to a valid Observation, transient answers are no-verdict, match() normalises.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { isVigilError } from '../../src/errors.js';
import { inRange } from '../../src/scrapers/order.js';
import { NO_VERDICT_STATES, Observation, type FetchPurpose, type FetchedPage, type PageState, type Scraper } from '../../src/scrapers/types.js';

export interface PageCase {
  /** Fixture path under test/fixtures, or inline HTML via `body`. */
  file?: string;
  body?: string;
  url: string;
  finalUrl?: string;
  status?: number;
  headers?: Record<string, string>;
  purpose?: FetchPurpose;
  /** Spec of the target this page belongs to, e.g. telegram:durov. */
  target: string;
  state: PageState;
  /** For ok/empty listings: at least this many posts, and a channel header when true. */
  minPosts?: number;
  channel?: boolean;
  /** Keys of posts the page shows out of publication order (a pinned post): outside its range by design. */
  pinned?: string[];
}

export interface ScraperCases {
  pages: PageCase[];
  /** [input, expected key or null]. */
  matches: Array<[string, string | null]>;
  /** A listing URL for this platform, used to build synthetic 429/5xx/garbage pages. */
  sampleListingUrl: string;
}

const FIXTURES = fileURLToPath(new URL('../fixtures/', import.meta.url));

export function fixturePage(c: Omit<PageCase, 'target' | 'state'>): FetchedPage {
  const body = c.body !== undefined ? Buffer.from(c.body, 'utf8') : readFileSync(FIXTURES + (c.file as string));
  return {
    url: c.url,
    finalUrl: c.finalUrl ?? c.url,
    status: c.status ?? 200,
    headers: c.headers ?? { 'content-type': 'text/html; charset=utf-8' },
    body,
    fetchedAt: '2026-01-01T00:00:00.000Z',
    purpose: c.purpose ?? 'listing',
  };
}

export function describeScraper(scraper: Scraper, cases: ScraperCases): void {
  describe(`scraper contract: ${scraper.platform}`, () => {
    for (const c of cases.pages) {
      const name = c.file ?? `inline ${c.state}`;
      it(`${name} classifies as ${c.state}`, () => {
        expect(scraper.classify(fixturePage(c)).state).toBe(c.state);
      });
      if (c.state === 'ok' || c.state === 'empty') {
        it(`${name} parses to a valid Observation`, () => {
          const ref = scraper.match(c.target);
          expect(ref).not.toBeNull();
          const obs = scraper.parse(fixturePage(c), ref!);
          expect(() => Observation.parse(obs)).not.toThrow();
          expect(obs.platform).toBe(scraper.platform);
          expect(obs.state).toBe(c.state);
          expect(obs.posts.length).toBeGreaterThanOrEqual(c.minPosts ?? 0);
          expect(new Set(obs.posts.map((p) => p.id)).size).toBe(obs.posts.length);
          expect(new Set(obs.posts.map((p) => p.key)).size).toBe(obs.posts.length);
          expect(obs.listingModel).toBe(scraper.listingModel);
          if (c.channel) expect(obs.channel).toBeDefined();
          for (const p of obs.posts) {
            // The digest input ignores counters: a post whose views changed is the same content.
            expect(JSON.stringify(scraper.stableContent({ ...p, views: (p.views ?? 0) + 1000 }))).toBe(JSON.stringify(scraper.stableContent(p)));
            if (obs.range) expect(inRange(p.order, obs.range), `${p.key} in range`).toBe(!(c.pinned ?? []).includes(p.key));
          }
        });
      }
    }

    const synthetic = (status: number, body: string, type = 'text/html'): FetchedPage =>
      fixturePage({ body, url: cases.sampleListingUrl, status, headers: { 'content-type': type } });

    it('HTTP 429 is rate_limited, never a takedown', () => {
      const state = scraper.classify(synthetic(429, '<html><body>Too Many Requests</body></html>')).state;
      expect(state).toBe('rate_limited');
      expect(NO_VERDICT_STATES.has(state)).toBe(true);
    });

    it('HTTP 5xx, non-HTML and foreign pages are unknown', () => {
      expect(scraper.classify(synthetic(502, '<html><body>Bad Gateway</body></html>')).state).toBe('unknown');
      expect(scraper.classify(synthetic(200, '{"ok":true}', 'application/json')).state).toBe('unknown');
      expect(scraper.classify(synthetic(200, '<html><body><h1>Welcome to nginx!</h1></body></html>')).state).toBe('unknown');
    });

    it('parse() refuses a page that is not the platform with VGL_PARSE_UNEXPECTED_MARKUP', () => {
      const ref = scraper.match(cases.matches.find(([, k]) => k !== null)?.[0] ?? '');
      expect(ref).not.toBeNull();
      let err: unknown;
      try {
        scraper.parse(synthetic(200, '<html><body><p>captive portal</p></body></html>'), ref!);
      } catch (e) {
        err = e;
      }
      expect(isVigilError(err, 'VGL_PARSE_UNEXPECTED_MARKUP')).toBe(true);
    });

    it('match() normalises specs and URLs', () => {
      for (const [input, key] of cases.matches) {
        const ref = scraper.match(input);
        expect(ref?.key ?? null, input).toBe(key);
        if (ref) {
          expect(ref.platform).toBe(scraper.platform);
          expect(ref.spec).toBe(`${scraper.platform}:${key}`);
        }
      }
    });
  });
}
