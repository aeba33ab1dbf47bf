// A logged-in session as the operator exports it from a browser: a Playwright storageState file
// (cookies + each origin's localStorage). Pure: parse it, and say which cookies a request carries.
//
// Sessions belong to a platform, not to a host. Cookies are matched to a request by tough-cookie
// (domain, path, Secure, expiry) against the request URL when a cookie's domain covers its host;
// when none does (the platform's baseUrl points elsewhere: a simulator, a mirror), the request is
// matched as if it went to https://<the session's domain><same path>. Secure cookies then travel
// only over https, or to a loopback address (a local simulator), never over plain HTTP elsewhere.
import { Cookie, CookieJar } from 'tough-cookie';
import { z } from 'zod';
import { VigilError } from '../errors.js';

const PwCookie = z.object({
  name: z.string().min(1),
  value: z.string(),
  domain: z.string().min(1),
  path: z.string().default('/'),
  /** Unix seconds; -1 = a session cookie. */
  expires: z.number().default(-1),
  httpOnly: z.boolean().default(false),
  secure: z.boolean().default(false),
  sameSite: z.enum(['Strict', 'Lax', 'None']).optional(),
});
export type PwCookie = z.infer<typeof PwCookie>;

export const StorageState = z.object({
  cookies: z.array(PwCookie).default([]),
  origins: z.array(z.object({ origin: z.string(), localStorage: z.array(z.object({ name: z.string(), value: z.string() })).default([]) })).default([]),
});
export type StorageState = z.infer<typeof StorageState>;

/** Parses a storageState file's text; the message names the file and the problem, never a value. */
export function parseStorageState(text: string, file: string): StorageState {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new VigilError('VGL_CONFIG_INVALID', `sessions: ${file} is not JSON; export it with Playwright's context.storageState({ path })`, { details: { file } });
  }
  const r = StorageState.safeParse(raw);
  if (!r.success) {
    const where = r.error.issues.map((i) => i.path.join('.')).join(', ');
    throw new VigilError('VGL_CONFIG_INVALID', `sessions: ${file} is not a Playwright storageState file (problem at ${where})`, { details: { file } });
  }
  if (r.data.cookies.length === 0) throw new VigilError('VGL_CONFIG_INVALID', `sessions: ${file} holds no cookies; log in first, then export the storage state`, { details: { file } });
  return r.data;
}

const bareDomain = (d: string): string => d.replace(/^\./, '').toLowerCase();

export const isLoopbackHost = (host: string): boolean => /^127\.\d+\.\d+\.\d+$/.test(host) || host === '[::1]' || host === '::1' || host === 'localhost';

/** A session ready to answer "which cookies go with this URL". */
export interface SessionCookies {
  /** The domain the session was exported from (the most common cookie domain). */
  home: string;
  /** `name=value; …` for a request to `url` ('' when no cookie applies). */
  header(url: string, now?: Date): string;
  /** The storage state a browser context loads for a page at `url` (rewritten onto its host when needed). */
  forBrowser(url: string, now?: Date): StorageState;
}

export function sessionCookies(state: StorageState): SessionCookies {
  const jar = new CookieJar(undefined, { looseMode: true, rejectPublicSuffixes: false });
  const count = new Map<string, number>();
  for (const c of state.cookies) {
    const domain = bareDomain(c.domain);
    count.set(domain, (count.get(domain) ?? 0) + 1);
    const cookie = new Cookie({
      key: c.name,
      value: c.value,
      domain,
      path: c.path,
      secure: c.secure,
      httpOnly: c.httpOnly,
      hostOnly: !c.domain.startsWith('.'),
      expires: c.expires > 0 ? new Date(c.expires * 1000) : 'Infinity',
      ...(c.sameSite ? { sameSite: c.sameSite.toLowerCase() } : {}),
    });
    jar.setCookieSync(cookie, `https://${domain}${c.path}`, { ignoreError: true });
  }
  const home = [...count.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
  const covers = (host: string): boolean => state.cookies.some((c) => {
    const d = bareDomain(c.domain);
    return host === d || (c.domain.startsWith('.') && host.endsWith(`.${d}`));
  });

  return {
    home,
    header(url, now = new Date()) {
      const u = new URL(url);
      const own = covers(u.hostname.toLowerCase());
      const match = own ? u : new URL(`https://${home}${u.pathname}${u.search}`);
      // Expiry is judged at `now` here (tough-cookie's own check uses the wall clock).
      const cookies = jar.getCookiesSync(match.href, { expire: false }).filter((c) => (c.expiryTime(now) ?? Infinity) > now.getTime());
      const plain = u.protocol === 'http:' && !isLoopbackHost(u.hostname);
      return cookies.filter((c) => !(c.secure && plain)).map((c) => `${c.key}=${c.value}`).join('; ');
    },
    forBrowser(url, now = new Date()) {
      const u = new URL(url);
      const nowS = now.getTime() / 1000;
      const live = state.cookies.filter((c) => c.expires <= 0 || c.expires > nowS);
      if (covers(u.hostname.toLowerCase())) return { cookies: live, origins: state.origins };
      const plain = u.protocol === 'http:';
      const loop = isLoopbackHost(u.hostname);
      const cookies = live
        .filter((c) => !(c.secure && plain && !loop))
        // Chromium keeps Secure cookies from plain-HTTP pages, even on loopback: the simulator gets them unflagged.
        .map((c) => ({ ...c, domain: u.hostname, secure: plain ? false : c.secure, ...(plain && c.sameSite === 'None' ? { sameSite: 'Lax' as const } : {}) }));
      const origins = state.origins
        .filter((o) => {
          try {
            return bareDomain(new URL(o.origin).hostname) === home || covers(new URL(o.origin).hostname);
          } catch {
            return false;
          }
        })
        .map((o) => ({ ...o, origin: u.origin }));
      return { cookies, origins };
    },
  };
}
