// What a Facebook mobile answer says about the Page. Login walls, checkpoints, the consent
// interstitial, 429 and anything unrecognised are no verdict; "This content isn't available right
// now" is `not_found` with the "unavailable" reason (it also covers restrictions and removals: see
// README), and only counts after the control URL answered ok in the same poll.
import type { FetchedPage, PageState } from '../types.js';
import { CONSENT, FACEBOOK_MARKUP, GEO, LOGIN_PAGE, LOGIN_PATH, UNAVAILABLE, UNAVAILABLE_REASON, headerValue, pathOf } from './markers.js';
import { loadPage } from './page.js';

export interface Classification {
  state: PageState;
  reason?: string;
}

export function classifyFacebook(p: FetchedPage): Classification {
  if (p.status === 429) return { state: 'rate_limited', reason: 'HTTP 429 from Facebook' };
  if (LOGIN_PATH.test(pathOf(p.finalUrl))) return { state: 'login_wall', reason: `redirected to ${pathOf(p.finalUrl)}` };
  if (p.status >= 500) return { state: 'unknown', reason: `HTTP ${p.status}` };
  const type = headerValue(p.headers, 'content-type');
  if (type !== undefined && !/html|javascript/i.test(type)) return { state: 'unknown', reason: `not Facebook markup (${type})` };
  const page = loadPage(p);
  if (page.kind === 'other') return { state: 'unknown', reason: 'a script-guarded answer without a payload (error or login required)' };
  const stories = page.stories.length;
  if (stories > 0) return p.status === 200 ? { state: 'ok' } : { state: 'unknown', reason: `HTTP ${p.status} with stories` };
  if (page.kind === 'payload') return { state: 'empty', reason: 'no more stories in the batch' };
  const text = page.html;
  if (CONSENT.test(text)) return { state: 'login_wall', reason: 'cookie consent interstitial' };
  if (LOGIN_PAGE.test(text)) return { state: 'login_wall', reason: 'login page' };
  const geo = GEO.exec(text);
  if (geo) return { state: 'geo_blocked', reason: `withheld: ${geo[0]}` };
  if (UNAVAILABLE.test(text)) return { state: 'not_found', reason: UNAVAILABLE_REASON };
  if (p.status !== 200) return { state: 'unknown', reason: `HTTP ${p.status} without Facebook markers` };
  // The Page's chrome without a single story: shown transiently too, never a takedown.
  if (page.$('#pages_msite_body_contents').length > 0) return { state: 'empty', reason: 'Page without stories' };
  // A post's or Page's own page (og:url) answers for the account when it is not the listing.
  if (p.purpose !== 'listing' && FACEBOOK_MARKUP.test(text) && page.$('meta[property="og:url"]').length > 0) return { state: 'ok', reason: 'a Facebook page of the account' };
  return { state: 'unknown', reason: 'not a recognised Facebook page' };
}
