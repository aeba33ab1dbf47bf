// Telegram usernames a post points at (forwarded-from links, t.me links in the text): the cheap
// way to learn where an unwatched renamed channel went. Pure.
import type { PostRecord } from '../scrapers/types.js';
import { matchTelegram } from '../scrapers/telegram/match.js';

/** Lower-case usernames referenced by these posts, without `self` and without duplicates. */
export function referencedUsernames(posts: readonly PostRecord[], self?: string): string[] {
  const out = new Set<string>();
  const me = self?.toLowerCase();
  for (const p of posts) {
    const urls = [...(p.forwardedFrom?.url ? [p.forwardedFrom.url] : []), ...p.links];
    for (const u of urls) {
      const ref = matchTelegram(u);
      if (ref && ref.key !== me) out.add(ref.key);
    }
  }
  return [...out];
}
