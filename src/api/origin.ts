// Pure rules against DNS rebinding, cross-site requests and open redirects.
// - Host: a page on evil.example that rebinds its name to 127.0.0.1 still sends
//   `Host: evil.example`; only configured names are answered (any port).
// - Origin: browsers send it on every cross-site POST (and on same-origin POST/PUT/DELETE), so a
//   state-changing request must carry our own origin. A request without Origin comes from a
//   non-browser client (CLI, curl) and passes, unless Sec-Fetch-Site says it is cross-site.
// - next: only same-site absolute paths; everything a browser could read as another site is `/`.

export interface HostRules {
  host?: string;
  publicUrl?: string;
  allowedHosts?: readonly string[];
}

const BASE = new Set(['127.0.0.1', 'localhost', '[::1]']);
const WILDCARD = new Set(['0.0.0.0', '::', '[::]', '']);

/** A host name as URL.hostname spells it (lower case, IPv6 in brackets), or null when it is not one. */
export function normalizeHostname(name: string): string | null {
  const n = name.trim();
  const bracketed = n.includes(':') && !n.startsWith('[') ? `[${n}]` : n;
  try {
    const u = new URL(`http://${bracketed}/`);
    return u.port === '' && u.username === '' ? u.hostname : null;
  } catch {
    return null;
  }
}

/** The names the API answers to: loopback names, http.host, http.publicUrl's host, http.allowedHosts. */
export function allowedHostnames(r: HostRules): Set<string> {
  const out = new Set(BASE);
  const add = (h: string | undefined) => {
    if (h === undefined || WILDCARD.has(h.trim())) return;
    const n = normalizeHostname(h);
    if (n) out.add(n);
  };
  add(r.host);
  for (const h of r.allowedHosts ?? []) add(h);
  if (r.publicUrl) out.add(new URL(r.publicUrl).hostname);
  return out;
}

/** Parses a Host header into hostname and port ('' when absent); null when malformed. */
export function parseHostHeader(header: string | undefined): { hostname: string; port: string } | null {
  if (!header || /[\s@/\\?#]/.test(header)) return null;
  try {
    const u = new URL(`http://${header}/`);
    // URL() drops a port of 80; keep what was sent so Origin can be compared exactly.
    const sent = /:(\d+)$/.exec(header)?.[1] ?? '';
    return { hostname: u.hostname, port: sent };
  } catch {
    return null;
  }
}

/** True when the Host header names one of the allowed hosts (any port). No trailing-dot or other aliases. */
export function hostAllowed(header: string | undefined, allowed: ReadonlySet<string>): boolean {
  const h = parseHostHeader(header);
  return h !== null && allowed.has(h.hostname);
}

export type OriginVerdict = { ok: true } | { ok: false; reason: string };

/**
 * Whether a state-changing request may proceed. Same origin = the Origin's host and port are the
 * ones the request was sent to (Host and the scheme we were reached by: http, or https from a
 * trusted proxy), or the Origin is exactly http.publicUrl's origin (behind a TLS proxy that is
 * not trusted, we see http while the browser saw https). `Origin: null` (sandboxed frames, privacy
 * redirects) is refused. Without Origin, `Sec-Fetch-Site` (sent by browsers) must be same-origin
 * or none; non-browser clients send neither and pass.
 */
export function checkOrigin(
  h: { origin?: string; host?: string; secFetchSite?: string; scheme?: 'http' | 'https' },
  publicUrl?: string,
): OriginVerdict {
  if (h.origin === undefined) {
    const site = h.secFetchSite?.trim().toLowerCase();
    if (site && site !== 'same-origin' && site !== 'none') return { ok: false, reason: `Sec-Fetch-Site: ${site}` };
    return { ok: true };
  }
  let o: URL;
  try {
    o = new URL(h.origin);
  } catch {
    return { ok: false, reason: 'Origin is not a URL' };
  }
  if (h.origin === 'null' || !/^https?:$/.test(o.protocol) || o.origin !== h.origin.replace(/\/$/, '')) {
    return { ok: false, reason: `Origin ${h.origin}` };
  }
  if (publicUrl && new URL(publicUrl).origin === o.origin) return { ok: true };
  const host = parseHostHeader(h.host);
  const scheme = h.scheme ?? 'http';
  if (!host || host.hostname !== o.hostname || o.protocol !== `${scheme}:`) return { ok: false, reason: `Origin ${o.origin} is not this server` };
  const originPort = o.port || (o.protocol === 'https:' ? '443' : '80');
  // A Host without a port means the scheme's default port, which only the client knows.
  if (host.port !== '' && host.port !== originPort) return { ok: false, reason: `Origin ${o.origin} is not this server` };
  return { ok: true };
}

const NEXT_BASE = 'http://next.invalid';

/**
 * A `next` redirect target that stays on this site: an absolute path, no scheme, no authority
 * (`//`, `/\`, and their percent-encoded forms), no control characters. Anything else is `/`.
 */
export function safeNext(next: string | undefined): string {
  if (!next || next.length > 2048 || !next.startsWith('/')) return '/';
  if (/[\x00-\x1f\x7f\\]/.test(next)) return '/';
  let decoded: string;
  try {
    decoded = decodeURIComponent(next);
  } catch {
    return '/';
  }
  // Browsers treat "\" as "/" and strip tabs/newlines; a decoded form must be harmless too.
  if (/^\/[/\\]/.test(next) || /^\/[/\\]/.test(decoded) || /[\x00-\x1f\x7f\\]/.test(decoded)) return '/';
  let u: URL;
  try {
    u = new URL(next, NEXT_BASE);
  } catch {
    return '/';
  }
  if (u.origin !== NEXT_BASE) return '/';
  return u.pathname + u.search + u.hash;
}
