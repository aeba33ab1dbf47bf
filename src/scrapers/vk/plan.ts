// Where to look on m.vk.com. Pure: URLs only, never fetches.
import type { FetchStep, TargetRef } from '../types.js';

type HasBase = { baseUrl: string };

const base = (s: HasBase): string => s.baseUrl.replace(/\/+$/, '');

/**
 * Newest posts: `<base>/<name>`; an older page: `<base>/<name>?offset=<n>&own=1` (the form of
 * VK's own "Show more" link; the cursor is the offset, see parse.ts for why it overlaps by one).
 */
export function planListing(t: TargetRef, s: HasBase, cursor?: string): FetchStep {
  const q = cursor !== undefined && /^\d{1,7}$/.test(cursor) && cursor !== '0' ? `?offset=${cursor}&own=1` : '';
  return { via: 'http', url: `${base(s)}/${t.key}${q}`, purpose: 'listing' };
}

/** One wall post by its key `<owner>_<post>`: `<base>/wall-24199209_18932515`. */
export function planPost(_t: TargetRef, s: HasBase, key: string): FetchStep {
  return { via: 'http', url: `${base(s)}/wall${encodeURIComponent(key)}`, purpose: 'post' };
}

/** The account page itself (the wall is on it). */
export function planLanding(t: TargetRef, s: HasBase): FetchStep {
  return { via: 'http', url: `${base(s)}/${t.key}`, purpose: 'landing' };
}
