// The VK scraper: community and user walls on the mobile site (m.vk.com/<name>), one post by
// m.vk.com/wall<owner>_<post>.
import type { PlatformScraper } from '../types.js';
import { classifyVk } from './classify.js';
import { vkContent } from './content.js';
import { matchVk } from './match.js';
import { parsePostVk, parseVk } from './parse.js';
import { planLanding, planListing, planPost } from './plan.js';
import { VkSettings } from './settings.js';
import { parseInteractionsVk, planInteractionsVk } from './comments.js';
import { parseSearchVk, planSearchVk } from './search.js';

const PLATFORM = 'vk' as const;

// VK prints dates as text ("today at 3:40 pm", "12 авг в 12:00") in the viewer's time zone, and a
// visitor without a session sees Moscow time (UTC+3, no daylight saving since 2014). A session
// whose account is set to another zone would shift them: sessions are not sent yet.
const MSK = { utcOffsetMinutes: 180 };

/** Typed with its platform name and settings schema, from which the config's `platforms` section is built. */
export const vkScraper: PlatformScraper<typeof PLATFORM, typeof VkSettings> = {
  platform: PLATFORM,
  displayName: 'VK',
  examples: ['vk:durov', 'https://vk.com/durov', 'https://m.vk.com/club1'],
  settings: VkSettings,
  env: { VIGIL_VK_BASE_URL: { key: 'baseUrl', kind: 'string' } },
  listingModel: 'range',
  match: matchVk,
  planListing,
  planPost,
  planLanding,
  classify: classifyVk,
  parse: (p, t) => parseVk(p, t, MSK),
  parsePost: (p, t, key) => parsePostVk(p, t, key, MSK),
  stableContent: vkContent,
  // Comments under the newest posts (their own pages), when platforms.vk.interactionsPerPoll > 0.
  planInteractions: planInteractionsVk,
  parseInteractions: parseInteractionsVk,
  // shadowban_search: the communities (people) search for the handle, the posts search for a phrase (search.ts).
  planSearch: planSearchVk,
  parseSearch: parseSearchVk,
  // No referencedAccounts: VK posts rarely link the new name of a renamed account. A target watched
  // by its numeric address (vk:club<n>, vk:id<n>) is rename-proof instead: that address never
  // changes and the page names the current screen name, so a rename is "same id, new username".
  // Browser captures of new/edited posts: a VK setting (platforms.vk.capturePosts), not a capture.* key.
  captures: { kind: 'post', wanted: (_capture, s) => s.capturePosts },
  cite: (url) => {
    const ref = /^https?:\/\//i.test(url) ? matchVk(url) : null;
    return ref ? { account: ref.key } : null;
  },
  citeAs: 'post',
};

export { VkSettings } from './settings.js';
export { matchVk } from './match.js';
export { classifyVk } from './classify.js';
export { parseVk, parsePostVk } from './parse.js';
export { parseVkDate } from './dates.js';
export { vkContent, stableVkHtml } from './content.js';
export { planSearchVk, parseSearchVk } from './search.js';
