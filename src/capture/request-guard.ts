// What the capture refuses besides private addresses (capture.blockHosts), and the verdict on
// one URL for fetches made outside the browser (media). Inside the browser the egress proxy
// (egress-proxy.ts) applies the same rules to every connection.
import type { Logger } from 'pino';
import { assertHttpUrl, resolveAllowed, type GuardOptions, type LookupFn } from './net-guard.js';
import { isVigilError } from '../errors.js';
import type { AllowPrivate } from './address.js';

export interface GuardConfig {
  allowPrivate: AllowPrivate;
  blockHosts: string[];
  lookup?: LookupFn;
  log: Logger;
}

export interface BlockedRequest {
  /** The URL, or host:port for a CONNECT tunnel (HTTPS, WebSocket) whose path the proxy never sees. */
  url: string;
  reason: 'private_address' | 'blocked_host' | 'scheme' | 'unresolved';
}

/** Pure: does `host` equal or sit under one of the blocked hosts? */
export function isBlockedHost(host: string, blockHosts: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/\.+$/, '');
  return blockHosts.some((b) => {
    const x = b.toLowerCase().replace(/^\*?\./, '').replace(/\.+$/, '');
    return h === x || h.endsWith(`.${x}`);
  });
}

export const guardOptions = (cfg: GuardConfig): GuardOptions => ({ allowPrivate: cfg.allowPrivate, lookup: cfg.lookup });

/** Decides one URL; null = allowed. A host that does not resolve is refused too. */
export async function judgeRequest(url: string, cfg: GuardConfig): Promise<BlockedRequest | null> {
  let parsed: URL;
  try {
    parsed = assertHttpUrl(url);
  } catch {
    return { url, reason: 'scheme' };
  }
  if (isBlockedHost(parsed.hostname, cfg.blockHosts)) return { url, reason: 'blocked_host' };
  if (cfg.allowPrivate === true) return null;
  try {
    await resolveAllowed(parsed.hostname, guardOptions(cfg), parsed.href);
    return null;
  } catch (e) {
    return { url, reason: isVigilError(e, 'VGL_FETCH_BLOCKED_ADDRESS') ? 'private_address' : 'unresolved' };
  }
}
