// URL normalisation shared by feed and web-page platforms (rss:, web:). Pure.

/**
 * Canonical form of an http(s) URL: lower-case scheme and host, default port dropped,
 * fragment dropped, empty path → "/". The query is kept (YouTube feeds live in it).
 * Returns null for anything that is not an absolute http(s) URL.
 */
export function normaliseUrl(input: string): string | null {
  const s = input.trim();
  if (!/^https?:\/\//i.test(s)) return null;
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return null;
  }
  if (!u.hostname) return null;
  u.hash = '';
  return u.toString();
}

/** Resolve a possibly relative link against a base; null for javascript:, mailto:, bad URLs. */
export function absoluteUrl(href: string | undefined, base: string): string | null {
  if (!href) return null;
  const h = href.trim();
  if (h === '' || h.startsWith('#') || /^(javascript|mailto|tel|data):/i.test(h)) return null;
  try {
    const u = new URL(h, base);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    u.hash = '';
    return u.toString();
  } catch {
    return null;
  }
}

export const originOf = (u: string): string => {
  try {
    return new URL(u).origin;
  } catch {
    return '';
  }
};
