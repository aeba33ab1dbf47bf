// SSRF guard: only http(s), and no private/loopback/link-local destinations unless allowed.
// Reused by HTTP fetchers as well as by the browser capture (every request and redirect).
import { BlockList, isIP } from 'node:net';
import { lookup as dnsLookup } from 'node:dns/promises';
import { VigilError } from '../errors.js';

const V4_BLOCKED: Array<[string, number]> = [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24], // documentation
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved + broadcast
];
const V6_BLOCKED: Array<[string, number]> = [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // old site-local
  ['ff00::', 8], // multicast
  ['2001:db8::', 32], // documentation
  ['100::', 64], // discard
];

function buildList(): BlockList {
  const list = new BlockList();
  for (const [a, p] of V4_BLOCKED) list.addSubnet(a, p, 'ipv4');
  for (const [a, p] of V6_BLOCKED) list.addSubnet(a, p, 'ipv6');
  return list;
}
let blocked: BlockList | undefined; // built lazily: nothing is created at import

/** IPv4 embedded in an IPv6 address (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16), or null. */
export function embeddedIPv4(ip: string): string | null {
  const lower = ip.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex) return hexPairToV4(hex[1], hex[2]);
  const sixToFour = /^2002:([0-9a-f]{1,4}):([0-9a-f]{1,4}):/.exec(lower);
  if (sixToFour) return hexPairToV4(sixToFour[1], sixToFour[2]);
  return null;
}

const hexPairToV4 = (hi: string, lo: string): string => {
  const a = parseInt(hi, 16);
  const b = parseInt(lo, 16);
  return `${a >> 8}.${a & 255}.${b >> 8}.${b & 255}`;
};

/** True for addresses a public-web fetch must never reach. Pure. Non-IP input counts as private (fail closed). */
export function isPrivateAddress(ip: string): boolean {
  const addr = ip.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  const family = isIP(addr);
  if (family === 0) return true;
  blocked ??= buildList();
  if (family === 4) return blocked.check(addr, 'ipv4');
  const v4 = embeddedIPv4(addr);
  if (v4 !== null) return blocked.check(v4, 'ipv4');
  return blocked.check(addr, 'ipv6');
}

export type LookupFn = (host: string) => Promise<Array<{ address: string; family: number }>>;

export interface GuardOptions {
  allowPrivate: boolean;
  /** DNS resolver; defaults to the system resolver (what Chromium uses too). */
  lookup?: LookupFn;
}

const defaultLookup: LookupFn = (host) => dnsLookup(host, { all: true, verbatim: true });

/** Parses and checks the scheme only (no DNS). Throws VGL_FETCH_UNSUPPORTED_SCHEME. */
export function assertHttpUrl(input: string | URL): URL {
  let url: URL;
  try {
    url = typeof input === 'string' ? new URL(input) : input;
  } catch (e) {
    throw new VigilError('VGL_FETCH_UNSUPPORTED_SCHEME', `not a URL: ${JSON.stringify(String(input))}`, { cause: e });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new VigilError('VGL_FETCH_UNSUPPORTED_SCHEME', `refusing ${url.protocol} URL ${url.href}: only http and https can be fetched`);
  }
  return url;
}

/**
 * Throws unless `url` is http(s) and every address its host resolves to is public.
 * With allowPrivate only the scheme is checked. Returns the parsed URL.
 */
export async function assertPublicUrl(input: string | URL, opts: GuardOptions): Promise<URL> {
  const url = assertHttpUrl(input);
  if (opts.allowPrivate) return url;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const refuse = (addr: string): never => {
    throw new VigilError(
      'VGL_FETCH_BLOCKED_ADDRESS',
      `refusing ${url.href}: ${host} is a private, loopback or link-local address (${addr}); set network.allowPrivate only for local testing`,
      { details: { url: url.href, host, address: addr } },
    );
  };
  if (isIP(host)) {
    if (isPrivateAddress(host)) refuse(host);
    return url;
  }
  if (host === 'localhost' || host.endsWith('.localhost')) refuse('localhost');
  let addrs: Array<{ address: string }>;
  try {
    addrs = await (opts.lookup ?? defaultLookup)(host);
  } catch (e) {
    throw new VigilError('VGL_FETCH_FAILED', `cannot resolve ${host} for ${url.href}: ${(e as Error).message}`, { cause: e });
  }
  if (addrs.length === 0) throw new VigilError('VGL_FETCH_FAILED', `cannot resolve ${host} for ${url.href}: no addresses`);
  for (const a of addrs) if (isPrivateAddress(a.address)) refuse(a.address);
  return url;
}
