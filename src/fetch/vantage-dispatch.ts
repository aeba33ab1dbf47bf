// One undici dispatcher per vantage point (network.vantages). A direct vantage connects through
// the SSRF guard's lookup (the socket goes to the address that was checked); a proxied one
// connects to the operator's proxy (http(s):// forward proxy, or socks5://), which resolves the
// destination itself. The destination is still checked by the fetcher on every hop
// (assertPublicUrl) before a request leaves; the proxy's own address is not: it is an address the
// operator configured (often a private one: a proxy box in the office, a tunnel on 127.0.0.x), and
// the guard exists to keep *pages* from steering requests inward, not to second-guess the operator.
import { Agent, ProxyAgent, Socks5ProxyAgent, type Dispatcher } from 'undici';
import { VigilError } from '../errors.js';
import { guardedLookup, type GuardOptions } from '../capture/net-guard.js';

export interface Vantage {
  id: string;
  /** The proxy URL (may hold credentials: never logged, never written to a record). */
  proxy?: string;
  country?: string;
}

/** What records say about a vantage: its id and country, never its proxy address. */
export interface VantageRef {
  id: string;
  country?: string;
}

export const vantageRef = (v: Vantage): VantageRef => ({ id: v.id, ...(v.country ? { country: v.country } : {}) });

export interface VantageDispatchers {
  /** The dispatcher of a configured vantage; the first vantage when `id` is absent. */
  get(id?: string): { vantage: Vantage; dispatcher: Dispatcher };
  close(): Promise<void>;
}

export function createVantageDispatchers(vantages: readonly Vantage[], guard: GuardOptions, connections: number): VantageDispatchers {
  if (vantages.length === 0) throw new VigilError('VGL_CONFIG_INVALID', 'config: network.vantages: at least one vantage (the default is [{id: direct}])');
  const made = new Map<string, { vantage: Vantage; dispatcher: Dispatcher }>();
  for (const v of vantages) made.set(v.id, { vantage: v, dispatcher: dispatcherFor(v, guard, connections) });
  return {
    get(id) {
      const hit = made.get(id ?? vantages[0].id);
      if (!hit) {
        throw new VigilError('VGL_CONFIG_INVALID', `config: no vantage "${id}" in network.vantages (configured: ${vantages.map((v) => v.id).join(', ')})`, { details: { vantage: id } });
      }
      return hit;
    },
    close: async () => void (await Promise.all([...made.values()].map((m) => m.dispatcher.close()))),
  };
}

function dispatcherFor(v: Vantage, guard: GuardOptions, connections: number): Dispatcher {
  const base = { connections, keepAliveTimeout: 30_000, pipelining: 1 };
  if (!v.proxy) return new Agent({ ...base, connect: { lookup: guardedLookup(guard) } });
  const u = new URL(v.proxy);
  if (u.protocol === 'socks5:' || u.protocol === 'socks:') return new Socks5ProxyAgent(u, { connections });
  // Plain-HTTP pages are forwarded in absolute form (the proxy sees and may tag the request);
  // https pages go through a CONNECT tunnel, end to end encrypted.
  return new ProxyAgent({ ...base, uri: u.href, proxyTunnel: false });
}
