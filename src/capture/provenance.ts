// Pure: where a capture's bytes came from, for its metadata: per origin, the addresses connected
// to, the HTTP versions negotiated and the TLS seen (certificate issuer, subject, validity); the
// main document's HTTP version; which bodies are stored decoded; responses whose address is unknown.
import type { HttpExchange, TlsDetails } from './types.js';
import { wasDecoded } from './warc.js';

export interface OriginRecord {
  /** scheme://host:port */
  origin: string;
  addresses: string[];
  httpVersions: string[];
  /** HTTPS: the TLS of the first response seen from this origin. */
  tls?: TlsDetails;
  /** HTTPS: other TLS details seen for the same origin in this capture (a certificate change). */
  tlsOther?: TlsDetails[];
  /** Who fetched from this origin: 'browser' and/or the outside fetcher. */
  fetchers: string[];
}

export interface Provenance {
  origins: OriginRecord[];
  /** The main document's HTTP version, as negotiated. */
  httpVersion?: string;
  /** Bodies are stored as the client handed them: decoded (content-encoding removed). */
  bodies: { stored: 'decoded'; decoded: string[] };
  unattributedAddresses?: Array<{ url: string; candidates: string[] }>;
}

const originOf = (url: string): string | null => {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.hostname}:${u.port || (u.protocol === 'https:' ? '443' : '80')}`;
  } catch {
    return null;
  }
};
const same = (a: TlsDetails, b: TlsDetails): boolean => JSON.stringify(a) === JSON.stringify(b);

export function provenance(exchanges: readonly HttpExchange[], finalUrl: string, unattributed: Array<{ url: string; candidates: string[] }> = []): Provenance {
  const byOrigin = new Map<string, OriginRecord>();
  for (const x of exchanges) {
    const key = originOf(x.url);
    if (!key) continue;
    const o = byOrigin.get(key) ?? { origin: key, addresses: [], httpVersions: [], fetchers: [] };
    byOrigin.set(key, o);
    if (x.ipAddress && !o.addresses.includes(x.ipAddress)) o.addresses.push(x.ipAddress);
    if (!o.httpVersions.includes(x.httpVersion)) o.httpVersions.push(x.httpVersion);
    const fetcher = x.fetcher ?? 'browser';
    if (!o.fetchers.includes(fetcher)) o.fetchers.push(fetcher);
    if (x.tls) {
      if (!o.tls) o.tls = x.tls;
      else if (!same(o.tls, x.tls) && !(o.tlsOther ?? []).some((t) => same(t, x.tls!))) o.tlsOther = [...(o.tlsOther ?? []), x.tls];
    }
  }
  // The main document: the last hop of the navigation (redirects come first), by URL.
  const main = [...exchanges].reverse().find((x) => x.url === finalUrl && !x.fetcher);
  return {
    origins: [...byOrigin.values()],
    httpVersion: main?.httpVersion,
    bodies: { stored: 'decoded', decoded: exchanges.filter((x) => x.body && x.body.length > 0 && wasDecoded(x.responseHeaders)).map((x) => x.url) },
    ...(unattributed.length ? { unattributedAddresses: unattributed } : {}),
  };
}
