// Refuses, inside the browser, every request (subresources AND redirect hops) whose host is
// private/loopback/link-local or in capture.blockHosts. Uses the CDP Fetch domain because
// Playwright's page.route() does not see redirects.
import type { CDPSession } from 'playwright-core';
import type { Logger } from 'pino';
import { assertPublicUrl, type LookupFn } from './net-guard.js';
import { isVigilError } from '../errors.js';

export interface GuardConfig {
  allowPrivate: boolean;
  blockHosts: string[];
  lookup?: LookupFn;
  log: Logger;
}

export interface BlockedRequest {
  url: string;
  reason: 'private_address' | 'blocked_host' | 'scheme';
}

/** Pure: does `host` equal or sit under one of the blocked hosts? */
export function isBlockedHost(host: string, blockHosts: readonly string[]): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return blockHosts.some((b) => {
    const x = b.toLowerCase().replace(/^\*?\./, '');
    return h === x || h.endsWith(`.${x}`);
  });
}

/** Decides one URL; null = allowed. */
export async function judgeRequest(url: string, cfg: GuardConfig): Promise<BlockedRequest | null> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { url, reason: 'scheme' };
  }
  if (parsed.protocol === 'data:' || parsed.protocol === 'blob:') return null;
  if (isBlockedHost(parsed.hostname, cfg.blockHosts)) return { url, reason: 'blocked_host' };
  try {
    await assertPublicUrl(parsed, { allowPrivate: cfg.allowPrivate, lookup: cfg.lookup });
    return null;
  } catch (e) {
    if (isVigilError(e, 'VGL_FETCH_UNSUPPORTED_SCHEME')) return { url, reason: 'scheme' };
    if (isVigilError(e, 'VGL_FETCH_BLOCKED_ADDRESS')) return { url, reason: 'private_address' };
    return null; // DNS failure: let the browser fail the request itself
  }
}

/** True when the guard has nothing to do (no interception overhead then). */
export const guardIsNoop = (cfg: Pick<GuardConfig, 'allowPrivate' | 'blockHosts'>): boolean => cfg.allowPrivate && cfg.blockHosts.length === 0;

/** Installs the guard on a page's CDP session; blocked requests are reported to `onBlocked`. */
export async function installRequestGuard(session: CDPSession, cfg: GuardConfig, onBlocked: (b: BlockedRequest) => void): Promise<void> {
  session.on('Fetch.requestPaused', (ev) => {
    void (async () => {
      const verdict = await judgeRequest(ev.request.url, cfg);
      try {
        if (verdict) {
          onBlocked(verdict);
          cfg.log.warn({ url: verdict.url, reason: verdict.reason }, 'request refused');
          await session.send('Fetch.failRequest', { requestId: ev.requestId, errorReason: 'BlockedByClient' });
        } else {
          await session.send('Fetch.continueRequest', { requestId: ev.requestId });
        }
      } catch (e) {
        cfg.log.debug({ err: e }, 'guard could not answer (page closed)');
      }
    })();
  });
  await session.send('Fetch.enable', { patterns: [{ urlPattern: '*', requestStage: 'Request' }] });
}
