// The YouTube scraper: a channel's Videos tab (page or browse JSON) and videos' player answers.
import type { PlatformScraper } from '../types.js';
import { classifyYouTube } from './classify.js';
import { youtubeContent } from './content.js';
import { matchYouTube, videoIdOf } from './match.js';
import { parseInteractionsYouTube, planInteractionsYouTube } from './comments.js';
import { parseItemYouTube, parsePostYouTube, parseYouTube } from './parse.js';
import { planLanding, planListing, planPost } from './plan.js';
import { YouTubeSettings } from './settings.js';
import { parseSearchYouTube, planSearchYouTube, publishedNoLaterThanYouTube, searchPhraseYouTube } from './search.js';

const PLATFORM = 'youtube' as const;

/** Typed with its platform name and settings schema, from which the config's `platforms` section is built. */
export const youtubeScraper: PlatformScraper<typeof PLATFORM, typeof YouTubeSettings> = {
  platform: PLATFORM,
  displayName: 'YouTube',
  examples: ['youtube:@creativecommons', 'youtube:UCTwECeGqMZee77BjdoYtI2Q', 'https://www.youtube.com/@creativecommons/videos'],
  settings: YouTubeSettings,
  env: { VIGIL_YOUTUBE_BASE_URL: { key: 'baseUrl', kind: 'string' } },
  // The Videos tab is a window of the newest videos: a video seen before is a deletion candidate
  // while a video first seen before it is still listed, else its own watch page decides (one that
  // merely dropped off the bottom plays, and is forgotten). Confirmed only by the player answer
  // ("Video unavailable"). README "Listing model" says why not `range`.
  listingModel: 'feed',
  match: matchYouTube,
  planListing,
  planPost,
  planLanding,
  classify: classifyYouTube,
  parse: parseYouTube,
  parsePost: parsePostYouTube,
  planItem: (t, s, post) => planPost(t, s, post.key),
  parseItem: parseItemYouTube,
  stableContent: youtubeContent,
  // shadowban_search: the public results page for @handle and a recent video's exact title (search.ts).
  planSearch: planSearchYouTube,
  parseSearch: parseSearchYouTube,
  searchPhrase: searchPhraseYouTube,
  publishedNoLaterThan: publishedNoLaterThanYouTube,
  // Comments under the newest videos (watch page, then /youtubei/v1/next), when platforms.youtube.interactionsPerPoll > 0.
  planInteractions: planInteractionsYouTube,
  parseInteractions: parseInteractionsYouTube,
  captures: { kind: 'post', wanted: (_capture, s) => s.captureVideos },
  cite: (url) => {
    if (!/^https?:\/\//i.test(url)) return null;
    const ref = matchYouTube(url);
    if (ref) return { account: ref.key };
    // A video URL names no channel; the capture's target supplies the account.
    return videoIdOf(url) ? { account: '' } : null;
  },
  citeAs: 'post',
};

export { YouTubeSettings } from './settings.js';
export { matchYouTube, videoIdOf, isChannelId } from './match.js';
export { classifyYouTube } from './classify.js';
export { parseYouTube, parsePostYouTube, parseItemYouTube } from './parse.js';
export { readAnswer, assigned } from './answer.js';
export { videoState, type VideoState } from './player.js';
export { parseAge, videoOrders } from './age.js';
export { youtubeContent } from './content.js';
export { planSearchYouTube, parseSearchYouTube } from './search.js';
export { planInteractionsYouTube, parseInteractionsYouTube, nextStep, commentSection } from './comments.js';
export { commentsOf, sortTokens, isDefaultAvatar } from './comment-parse.js';
