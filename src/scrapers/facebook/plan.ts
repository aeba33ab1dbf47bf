// Where to look on Facebook's mobile site. Pure: URLs only, never fetches.
import type { FetchStep, TargetRef } from '../types.js';
import type { FacebookSettings } from './settings.js';

type Plan = Pick<FacebookSettings, 'baseUrl' | 'via'> & { controlUrl?: string };

const base = (s: Plan): string => s.baseUrl.replace(/\/+$/, '');

/**
 * Older pages are the mobile site's own "more" URL, read from the page before (a relative
 * `/page_content_list_view/more/?page_id=…&start_cursor=…` URL). Anything else is refused: a cursor
 * comes from fetched markup and must never point the fetcher elsewhere.
 */
export const MORE_PATH = /^\/page_content_list_view\/more\/\?[A-Za-z0-9_.~%=&+:,-]*$/;

/** The Page's posts, newest first; with a cursor, the next (older) batch. */
export function planListing(t: TargetRef, s: Plan, cursor?: string): FetchStep {
  const url = cursor !== undefined && MORE_PATH.test(cursor) ? `${base(s)}${cursor}` : `${base(s)}/${encodeURIComponent(t.key)}/posts/`;
  return { via: s.via, url, purpose: 'listing' };
}

/** One post by its id (Facebook redirects it to the photo, video or story page it is). */
export function planPost(t: TargetRef, s: Plan, key: string): FetchStep {
  return { via: s.via, url: `${base(s)}/${encodeURIComponent(t.key)}/posts/${encodeURIComponent(key)}`, purpose: 'post' };
}

export function planLanding(t: TargetRef, s: Plan): FetchStep {
  return { via: s.via, url: `${base(s)}/${encodeURIComponent(t.key)}/`, purpose: 'landing' };
}

/** A known-good public Page, fetched the same way as the listing it vouches for. */
export function planControl(s: Plan): FetchStep {
  return { via: s.via, url: s.controlUrl ?? `${base(s)}/facebook/posts/`, purpose: 'probe' };
}
