// The simulated m.vk.com search (`/search?c[section]=communities|people|statuses&c[q]=…`), the form
// public VK scrapers request (src/scrapers/vk/search.ts names them). Rows: `div.groups_row` holding
// the account link, `.groups_name`, `.groups_desc`, `.groups_count` (the fields such a community
// searcher reads; `div.people_row` for people, modelled alike); posts: the wall's own `div.wall_item`
// with `a.wi_date.al_wall` (as a posts-search crawler selects them). The results container and the
// "nothing found" text are modelled (no recording of VK's search is stored). An account VK keeps
// out of search (the per-account shadow-ban toggle) is neither listed nor are its posts. Pure.
import { esc, grouped } from './format.js';
import type { VkSimAccount, VkWorld } from './model.js';
import { renderPost, type VkRenderCtx } from './render.js';
import { page } from './shell.js';

export const SEARCH_SECTIONS = ['communities', 'people', 'statuses'] as const;
export type SearchSection = (typeof SEARCH_SECTIONS)[number];

const norm = (s: string): string => s.replace(/\s+/g, ' ').trim().toLowerCase();

/** Whom a search may show from `country`: live, public, not blocked there, not kept out of search. */
const findable = (a: VkSimAccount, country: string): boolean => a.state === 'ok' && !a.geoBlocked.includes(country) && !a.shadowSearch;

/** The account a search is about, for faults aimed at one account. */
export function searchSubject(world: VkWorld, section: SearchSection, q: string): VkSimAccount | undefined {
  const n = norm(q);
  if (section !== 'statuses') return world.get(n) ?? world.accounts().find((a) => norm(a.title) === n);
  return world.accounts().find((a) => a.posts.some((p) => norm(p.text).includes(n)));
}

function row(a: VkSimAccount, section: SearchSection): string {
  const cls = section === 'people' ? 'people_row' : 'groups_row';
  return `<div class="${cls} search_row"><a class="simple_fit_item" href="/${a.name}?from=search"><div class="groups_name">${esc(a.title)}</div><div class="groups_desc">${esc(a.about.split('\n')[0] ?? '')}</div><div class="groups_count">${grouped(a.followers)} followers</div></a></div>`;
}

/** The results page for `q` in `section`, seen from `country`. */
export function renderSearchPage(world: VkWorld, section: SearchSection, q: string, ctx: VkRenderCtx, country: string, max = 20): string {
  const n = norm(q);
  const parts: string[] = [];
  if (n && section !== 'statuses') {
    const kind = section === 'people' ? 'user' : 'community';
    for (const a of world.accounts()) {
      if (parts.length >= max || a.kind !== kind || !findable(a, country)) continue;
      if (a.name === n || world.get(n) === a || norm(a.title).includes(n)) parts.push(row(a, section));
    }
  } else if (n) {
    const hits = world
      .accounts()
      .filter((a) => findable(a, country))
      .flatMap((a) => a.posts.filter((p) => norm(p.text).includes(n)).map((p) => ({ a, p })))
      .sort((x, y) => y.p.date - x.p.date)
      .slice(0, max);
    for (const h of hits) parts.push(renderPost(h.a, h.p, ctx).replace('class="wi_date"', 'class="wi_date al_wall"'));
  }
  const body = `
    <div class="search_header"><h3 class="slim_header">Search</h3></div>
    <div id="search_results" class="search_results search_${section}">${parts.length ? parts.join('\n') : '<div class="search_empty">Ничего не найдено</div>'}</div>`;
  return page({ title: 'Search', body });
}
