// The Instagram scraper: a profile and its newest posts from the JSON Instagram's own web client
// reads (web_profile_info), a post's own page, and the control URL that vouches for "unavailable".
import type { PlatformScraper } from '../types.js';
import { classifyInstagram } from './classify.js';
import { parseInteractionsInstagram, planInteractionsInstagram } from './comments.js';
import { instagramContent } from './content.js';
import { instagramUrlParts, matchInstagram } from './match.js';
import { parseInstagram, parsePostInstagram } from './parse.js';
import { planControl, planLanding, planListing, planPost } from './plan.js';
import { InstagramSettings } from './settings.js';

const PLATFORM = 'instagram' as const;

/** Typed with its platform name and settings schema, from which the config's `platforms` section is built. */
export const instagramScraper: PlatformScraper<typeof PLATFORM, typeof InstagramSettings> = {
  platform: PLATFORM,
  displayName: 'Instagram',
  examples: ['instagram:natgeo', 'https://www.instagram.com/natgeo/'],
  settings: InstagramSettings,
  env: { VIGIL_INSTAGRAM_BASE_URL: { key: 'baseUrl', kind: 'string' } },
  // The profile lists the newest posts (pinned ones aside) without gaps: a post missing between the
  // oldest and newest listed is a deletion candidate, confirmed by its own page and the control.
  listingModel: 'range',
  match: matchInstagram,
  planListing,
  planPost,
  planLanding,
  planControl,
  classify: classifyInstagram,
  parse: parseInstagram,
  parsePost: parsePostInstagram,
  stableContent: instagramContent,
  // Comments under the newest posts (first page, with a session), when platforms.instagram.interactionsPerPoll > 0.
  planInteractions: planInteractionsInstagram,
  parseInteractions: parseInteractionsInstagram,
  interactionsNeedSession: true,
  captures: { kind: 'post', wanted: (_capture, s) => s.capturePosts },
  cite: (url) => {
    const parts = instagramUrlParts(url);
    if (!parts) return null;
    return { account: parts.user ?? (parts.shortcode ? `post ${parts.shortcode}` : 'instagram') };
  },
  citeAs: 'post',
};

export { InstagramSettings } from './settings.js';
export { matchInstagram, isInstagramUsername, instagramUrlParts } from './match.js';
export { classifyInstagram, classifyUser } from './classify.js';
export { parseInstagram, parsePostInstagram, postOf } from './parse.js';
export { instagramContent } from './content.js';
export { profileInfoUrl } from './plan.js';
export { UNAVAILABLE, UNAVAILABLE_REASON } from './markers.js';
export { ANONYMOUS_PICTURE, mediaIdOf, shortcodeOfMediaId, parseInteractionsInstagram, planInteractionsInstagram } from './comments.js';
