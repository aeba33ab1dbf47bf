// Pure address classification for the SSRF guard: which IP addresses a public-web fetch may
// reach, including IPv4 hidden inside IPv6 (mapped, translated, NAT64, 6to4, compatible), and
// the operator's allow-list (network.allowPrivate: true | false | ["127.0.0.2/31", ...]).
import { BlockList, isIP } from 'node:net';

const V4_BLOCKED: Array<[string, number]> = [
  ['0.0.0.0', 8], // "this network" (0.0.0.0 connects to the local host on Linux)
  ['10.0.0.0', 8],
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8],
  ['169.254.0.0', 16], // link-local, cloud metadata
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // deprecated 6to4 relay anycast
  ['192.168.0.0', 16],
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved + broadcast
];
const V6_BLOCKED: Array<[string, number]> = [
  ['::', 96], // unspecified, loopback and the deprecated IPv4-compatible ::a.b.c.d
  ['64:ff9b:1::', 48], // local-use NAT64 (RFC 8215)
  ['100::', 64], // discard
  ['2001::', 32], // Teredo: the IPv4 inside is obfuscated; no reason for a capture to go there
  ['2001:2::', 48], // benchmarking
  ['2001:10::', 28], // ORCHID
  ['2001:db8::', 32], // documentation
  ['3fff::', 20], // documentation (RFC 9637)
  ['5f00::', 16], // SRv6 SIDs
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // old site-local
  ['ff00::', 8], // multicast
];

let blocked: BlockList | undefined; // built lazily: nothing is created at import

function blockedList(): BlockList {
  if (blocked) return blocked;
  const list = new BlockList();
  for (const [a, p] of V4_BLOCKED) list.addSubnet(a, p, 'ipv4');
  for (const [a, p] of V6_BLOCKED) list.addSubnet(a, p, 'ipv6');
  return (blocked = list);
}

/** Strips URL brackets and a zone id: "[fe80::1%eth0]" -> "fe80::1". */
export const bareAddress = (ip: string): string => ip.replace(/^\[|\]$/g, '').replace(/%.*$/, '');

/** The eight 16-bit groups of a valid IPv6 address (dotted-quad tail allowed), or null. Pure. */
export function ipv6Groups(input: string): number[] | null {
  const ip = bareAddress(input).toLowerCase();
  if (isIP(ip) !== 6) return null;
  let text = ip;
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (dotted) {
    const [a, b, c, d] = dotted.slice(1).map(Number);
    text = `${text.slice(0, dotted.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const parse = (s: string): number[] => (s === '' ? [] : s.split(':').map((h) => parseInt(h, 16)));
  const halves = text.split('::');
  if (halves.length === 1) {
    const g = parse(text);
    return g.length === 8 ? g : null;
  }
  const left = parse(halves[0]);
  const right = parse(halves[1]);
  const zeros = 8 - left.length - right.length;
  return halves.length === 2 && zeros >= 0 ? [...left, ...new Array<number>(zeros).fill(0), ...right] : null;
}

const v4Of = (hi: number, lo: number): string => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;

/**
 * The IPv4 address an IPv6 address carries and that a connection to it would reach:
 * mapped ::ffff:a.b.c.d, translated ::ffff:0:a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16,
 * compatible ::a.b.c.d. Null when there is none. Pure.
 */
export function embeddedIPv4(ip: string): string | null {
  const g = ipv6Groups(ip);
  if (!g) return null;
  const zero = (from: number, to: number): boolean => g.slice(from, to).every((x) => x === 0);
  if (zero(0, 5) && g[5] === 0xffff) return v4Of(g[6], g[7]); // mapped
  if (zero(0, 4) && g[4] === 0xffff && g[5] === 0) return v4Of(g[6], g[7]); // translated
  if (g[0] === 0x64 && g[1] === 0xff9b && zero(2, 6)) return v4Of(g[6], g[7]); // NAT64 well-known prefix
  if (g[0] === 0x2002) return v4Of(g[1], g[2]); // 6to4
  if (zero(0, 6) && (g[6] !== 0 || g[7] > 1)) return v4Of(g[6], g[7]); // IPv4-compatible
  return null;
}

/** True for addresses a public-web fetch must never reach. Pure. Non-IP input counts as private (fail closed). */
export function isPrivateAddress(ip: string): boolean {
  const addr = bareAddress(ip);
  const family = isIP(addr);
  if (family === 0) return true;
  const list = blockedList();
  if (family === 4) return list.check(addr, 'ipv4');
  if (list.check(addr, 'ipv6')) return true;
  const v4 = embeddedIPv4(addr);
  return v4 !== null && list.check(v4, 'ipv4');
}

/** network.allowPrivate: true (everything), false (nothing), or addresses/CIDR ranges. */
export type AllowPrivate = boolean | readonly string[];

/** One allow-list entry ("127.0.0.2", "127.0.0.2/31", "fd00::/8"), or null when it is not one. Pure. */
export function parseAllowEntry(entry: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | null {
  const m = /^([^/]+)(?:\/(\d{1,3}))?$/.exec(entry.trim());
  if (!m) return null;
  const address = bareAddress(m[1]);
  const fam = isIP(address);
  if (fam === 0) return null;
  const max = fam === 4 ? 32 : 128;
  const prefix = m[2] === undefined ? max : Number(m[2]);
  if (prefix > max) return null;
  return { address, prefix, family: fam === 4 ? 'ipv4' : 'ipv6' };
}

export interface AddressPolicy {
  /** Every address is allowed (allowPrivate: true). */
  readonly all: boolean;
  /** Private addresses allowed anyway (the allow-list), or null. */
  readonly list: BlockList | null;
}

const policies = new WeakMap<readonly string[], AddressPolicy>();
const ALL: AddressPolicy = { all: true, list: null };
const NONE: AddressPolicy = { all: false, list: null };

/** The policy for a network.allowPrivate value (cached per list). Throws on an invalid entry. */
export function addressPolicy(allow: AllowPrivate): AddressPolicy {
  if (allow === true) return ALL;
  if (allow === false || allow.length === 0) return NONE;
  const cached = policies.get(allow);
  if (cached) return cached;
  const list = new BlockList();
  for (const e of allow) {
    const p = parseAllowEntry(e);
    if (!p) throw new Error(`network.allowPrivate: ${JSON.stringify(e)} is not an IP address or CIDR range`);
    list.addSubnet(p.address, p.prefix, p.family);
  }
  const policy = { all: false, list };
  policies.set(allow, policy);
  return policy;
}

/** May a fetch connect to this IP address under the policy? Pure. */
export function isAllowedAddress(ip: string, policy: AddressPolicy): boolean {
  if (policy.all) return isIP(bareAddress(ip)) !== 0;
  if (!isPrivateAddress(ip)) return true;
  if (!policy.list) return false;
  const addr = bareAddress(ip);
  if (isIP(addr) === 4) return policy.list.check(addr, 'ipv4');
  if (policy.list.check(addr, 'ipv6')) return true;
  // ::ffff:127.0.0.2 reaches 127.0.0.2: an allowed IPv4 stays allowed in its mapped form only.
  const g = ipv6Groups(addr);
  const mapped = g && g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff;
  return !!mapped && policy.list.check(embeddedIPv4(addr)!, 'ipv4');
}

/** Host names that always mean this machine, whatever DNS says ("localhost.", "x.localhost"). Pure. */
export function isLocalhostName(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/\.+$/, '');
  return h === 'localhost' || h.endsWith('.localhost') || h === '';
}
