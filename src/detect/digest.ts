// Content digests that ignore volatile counters (views, subscribers, signed CDN URLs), so an
// unchanged account yields the same digest poll after poll. What counts as a post's content is the
// platform's answer (Scraper.stableContent); this module only hashes it. Pure.
import { sha256Hex as h } from '../ids.js';
import type { Observation, PostRecord } from '../scrapers/types.js';

/**
 * Bumped whenever the digest input changes; older hot states are re-baselined silently (step.ts).
 * 3: posts are addressed by string keys (key/order replaced num) and each platform says what its
 * content is (Telegram's CDN-URL stripping moved into its folder).
 */
export const DIGEST_VERSION = 3;

/** A platform's `stableContent`: the parts of a post whose change is an edit. */
export type ContentOf = (p: PostRecord) => unknown;

/** Short (16 char) digest of a post's content, kept in the hot state. Service messages start with 's'. */
export const postDigest = (p: PostRecord, content: ContentOf): string => {
  const d = h(JSON.stringify(content(p)));
  return p.service ? 's' + d.slice(0, 15) : d.slice(0, 16);
};
export const isServiceDigest = (d: string): boolean => d.startsWith('s');

/** Full digest of what an observation says, excluding counters. */
export function contentDigest(o: Observation, postDigests: string[]): string {
  const c = o.channel;
  const channel = c ? [c.username, c.title ?? null, c.description ?? null, c.verified ?? null, c.channelId ?? null] : null;
  return h(JSON.stringify([o.state, o.stateReason ?? null, channel, postDigests, o.range ?? null, o.reachedStart]));
}
