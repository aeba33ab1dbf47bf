// Accounts X posts point at (retweet sources, x.com / twitter.com links): where a renamed account
// nobody watches went (rename discovery compares their `x:<rest_id>`). Pure.
import type { PostRecord } from '../types.js';
import { matchX } from './match.js';

export function referencedHandles(posts: readonly PostRecord[]): string[] {
  const out = new Set<string>();
  for (const p of posts) {
    for (const u of [p.forwardedFrom?.url, ...p.links]) {
      const ref = u ? matchX(u) : null;
      if (ref) out.add(ref.key);
    }
  }
  return [...out];
}
