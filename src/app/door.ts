// Refusal at the door: POST /api/captures and POST /api/targets answer 400 VGL_FETCH_BLOCKED_ADDRESS
// at once for a URL every fetch would refuse (private, loopback, link-local, capture.blockHosts),
// instead of queueing work that can only fail later. Fetchers and the browser check again anyway.
import type { Settings } from '../config/schema.js';
import { VigilError } from '../errors.js';
import { checkAtDoor, type LookupFn } from '../capture/net-guard.js';
import { isBlockedHost } from '../capture/request-guard.js';
import { parseSpec } from '../scrapers/registry.js';

type DoorSettings = Pick<Settings, 'network' | 'capture' | 'platforms'>;

/** For on-demand captures: the URL the browser will open. */
export function captureDoor(settings: DoorSettings, lookup?: LookupFn): (url: string) => Promise<void> {
  return async (url) => {
    const u = await checkAtDoor(url, { allowPrivate: settings.network.allowPrivate, lookup });
    if (isBlockedHost(u.hostname, settings.capture.blockHosts)) {
      throw new VigilError('VGL_FETCH_BLOCKED_ADDRESS', `refusing ${u.href}: host is listed in capture.blockHosts`, { details: { url: u.href } });
    }
  };
}

/**
 * For new targets: the URL the user gave, when the spec carries one (rss:, web:, a bare URL; the
 * normalised key of URL-based platforms). Platform base URLs come from the operator's config,
 * not from the request, and are not judged here.
 */
export function targetDoor(settings: DoorSettings, lookup?: LookupFn): (spec: string) => Promise<void> {
  return async (spec) => {
    const ref = parseSpec(spec);
    const given = [ref.key, spec.trim().replace(/^[a-z][a-z0-9+.-]*:(?!\/\/)/i, '')].find((c) => /^https?:\/\//i.test(c));
    if (given) await checkAtDoor(given, { allowPrivate: settings.network.allowPrivate, lookup });
  };
}
