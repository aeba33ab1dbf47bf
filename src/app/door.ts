// Refusal at the door: POST /api/captures and POST /api/targets answer 400 VGL_FETCH_BLOCKED_ADDRESS
// at once for a URL every fetch would refuse (private, loopback, link-local, capture.blockHosts),
// instead of queueing work that can only fail later. Fetchers and the browser check again anyway.
import type { Settings } from '../config/schema.js';
import { VigilError } from '../errors.js';
import { checkAtDoor, type LookupFn } from '../capture/net-guard.js';
import { isBlockedHost } from '../capture/request-guard.js';
import { getScraper, parseSpec } from '../scrapers/registry.js';

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

/** For new targets: the listing URL the target will be polled at (whatever the platform). */
export function targetDoor(settings: DoorSettings, lookup?: LookupFn): (spec: string) => Promise<void> {
  return async (spec) => {
    const ref = parseSpec(spec);
    const scraper = getScraper(ref.platform);
    const s = scraper.settings.parse((settings.platforms as Record<string, unknown>)[ref.platform] ?? {});
    await checkAtDoor(scraper.planListing(ref, s).url, { allowPrivate: settings.network.allowPrivate, lookup });
  };
}
