// Channels a post points at (forwarded-from links, t.me links in the text): the cheap way to learn
// where an unwatched renamed channel went (src/workers/rename-discovery.ts probes them). Pure.
import type { PostRecord } from '../types.js';
import { matchTelegram } from './match.js';

/** Lower-case usernames referenced by these posts, without duplicates. */
export function referencedUsernames(posts: readonly PostRecord[]): string[] {
  const out = new Set<string>();
  for (const p of posts) {
    const urls = [...(p.forwardedFrom?.url ? [p.forwardedFrom.url] : []), ...p.links];
    for (const u of urls) {
      const ref = matchTelegram(u);
      if (ref) out.add(ref.key);
    }
  }
  return [...out];
}
