// Recognise an Instagram target and normalise it to the lower-case username.
import type { TargetRef } from '../types.js';

/** 1–30 of [a-z0-9._], no leading/trailing dot, no "..". */
const USERNAME = /^(?!\.)(?!.*\.\.)[a-z0-9._]{1,30}(?<!\.)$/;

export const isInstagramUsername = (name: string): boolean => USERNAME.test(name.toLowerCase());

const ref = (name: string): TargetRef | null => {
  const key = name.toLowerCase();
  return USERNAME.test(key) ? { platform: 'instagram', key, spec: `instagram:${key}` } : null;
};

// First path segments that are instagram.com features, never accounts.
const RESERVED = new Set([
  'p', 'reel', 'reels', 'tv', 'explore', 'accounts', 'stories', 'direct', 'about', 'developer', 'legal', 'api', 'graphql', 'web',
  'static', 'emails', 'challenge', 'privacy', 'terms', 'session', 'oauth', 'ajax', 'data', 'help', 'press', 'jobs', 'blog',
  'directory', 'locations', 'topics', 'nametag', 'lite', 'download', 'create', 'invites', 'threads',
]);

const HOSTS = new Set(['instagram.com', 'www.instagram.com', 'm.instagram.com', 'instagr.am', 'www.instagr.am']);

/**
 * Accepts `instagram:<user>`, `ig:<user>` (also with `@`), `https://www.instagram.com/<user>/` and
 * `instagram.com/<user>?hl=en`. Returns null for post URLs (`/p/<code>/`: no account in them),
 * feature paths, other hosts and bare words.
 */
export function matchInstagram(input: string): TargetRef | null {
  const s = input.trim();
  if (s.length === 0) return null;
  const spec = /^(?:instagram|ig):(.*)$/i.exec(s);
  if (spec) return ref(spec[1].trim().replace(/^@/, ''));
  const url = parseUrl(s);
  if (!url || !HOSTS.has(url.hostname.toLowerCase())) return null;
  const first = url.pathname.split('/').filter(Boolean)[0];
  return first && !RESERVED.has(first.toLowerCase()) ? ref(first) : null;
}

/** The username of an instagram.com URL, or the shortcode of a post URL (for citations). */
export function instagramUrlParts(input: string): { user?: string; shortcode?: string } | null {
  const url = parseUrl(input);
  if (!url || !HOSTS.has(url.hostname.toLowerCase())) return null;
  const parts = url.pathname.split('/').filter(Boolean);
  if ((parts[0] === 'p' || parts[0] === 'reel' || parts[0] === 'tv') && parts[1]) return { shortcode: parts[1] };
  if (parts[1] === 'p' && parts[2]) return { ...(isInstagramUsername(parts[0]) ? { user: parts[0].toLowerCase() } : {}), shortcode: parts[2] };
  const r = matchInstagram(input);
  return r ? { user: r.key } : {};
}

function parseUrl(s: string): URL | null {
  if (!/^https?:\/\//i.test(s) && !/^[a-z0-9.-]+\.[a-z]{2,}\//i.test(s)) return null;
  try {
    return new URL(/^https?:\/\//i.test(s) ? s : `https://${s}`);
  } catch {
    return null;
  }
}
