// Where to look on YouTube. Pure: URLs only, never fetches. Every step is a plain GET of a page the
// public web site serves (the web client's own /youtubei/v1 calls are POSTs; their answers are the
// same objects the pages embed).
import type { FetchStep, TargetRef } from '../types.js';
import { channelPath } from './match.js';

type HasBase = { baseUrl: string };

const base = (s: HasBase): string => s.baseUrl.replace(/\/+$/, '');

/**
 * The channel's Videos tab: its newest videos (about 30). Older videos need a POSTed continuation,
 * so there are no older pages (`cursor` is ignored, `olderCursor` never set).
 */
export function planListing(t: TargetRef, s: HasBase, _cursor?: string): FetchStep {
  return { via: 'http', url: `${base(s)}/${channelPath(t.key)}/videos`, purpose: 'listing' };
}

/** One video's watch page: its ytInitialPlayerResponse says whether it is playable, private, blocked or gone. */
export function planPost(_t: TargetRef, s: HasBase, key: string): FetchStep {
  return { via: 'http', url: `${base(s)}/watch?v=${encodeURIComponent(key)}`, purpose: 'post' };
}

/** The channel's home page (its alerts say terminated / not found / not available in your country). */
export function planLanding(t: TargetRef, s: HasBase): FetchStep {
  return { via: 'http', url: `${base(s)}/${channelPath(t.key)}`, purpose: 'landing' };
}
