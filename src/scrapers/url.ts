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

/**
 * A spec or input that is a URL (with or without its scheme: `t.me/durov`), parsed; null for bare
 * words and strings that do not parse. Account-URL matchers then check the host and the path.
 */
export function inputUrl(s: string): URL | null {
  if (!/^https?:\/\//i.test(s) && !/^[a-z0-9.-]+\.[a-z]{2,}\//i.test(s)) return null;
  try {
    return new URL(/^https?:\/\//i.test(s) ? s : `https://${s}`);
  } catch {
    return null;
  }
}
