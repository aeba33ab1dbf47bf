// The X scraper: the GraphQL JSON X's web client reads (UserByScreenName, UserTweets,
// TweetResultByRestId). Post keys are X post ids (above 2^53: strings, ordered as BigInt).
import type { PlatformScraper } from '../types.js';
import { classifyX } from './classify.js';
import { xContent } from './content.js';
import { matchX } from './match.js';
import { referencedHandles } from './referenced.js';
import { parsePostX, parseX } from './parse.js';
import { planLanding, planListing, planPost } from './plan.js';
import { XSettings } from './settings.js';
import { parseInteractionsX, planInteractionsX } from './interactions.js';
import { parseConversation, parseSearch, parseTypeahead, planConversation, planSearch, planTypeahead } from './probes.js';

const PLATFORM = 'x' as const;

export const xScraper: PlatformScraper<typeof PLATFORM, typeof XSettings> = {
  platform: PLATFORM,
  displayName: 'X',
  examples: ['x:XDevelopers', 'https://x.com/XDevelopers', 'twitter:XDevelopers'],
  settings: XSettings,
  env: { VIGIL_X_BASE_URL: { key: 'baseUrl', kind: 'string' } },
  listingModel: 'range',
  // UserTweets is addressed by the user id UserByScreenName answers; that answer is also the account's state.
  landingFirst: true,
  // X answers "User is suspended" for live accounts too (gallery-dl #2258): a post of the account re-checks it.
  recheckSuspension: true,
  match: matchX,
  planListing,
  planPost,
  planLanding,
  classify: classifyX,
  parse: parseX,
  parsePost: parsePostX,
  postKeyOf: (url) => /^https?:\/\/(?:www\.|mobile\.)?(?:x|twitter)\.com\/[A-Za-z0-9_]{1,15}\/status(?:es)?\/(\d{1,20})(?:[/?#]|$)/i.exec(url)?.[1] ?? null,
  stableContent: xContent,
  // Timeline cursors are opaque: no history sweep (rescanPages and the backfill still page back).
  referencedAccounts: referencedHandles,
  // Replies under the newest posts (TweetDetail), when platforms.x.interactionsPerPoll > 0.
  planInteractions: planInteractionsX,
  parseInteractions: parseInteractionsX,
  // Shadow-ban probes (probes.ts): search, typeahead, replies in conversations.
  planSearch,
  parseSearch,
  planTypeahead,
  parseTypeahead,
  planConversation,
  parseConversation,
  // X renders a post by script and behind a login wall: no browser captures of posts (the JSON is archived).
  captures: { kind: 'post', wanted: () => false },
  cite: (url) => {
    const ref = /^https?:\/\//i.test(url) ? matchX(url) : null;
    return ref ? { account: ref.key } : null;
  },
  citeAs: 'post',
};

export { XSettings } from './settings.js';
export { matchX, isXHandle } from './match.js';
export { classifyX } from './classify.js';
export { parseX, parsePostX } from './parse.js';
export { xContent } from './content.js';
export { graphqlUrl, operationOf, variablesOf, type Operation } from './graphql.js';
