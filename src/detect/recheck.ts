// rss/web statements edited in place: a ministry changes a release's text on its own page while
// the listing (titles only) stays the same. Each poll re-fetches the own pages of a few tracked
// items (longest unchecked first); the hot state keeps the blob name of each page's text record,
// so a changed text is a post_edited candidate whose diff reads both versions back. Pure.
import type { ItemProbe, Observation, PostRecord } from '../scrapers/types.js';
import { cmpKey } from '../scrapers/order.js';
import { isFeed } from './feed.js';
import { postBlobSha } from './post-blob.js';
import type { FeedItem, OpenCandidate, TargetState } from './state.js';

/** A tracked item's own page shows a different text than when last accepted. */
export const PAGE_EDIT_RULE = 'item_page.text_changed';
/**
 * A still-listed item's own page answers 404/410: post_deleted, confirmed by a later re-check that
 * still finds it gone (not a `feed.*` rule: a page seen again must not make the item forgotten).
 */
export const PAGE_GONE_RULE = 'item_page.gone';

export interface RecheckPolicy {
  perPoll: number;
  maxAgeMs: number;
}

/** What this poll's re-checks found: page record blob per present item, items answering 404/410. */
export interface PageChecks {
  /** key -> sha256 of the page text record (pageRecord) */
  present: Record<string, string>;
  /** Keys of items whose own page answered 404/410. */
  gone: string[];
  /** ms of the checks; items with a verdict get it as their `c`. */
  at: number;
}

const norm = (s: string): string =>
  s
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter((l) => l !== '')
    .join('\n');

/**
 * The archived record of one version of an item's own page: the listed post with the page's
 * title + body as text. Only page-derived fields vary, so a listing-only change is no page edit.
 */
export function pageRecord(post: Pick<PostRecord, 'id' | 'key' | 'order' | 'url' | 'publishedAt'>, probe: ItemProbe): PostRecord {
  const text = norm([probe.title ?? '', probe.text ?? ''].join('\n'));
  return { id: post.id, key: post.key, order: post.order, url: post.url, ...(post.publishedAt ? { publishedAt: post.publishedAt } : {}), text, html: '', edited: false, links: [], media: [] };
}

export const pageBlobSha = (rec: PostRecord): string => postBlobSha(rec);

const openOn = (open: OpenCandidate[], rule: string): string[] => open.filter((c) => c.rule === rule && c.postKey !== undefined).map((c) => c.postKey!);

/**
 * Which listed items to re-check now: those with an open page candidate first (they need a second
 * look), then never-checked, then longest unchecked; only items published within maxAge (undated
 * items count as recent). Skips items with an open listing post_deleted (probe.ts handles those).
 */
export function pickRechecks(prev: TargetState, obs: Observation, now: number, p: RecheckPolicy): string[] {
  const items = prev.items;
  if (!items || p.perPoll <= 0 || obs.state !== 'ok' || !isFeed(obs) || prev.state === 'pending') return [];
  const listed = new Set(obs.posts.map((x) => x.key));
  const pageOpen = new Set([...openOn(prev.open, PAGE_EDIT_RULE), ...openOn(prev.open, PAGE_GONE_RULE)]);
  const otherDeleted = new Set(prev.open.filter((c) => c.type === 'post_deleted' && c.rule !== PAGE_GONE_RULE).map((c) => c.postKey));
  const eligible = Object.entries(items)
    .map(([n, it]) => ({ n, it }))
    .filter(({ n, it }) => listed.has(n) && prev.posts[n] !== undefined && !otherDeleted.has(n) && (pageOpen.has(n) || it.t === undefined || now - it.t <= p.maxAgeMs));
  eligible.sort((a, b) => {
    const oa = pageOpen.has(a.n) ? 0 : 1;
    const ob = pageOpen.has(b.n) ? 0 : 1;
    if (oa !== ob) return oa - ob;
    const ca = a.it.c ?? -1;
    const cb = b.it.c ?? -1;
    return ca !== cb ? ca - cb : b.it.o - a.it.o; // ties: newest first
  });
  return eligible.slice(0, p.perPoll).map((x) => x.n);
}

export interface PageFinding {
  key: string;
  rule: typeof PAGE_EDIT_RULE | typeof PAGE_GONE_RULE;
  fromBlob?: string;
  toBlob?: string;
}

/** Changed page texts (vs the accepted `p`) and listed items whose page is gone. A first fetch is only a baseline. */
export function pageChanges(prev: TargetState, checks: PageChecks | undefined): PageFinding[] {
  if (!checks || !prev.items) return [];
  const out: PageFinding[] = [];
  for (const [k, sha] of Object.entries(checks.present)) {
    const from = prev.items[k]?.p;
    if (from && from !== sha) out.push({ key: k, rule: PAGE_EDIT_RULE, fromBlob: from, toBlob: sha });
  }
  for (const k of checks.gone) if (prev.items[k]) out.push({ key: k, rule: PAGE_GONE_RULE });
  return out.sort((a, b) => cmpKey(a.key, b.key));
}

/** How this poll's re-checks bear on an open page candidate; undefined = not a page candidate. */
export function pageStance(c: OpenCandidate, checks: PageChecks | undefined): 'agree' | 'contradict' | 'neutral' | undefined {
  if ((c.rule !== PAGE_EDIT_RULE && c.rule !== PAGE_GONE_RULE) || c.postKey === undefined) return undefined;
  const seen = checks?.present[c.postKey];
  const gone = checks?.gone.includes(c.postKey) ?? false;
  if (c.rule === PAGE_GONE_RULE) return seen ? 'contradict' : gone ? 'agree' : 'neutral';
  if (gone) return 'neutral'; // a page-gone finding of its own takes over
  if (!seen) return 'neutral';
  return seen === c.details?.toBlob ? 'agree' : 'contradict';
}

/** Record this poll's checks in the tracked items: check time, and the baseline of first-fetched pages. */
export function applyPageChecks(items: Record<string, FeedItem>, checks: PageChecks | undefined): Record<string, FeedItem> {
  if (!checks) return items;
  const out = { ...items };
  for (const [k, sha] of Object.entries(checks.present)) {
    const it = out[k];
    if (it) out[k] = { ...it, c: checks.at, ...(it.p ? {} : { p: sha }) };
  }
  for (const n of checks.gone) if (out[n]) out[n] = { ...out[n], c: checks.at };
  return out;
}
