// Where to look for an rss: target. The key is the feed URL itself. Pure.
import type { FetchStep, PostRecord, TargetRef } from '../types.js';

/** The feed; feeds have no older pages, so the cursor is ignored. */
export const planFeed = (t: TargetRef): FetchStep => ({ via: 'http', url: t.key, purpose: 'listing' });

/**
 * The key is a hash, so no URL can be built from it: "checking a post" re-reads the feed and
 * looks the item up there (parsePost). Use planItem to fetch the item's own page.
 */
export const planFeedPost = (t: TargetRef): FetchStep => ({ via: 'http', url: t.key, purpose: 'post' });

export const planFeedLanding = (t: TargetRef): FetchStep => ({ via: 'http', url: t.key, purpose: 'landing' });

/** The item's own page (press release, video page): the place to confirm removal or edits. */
export const planItemPage = (_t: TargetRef, _s: unknown, post: Pick<PostRecord, 'url'>): FetchStep => ({ via: 'http', url: post.url, purpose: 'post' });
