// Directly linked media of a captured page: what the browser already recorded in full is reused;
// the rest (lazy, range requests, not played, cut) is fetched once more outside the browser,
// capped by capture.maxResponseBytes and by what is left of capture.maxTotalBytes. Runs after
// the browser context is released: it needs only the DOM and the recorded traffic.
import { judgeRequest, guardOptions, type GuardConfig } from './request-guard.js';
import type { MediaLink } from './extract.js';
import { fetchMedia } from './media.js';
import type { RecordedTraffic } from './recorder.js';
import type { RawCapture, SessionLimits } from './session.js';

export async function collectMedia(
  allLinks: MediaLink[],
  finalUrl: string,
  traffic: RecordedTraffic,
  lim: SessionLimits,
  guard: GuardConfig,
  signal?: AbortSignal,
): Promise<{ media: RawCapture['media']; overBudget: boolean }> {
  const links = allLinks.slice(0, lim.maxMedia);
  const out: RawCapture['media'] = [];
  // Media fetched here count against the same budget as the recorded bodies.
  let left = (lim.maxTotalBytes ?? Infinity) - traffic.keptBytes;
  let overBudget = false;
  for (const link of links) {
    const seen = traffic.exchanges.find((x) => x.url === link.url && x.status === 200 && x.body && !x.truncated);
    if (seen) {
      out.push({ ...link, exchange: seen });
      continue;
    }
    if (left <= 0) {
      out.push({ ...link, skipped: 'capture.maxTotalBytes reached' });
      overBudget = true;
      continue;
    }
    // Not loaded, only a byte range (206), or cut: fetch it once more, capped.
    const cap = Math.min(lim.maxResponseBytes, left);
    const r = await fetchMedia(link.url, {
      maxBytes: cap,
      timeoutMs: Math.min(lim.navigationTimeout, 60_000),
      userAgent: lim.userAgent,
      referer: finalUrl,
      judge: (u) => judgeRequest(u, guard),
      guard: guardOptions(guard),
      signal,
    });
    if (r.ok && r.exchange.truncated && cap < lim.maxResponseBytes) {
      // Cut by the budget, not by maxResponseBytes: say so, and fetch nothing more.
      overBudget = true;
      left = 0;
      out.push({ ...link, exchange: r.exchange, skipped: 'capture.maxTotalBytes reached' });
    } else if (r.ok) {
      left -= r.exchange.body?.length ?? 0;
      out.push({ ...link, exchange: r.exchange });
    } else out.push({ ...link, skipped: r.reason });
  }
  return { media: out, overBudget };
}
