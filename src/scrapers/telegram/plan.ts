// Where to look on t.me. Pure: URLs only, never fetches.
import type { FetchStep, TargetRef } from '../types.js';

type HasBase = { baseUrl: string };

const base = (s: HasBase): string => s.baseUrl.replace(/\/+$/, '');

/** Newest posts: `<base>/s/<name>`; an older page: `<base>/s/<name>?before=<n>`. */
export function planListing(t: TargetRef, s: HasBase, cursor?: string): FetchStep {
  const q = cursor !== undefined && /^\d+$/.test(cursor) ? `?before=${cursor}` : '';
  return { via: 'http', url: `${base(s)}/s/${t.key}${q}`, purpose: 'listing' };
}

/** One post through the embed widget, which says "Post not found" when it is gone. */
export function planPost(t: TargetRef, s: HasBase, key: string): FetchStep {
  return { via: 'http', url: `${base(s)}/${t.key}/${encodeURIComponent(key)}?embed=1`, purpose: 'post' };
}

/** The account landing page: tells a free username from a channel without public preview. */
export function planLanding(t: TargetRef, s: HasBase): FetchStep {
  return { via: 'http', url: `${base(s)}/${t.key}`, purpose: 'landing' };
}
