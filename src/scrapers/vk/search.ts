// shadowban_search on VK: the mobile site's search, `m.vk.com/search?c[section]=<section>&c[q]=<q>`
// (the `c[section]` / `c[q]` form of VK's search links: `communities`, `people`, `statuses` = posts;
// used that way by public scrapers, e.g. a VK community searcher reading `.groups_row` rows with
// `.groups_name` and the community link, and a chromedp VK crawler reading posts search results as
// wall items whose `a.wi_date.al_wall` links `/wall<owner>_<post>`; both log in first). The
// handle is looked up in the communities search (`people` for an `id<n>` account) and counts when
// a row links the account; an exact phrase of a recent post in the posts search counts when its
// wall item is listed. Post keys carry the owner id (`-24199209_5`), so another account's post can
// never stand for the target's. Steps ask for a session (VK shows search to members); without one
// the login page is no verdict. 429, VK's per-second text, captchas, foreign or broken pages: no
// verdict. The results container and the "nothing found" notice are modelled (no recording). Pure.
import type { FetchedPage, FetchStep, SearchProbe, SearchQuery, TargetRef } from '../types.js';
import { classifyVk } from './classify.js';
import { scanPage, squash } from './page.js';
import { parseWallPost } from './post.js';
import { isVkName } from './match.js';

type HasBase = { baseUrl: string };

const NOTHING_FOUND = /Ничего не найдено|По вашему запросу ничего не найдено|No results found|Nothing found/i;

export function planSearchVk(t: TargetRef, s: HasBase, q: SearchQuery): FetchStep | undefined {
  const text = q.text.replace(/\s+/g, ' ').trim();
  if (!text) return undefined;
  const section = q.kind === 'phrase' ? 'statuses' : /^id\d+$/.test(t.key) ? 'people' : 'communities';
  // A handle typed without VK's numeric-address prefix would search words; the screen name is what rows link.
  const query = new URLSearchParams({ 'c[section]': section, 'c[q]': text });
  return { via: 'http', url: `${s.baseUrl.replace(/\/+$/, '')}/search?${query.toString()}`, purpose: 'probe', needsSession: true };
}

/** `club123`, `public123`, `event123` name the same community. */
const same = (a: string, b: string): boolean => {
  const n = (x: string) => x.toLowerCase().replace(/^(?:public|event)(\d+)$/, 'club$1');
  return n(a) === n(b);
};

/** The account a result row links: `/name`, `https://vk.com/name?from=search` → `name`. */
function linked(href: string | undefined): string | undefined {
  if (!href) return undefined;
  try {
    const u = new URL(href, 'https://m.vk.com');
    return u.pathname.split('/').filter(Boolean)[0]?.toLowerCase();
  } catch {
    return undefined;
  }
}

/** The screen name a communities / people search asked for (from its own URL), if it is one. */
function searchedName(url: string): string[] {
  try {
    const q = new URL(url).searchParams;
    const name = (q.get('c[q]') ?? '').trim().toLowerCase();
    return q.get('c[section]') !== 'statuses' && isVkName(name) ? [name] : [];
  } catch {
    return [];
  }
}

export function parseSearchVk(p: FetchedPage, t: TargetRef): SearchProbe {
  const no = (reason: string): SearchProbe => ({ state: 'no_verdict', keys: [], reason });
  const c = classifyVk(p);
  if (c.state === 'rate_limited' || c.state === 'login_wall') return no(c.reason ?? c.state);
  if (p.status !== 200) return no(`HTTP ${p.status}`);
  const s = scanPage(p);
  if (!s.isVk) return no('not a VK page');
  const notice = s.notices.join('\n');
  if (/captcha/i.test(notice) || s.$('img[src*="captcha.php"]').length > 0) return no('captcha');
  const container = s.$('#search_results, .search_results');
  const nothing = NOTHING_FOUND.test(notice) || NOTHING_FOUND.test(squash(container.text()));
  const rows = s.$('.groups_row, .people_row');
  // A wall page answered instead (its posts carry no `al_wall` date link) is not the search: no verdict.
  if (container.length === 0 && s.$('a.wi_date.al_wall').length === 0 && rows.length === 0 && !nothing) return no(c.state === 'ok' ? 'not a search results page' : (c.reason ?? 'not a search results page'));
  const origin = (() => {
    try {
      return new URL(p.finalUrl).origin;
    } catch {
      return 'https://m.vk.com';
    }
  })();
  const keys: string[] = [];
  for (const el of s.posts.toArray()) {
    const w = parseWallPost(s.$(el), { $: s.$, origin, account: t.key, fetchedAt: undefined, utcOffsetMinutes: 180 });
    if (w && !keys.includes(w.post.key)) keys.push(w.post.key);
  }
  // Rows link the screen name (a community without one: club<n>). The handle searched is the screen
  // name the account's own page shows (src/workers/shadow-probes.ts), so a target watched by its
  // numeric address is recognised by it too.
  const names = [t.key, ...searchedName(p.url)];
  const account = rows.toArray().some((el) => {
    const name = linked(s.$(el).find('a[href]').first().attr('href') ?? s.$(el).attr('href'));
    return name !== undefined && names.some((n) => same(name, n));
  });
  return { state: 'ok', keys, account };
}
