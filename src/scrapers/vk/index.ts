// The VK scraper: community and user walls on the mobile site (m.vk.com/<name>), one post by
// m.vk.com/wall<owner>_<post>.
import type { PlatformScraper } from '../types.js';
import { classifyVk } from './classify.js';
import { vkContent } from './content.js';
import { matchVk, ownerName } from './match.js';
import { parsePostVk, parseVk } from './parse.js';
import { planLanding, planListing, planPost } from './plan.js';
import { VkSettings } from './settings.js';
import { splitPostId } from './values.js';

const PLATFORM = 'vk' as const;

// The default offset when a page is parsed without settings (the `parse(page, target)` interface):
// VK shows visitors without a session Moscow time.
const MSK = { utcOffsetMinutes: VkSettings.parse({}).utcOffsetMinutes };

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
  // A renamed account keeps its numeric address (club<n> / id<n>), which always answers under the
  // current name: probing it is how rename discovery finds where the account went.
  referencedAccounts: (posts) => [...new Set(posts.map((p) => splitPostId(p.key)).filter((r) => r !== undefined).map((r) => ownerName(r.owner)))],
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
