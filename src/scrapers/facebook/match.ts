// Recognise a Facebook Page target and normalise it to its lower-case vanity name or numeric id.
import type { TargetRef } from '../types.js';

/** Vanity names: 5–50 of [a-z0-9.] (Facebook's rule), or a numeric Page id. */
const NAME = /^(?:[a-z0-9][a-z0-9.]{3,48}[a-z0-9]|\d{5,20})$/;

export const isFacebookPageName = (name: string): boolean => NAME.test(name.toLowerCase());

const ref = (name: string): TargetRef | null => {
  const key = name.toLowerCase();
  return NAME.test(key) ? { platform: 'facebook', key, spec: `facebook:${key}` } : null;
};

// First path segments that are facebook.com features, not Pages.
const RESERVED = new Set([
  'groups', 'events', 'watch', 'story.php', 'permalink.php', 'photo.php', 'video.php', 'login', 'login.php', 'home.php', 'hashtag',
  'marketplace', 'gaming', 'help', 'policies', 'privacy', 'settings', 'sharer', 'sharer.php', 'share', 'dialog', 'plugins', 'l.php',
  'reel', 'stories', 'notes', 'messages', 'friends', 'search', 'ads', 'business', 'checkpoint', 'recover', 'photos', 'videos',
  'page_content_list_view', 'notifications', 'bookmarks', 'legal', 'terms', 'about', 'careers', 'fundraisers', 'media', 'composer',
]);

const HOSTS = /^(?:(?:www|m|mbasic|web|touch|mobile|free|[a-z]{2}-[a-z]{2})\.)?(?:facebook\.com|fb\.com)$/i;

/**
 * Accepts `facebook:<page>`, `fb:<page>`, `https://www.facebook.com/<page>/`, `m.facebook.com/<page>/posts/`,
 * `facebook.com/pg/<page>/posts/`, `facebook.com/profile.php?id=<n>`, `facebook.com/pages/<Name>/<id>` and
 * `facebook.com/people/<Name>/<id>`. Groups, events, single posts without a Page, other hosts and bare
 * words return null.
 */
export function matchFacebook(input: string): TargetRef | null {
  const s = input.trim();
  if (s.length === 0) return null;
  const spec = /^(?:facebook|fb):(.*)$/i.exec(s);
  if (spec) return ref(spec[1].trim().replace(/^@/, ''));
  const url = parseUrl(s);
  if (!url || !HOSTS.test(url.hostname)) return null;
  const parts = url.pathname.split('/').filter(Boolean).map((p) => decodeURIComponent(p));
  const first = parts[0]?.toLowerCase();
  if (!first) return null;
  if (first === 'profile.php') return ref(url.searchParams.get('id') ?? '');
  if ((first === 'pages' || first === 'people') && parts.length >= 3) return ref(parts[2]);
  if (first === 'pg' && parts[1]) return ref(parts[1]);
  return RESERVED.has(first) ? null : ref(parts[0]);
}

function parseUrl(s: string): URL | null {
  if (!/^https?:\/\//i.test(s) && !/^[a-z0-9.-]+\.[a-z]{2,}\//i.test(s)) return null;
  try {
    return new URL(/^https?:\/\//i.test(s) ? s : `https://${s}`);
  } catch {
    return null;
  }
}
