// SSRF guard: only http(s), and no private/loopback/link-local destinations unless allowed
// (network.allowPrivate). Used by the HTTP and media fetchers (at check time AND at connect time,
// so DNS rebinding between the two is refused) and by the browser's egress proxy.
import { isIP, type LookupFunction } from 'node:net';
import { lookup as dnsLookup } from 'node:dns/promises';
import { VigilError } from '../errors.js';
import { addressPolicy, bareAddress, isAllowedAddress, isLocalhostName, type AllowPrivate } from './address.js';

export { isPrivateAddress, embeddedIPv4, isAllowedAddress, addressPolicy, parseAllowEntry, type AllowPrivate } from './address.js';

export type LookupFn = (host: string) => Promise<Array<{ address: string; family: number }>>;

export interface GuardOptions {
  allowPrivate: AllowPrivate;
  /** DNS resolver; defaults to the system resolver. */
  lookup?: LookupFn;
}

const defaultLookup: LookupFn = (host) => dnsLookup(host, { all: true, verbatim: true });

/** Parses and checks the scheme only (no DNS). Throws VGL_FETCH_UNSUPPORTED_SCHEME. */
export function assertHttpUrl(input: string | URL): URL {
  let url: URL;
  try {
    // WHATWG parsing also normalises numeric hosts: 2130706433, 0x7f.1, 017700000001, 127.1 -> 127.0.0.1.
    url = typeof input === 'string' ? new URL(input) : input;
  } catch (e) {
    throw new VigilError('VGL_FETCH_UNSUPPORTED_SCHEME', `not a URL: ${JSON.stringify(String(input))}`, { cause: e });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new VigilError('VGL_FETCH_UNSUPPORTED_SCHEME', `refusing ${url.protocol} URL ${url.href}: only http and https can be fetched`);
  }
  return url;
}

const refusal = (what: string, host: string, addr: string): VigilError =>
  new VigilError(
    'VGL_FETCH_BLOCKED_ADDRESS',
    `refusing ${what}: ${host} is a private, loopback or link-local address (${addr}); list it in network.allowPrivate only if Vigil must reach it`,
    { details: { url: what, host, address: addr } },
  );

/**
 * Resolves a URL host name and returns its addresses when every one of them may be reached;
 * throws VGL_FETCH_BLOCKED_ADDRESS when one may not, and VGL_FETCH_FAILED when the name does not
 * resolve (a failed lookup is a refusal, never a pass). `what` names the request in messages.
 */
export async function resolveAllowed(hostname: string, opts: GuardOptions, what = hostname): Promise<Array<{ address: string; family: number }>> {
  const policy = addressPolicy(opts.allowPrivate);
  const host = bareAddress(hostname);
  const family = isIP(host);
  if (family !== 0) {
    if (!isAllowedAddress(host, policy)) throw refusal(what, host, host);
    return [{ address: host, family }];
  }
  // Chromium and glibc answer these with loopback without asking DNS (a trailing dot included).
  if (!policy.all && isLocalhostName(host)) throw refusal(what, host, 'localhost');
  let addrs: Array<{ address: string; family: number }>;
  try {
    addrs = await (opts.lookup ?? defaultLookup)(host.replace(/\.$/, '') || host);
  } catch (e) {
    throw new VigilError('VGL_FETCH_FAILED', `cannot resolve ${host} for ${what}: ${(e as Error).message}`, { cause: e, details: { host, unresolved: true } });
  }
  if (addrs.length === 0) throw new VigilError('VGL_FETCH_FAILED', `cannot resolve ${host} for ${what}: no addresses`, { details: { host, unresolved: true } });
  // One private answer refuses the name: a resolver may hand out either on the next try.
  for (const a of addrs) if (!isAllowedAddress(a.address, policy)) throw refusal(what, host, a.address);
  return addrs;
}

/**
 * Throws unless `url` is http(s) and every address its host resolves to may be reached.
 * With allowPrivate: true only the scheme is checked. Returns the parsed URL.
 */
export async function assertPublicUrl(input: string | URL, opts: GuardOptions): Promise<URL> {
  const url = assertHttpUrl(input);
  if (opts.allowPrivate === true) return url;
  await resolveAllowed(url.hostname, opts, url.href);
  return url;
}

/**
 * A `lookup` for net.connect / tls.connect / undici's connector: resolves through the guard, so
 * the address a socket connects to is the address that was checked (closes DNS rebinding).
 * IP-literal hosts never reach a lookup function: check those with assertPublicUrl first.
 */
export function guardedLookup(opts: GuardOptions): LookupFunction {
  return ((hostname: string, options: { all?: boolean; family?: number | string }, cb: (err: Error | null, a?: unknown, f?: number) => void) => {
    resolveAllowed(hostname, opts).then(
      (addrs) => {
        const fam = options?.family === 6 || options?.family === 'IPv6' ? 6 : options?.family === 4 || options?.family === 'IPv4' ? 4 : 0;
        const usable = fam ? addrs.filter((a) => a.family === fam) : addrs;
        if (usable.length === 0) return cb(Object.assign(new Error(`no IPv${fam} address for ${hostname}`), { code: 'ENOTFOUND' }));
        if (options?.all) cb(null, usable);
        else cb(null, usable[0].address, usable[0].family);
      },
      (e: unknown) => cb(e as Error),
    );
  }) as unknown as LookupFunction;
}

/**
 * The check at the door (POST /api/captures, POST /api/targets): refuses at once what every
 * fetch would refuse (scheme, private/loopback/link-local hosts). A name that does not resolve
 * right now passes: DNS can be down for a moment, and the fetch itself refuses and reports it.
 */
export async function checkAtDoor(input: string | URL, opts: GuardOptions, timeoutMs = 5000): Promise<URL> {
  const url = assertHttpUrl(input);
  if (opts.allowPrivate === true) return url;
  let timer: NodeJS.Timeout | undefined;
  // A slow resolver does not hold the request: the fetch checks again anyway.
  const slow = new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)));
  try {
    await Promise.race([resolveAllowed(url.hostname, opts, url.href), slow]);
  } catch (e) {
    if (!(e instanceof VigilError) || e.code !== 'VGL_FETCH_FAILED') throw e;
  } finally {
    clearTimeout(timer);
  }
  return url;
}
