// The Facebook scraper: a Page's posts from the mobile site's markup (m.facebook.com, the only
// markup with real recordings), a post's own page, and the control URL that vouches for "unavailable".
import type { PlatformScraper } from '../types.js';
import { classifyFacebook } from './classify.js';
import { parseInteractionsFacebook, planInteractionsFacebook } from './comments.js';
import { facebookContent } from './content.js';
import { matchFacebook } from './match.js';
import { parseFacebook, parsePostFacebook } from './parse.js';
import { planControl, planLanding, planListing, planPost } from './plan.js';
import { FacebookSettings } from './settings.js';

const PLATFORM = 'facebook' as const;

/** Typed with its platform name and settings schema, from which the config's `platforms` section is built. */
export const facebookScraper: PlatformScraper<typeof PLATFORM, typeof FacebookSettings> = {
  platform: PLATFORM,
  displayName: 'Facebook',
  examples: ['facebook:nintendo', 'https://www.facebook.com/Nintendo/'],
  settings: FacebookSettings,
  env: { VIGIL_FACEBOOK_BASE_URL: { key: 'baseUrl', kind: 'string' } },
  // The posts tab lists a Page's posts newest first without gaps: a post missing between the oldest
  // and newest listed is a deletion candidate, confirmed by its own page and the control.
  listingModel: 'range',
  match: matchFacebook,
  planListing,
  planPost,
  planLanding,
  planControl,
  classify: classifyFacebook,
  parse: parseFacebook,
  parsePost: parsePostFacebook,
  stableContent: facebookContent,
  // Comments under the newest posts (their own pages, logged in), when platforms.facebook.interactionsPerPoll > 0.
  planInteractions: planInteractionsFacebook,
  parseInteractions: parseInteractionsFacebook,
  interactionsNeedSession: true,
  captures: { kind: 'post', wanted: (_capture, s) => s.capturePosts },
  cite: (url) => {
    const ref = /^https?:\/\//i.test(url) ? matchFacebook(url) : null;
    return ref ? { account: ref.key } : null;
  },
  citeAs: 'post',
};

export { FacebookSettings } from './settings.js';
export { matchFacebook, isFacebookPageName } from './match.js';
export { classifyFacebook } from './classify.js';
export { parseFacebook, parsePostFacebook } from './parse.js';
export { facebookContent } from './content.js';
export { cleanHref } from './story.js';
export { planInteractionsFacebook, parseInteractionsFacebook, DEFAULT_PICTURE } from './comments.js';
export { commentTime } from './when.js';
export { MORE_PATH } from './plan.js';
export { UNAVAILABLE, UNAVAILABLE_REASON } from './markers.js';
