// Platforms of listing model `feed` (rss/web statements): feeds and listings are windows with no
// covered range, and they drop OLD items naturally. An item that vanished counts as "covered" (a deletion candidate) only while an
// item OLDER than it is still listed; otherwise only its own page (404/410) can tell. Pure.
import type { Observation, PostRecord } from '../scrapers/types.js';
import { cmpKey } from '../scrapers/order.js';
import { postBlobSha } from './post-blob.js';
import type { FeedItem, TargetState } from './state.js';

/** The observation comes from a `feed` listing (Scraper.listingModel). */
export const isFeed = (o: Pick<Observation, 'listingModel'>): boolean => o.listingModel === 'feed';

/** a is older than b: by publication time when both have one, else by first-seen feed order. */
export function olderThan(a: FeedItem, b: FeedItem): boolean {
  if (a.t !== undefined && b.t !== undefined && a.t !== b.t) return a.t < b.t;
  return a.o < b.o;
}

export interface Vanished {
  /** Tracked items (keys) missing now while an older tracked item is still listed: deletion candidates. */
  covered: string[];
  /** Tracked items missing now with nothing older listed: fell off the window, or removed. */
  uncertain: string[];
}

/** Tracked items absent from an `ok` feed observation, split by whether the window still covers them. */
export function vanishedItems(prev: TargetState, obs: Observation): Vanished {
  const out: Vanished = { covered: [], uncertain: [] };
  const items = prev.items;
  if (!items || obs.state !== 'ok' || !isFeed(obs)) return out;
  const present = new Set(obs.posts.map((p) => p.key));
  const listed = Object.keys(items).filter((k) => present.has(k)).map((k) => items[k]);
  for (const [k, it] of Object.entries(items)) {
    if (present.has(k) || prev.posts[k] === undefined) continue;
    (listed.some((l) => olderThan(l, it)) ? out.covered : out.uncertain).push(k);
  }
  out.covered.sort(cmpKey);
  out.uncertain.sort(cmpKey);
  return out;
}

const ms = (iso: string | undefined): number | undefined => {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(t) ? t : undefined;
};

/** Start tracking newly listed items (URL, age, blob of the archived version). Feed order = newest first. */
export function trackItems(items: Record<string, FeedItem> | undefined, obs: Observation, added: PostRecord[]): Record<string, FeedItem> {
  const out: Record<string, FeedItem> = { ...(items ?? {}) };
  if (added.length === 0) return out;
  const base = Object.values(out).reduce((m, i) => Math.max(m, i.o), 0);
  const pos = new Map(obs.posts.map((p, i) => [p.key, i]));
  const n = obs.posts.length;
  for (const p of added) {
    const t = ms(p.publishedAt);
    out[p.key] = { u: p.url, o: base + n - (pos.get(p.key) ?? 0), b: postBlobSha(p), ...(t !== undefined ? { t } : {}) };
  }
  return out;
}

/** Keep only items whose digest is still tracked in `posts`. */
export function pruneItems(items: Record<string, FeedItem>, posts: Record<string, string>): Record<string, FeedItem> {
  const out: Record<string, FeedItem> = {};
  for (const [k, v] of Object.entries(items)) if (posts[k] !== undefined) out[k] = v;
  return out;
}

/** What `Scraper.planItem` needs of a tracked item: its key and own URL. */
export const itemStub = (key: string, url: string): Pick<PostRecord, 'key' | 'url'> => ({ key, url });

/** Forget items (unlisted but still online: not a removal), so they are not re-flagged every poll. */
export function forgetItems(s: TargetState, keys: string[]): TargetState {
  if (keys.length === 0) return s;
  const posts = { ...s.posts };
  const items = s.items ? { ...s.items } : undefined;
  for (const k of keys) {
    delete posts[k];
    if (items) delete items[k];
  }
  return { ...s, posts, ...(items ? { items } : {}) };
}
