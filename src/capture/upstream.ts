// Which address the bytes of one recorded response came from. Chromium talks only to the egress
// proxy, so what it reports (`response.serverAddr()`) is the proxy's 127.0.0.1; the proxy logs
// every upstream connection it makes (plain-HTTP request or CONNECT tunnel: host, port, the
// address it checked and connected to, and when), and this module matches a response to that
// log. Pure. The proxy keeps one address per host while DNS still offers it, so a host normally
// has one address per capture; when it had several, the response's time window decides, and
// when that cannot, the address is left unknown (never guessed).

export interface Upstream {
  kind: 'http' | 'tunnel';
  /** URL hostname as the proxy parsed it (IPv6 in brackets), lower case. */
  host: string;
  port: number;
  /** Plain HTTP only: the absolute URL forwarded. */
  url?: string;
  address: string;
  family: number;
  /** Epoch ms the upstream request / tunnel started and ended (end absent while open). */
  start: number;
  end?: number;
}

export type Attribution = { address: string } | { candidates: string[] } | null;

/** Pure: `host:port` of a URL as the proxy keys it (default ports filled in), or null. */
export function originKey(url: string): string | null {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    return `${u.hostname.toLowerCase()}:${u.port || (u.protocol === 'https:' ? 443 : 80)}`;
  } catch {
    return null;
  }
}

const SLACK_MS = 250; // the proxy's and Chromium's clocks are the same clock; events are not instant

const distinct = (xs: Upstream[]): string[] => [...new Set(xs.map((x) => x.address))];

/**
 * Pure: the upstream address of a response to `url` requested at `start` and answered by `end`
 * (epoch ms), from the proxy's log: { address } when the log says it unambiguously,
 * { candidates } when several addresses fit, null when the log has nothing for its origin.
 */
export function attributeAddress(url: string, start: number, end: number, log: readonly Upstream[]): Attribution {
  const key = originKey(url);
  if (!key) return null;
  const https = url.startsWith('https:');
  const same = log.filter((x) => `${x.host}:${x.port}` === key && (https ? x.kind === 'tunnel' : x.kind === 'http'));
  if (same.length === 0) return null;
  const all = distinct(same);
  if (all.length === 1) return { address: all[0] };
  // Several addresses for this origin in one capture: narrow by URL (plain HTTP), then by time.
  const byUrl = same.filter((x) => x.url === undefined || x.url === url);
  const during = (xs: Upstream[]): Upstream[] => xs.filter((x) => x.start <= end + SLACK_MS && (x.end ?? Infinity) >= start - SLACK_MS);
  for (const set of [during(byUrl), byUrl, during(same)]) {
    const d = distinct(set);
    if (d.length === 1) return { address: d[0] };
  }
  return { candidates: all };
}

/** Pure: prefer the address this proxy already used for `host` while the fresh, checked answer still offers it. */
export function pickAddress<T extends { address: string }>(fresh: readonly T[], previous: string | undefined): T {
  return fresh.find((a) => a.address === previous) ?? fresh[0];
}

/**
 * Pure: each exchange with its `ipAddress` settled. An exchange whose client reported a server
 * address other than the proxy's keeps that (it connected there itself); one that came through
 * the proxy gets the upstream address from the proxy's log; one the log cannot settle gets none
 * and is listed in `unattributed` (never the proxy's 127.0.0.1).
 */
export function settleAddresses<X extends { url: string; ipAddress?: string; serverAddr?: { ipAddress: string; port: number }; startMs?: number; endMs?: number }>(
  exchanges: readonly X[],
  log: readonly Upstream[],
  proxy: { address: string; port: number },
): { exchanges: X[]; unattributed: Array<{ url: string; candidates: string[] }> } {
  const unattributed: Array<{ url: string; candidates: string[] }> = [];
  const out = exchanges.map((x) => {
    if (x.ipAddress) return x; // measured on its own socket (media fetched outside the browser)
    const sa = x.serverAddr;
    if (sa && !(sa.port === proxy.port && sa.ipAddress === proxy.address)) return { ...x, ipAddress: sa.ipAddress };
    const end = x.endMs ?? Date.now();
    const a = attributeAddress(x.url, x.startMs ?? end, end, log);
    if (a && 'address' in a) return { ...x, ipAddress: a.address };
    unattributed.push({ url: x.url, candidates: a ? a.candidates : [] });
    return x;
  });
  return { exchanges: out, unattributed };
}
