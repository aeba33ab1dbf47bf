// Recognise an X target and normalise it to the lower-case handle. Pure.
import type { TargetRef } from '../types.js';

/** X handles: 1–15 chars of [A-Za-z0-9_] (case-insensitive; older accounts may be shorter than 4). */
const HANDLE = /^[a-z0-9_]{1,15}$/;

export const isXHandle = (name: string): boolean => HANDLE.test(name.toLowerCase());

const ref = (name: string): TargetRef | null => {
  const key = name.toLowerCase();
  return HANDLE.test(key) ? { platform: 'x', key, spec: `x:${key}` } : null;
};

const HOSTS = new Set(['x.com', 'www.x.com', 'mobile.x.com', 'twitter.com', 'www.twitter.com', 'mobile.twitter.com']);

// First path segments that are X features, not accounts.
const RESERVED = new Set(['i', 'home', 'explore', 'search', 'settings', 'notifications', 'messages', 'login', 'logout', 'signup', 'intent', 'share', 'hashtag', 'tos', 'privacy', 'compose', 'account', 'jobs']);

/**
 * Accepts `x:<handle>`, `twitter:<handle>`, `x:@handle`, `https://x.com/handle`,
 * `https://twitter.com/handle/status/123`, `x.com/handle/with_replies`. Returns null for other hosts,
 * feature paths (`/i/…`, `/search`) and invalid handles. A bare `@name` is left to Telegram (first
 * in the registry), so X needs its prefix or a URL.
 */
export function matchX(input: string): TargetRef | null {
  const s = input.trim();
  if (s.length === 0) return null;
  const spec = /^(?:x|twitter):(?!\/\/)(.*)$/i.exec(s);
  if (spec) return ref(spec[1].replace(/^@/, ''));
  const looksLikeUrl = /^https?:\/\//i.test(s) || /^[a-z0-9.-]+\.[a-z]{2,}\//i.test(s);
  if (!looksLikeUrl) return null;
  let url: URL;
  try {
    url = new URL(/^https?:\/\//i.test(s) ? s : `https://${s}`);
  } catch {
    return null;
  }
  if (!HOSTS.has(url.hostname.toLowerCase())) return null;
  const name = url.pathname.split('/').filter(Boolean)[0];
  return name && !RESERVED.has(name.toLowerCase()) ? ref(name) : null;
}
