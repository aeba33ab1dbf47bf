// Feeds of official statements: RSS 2.0, Atom, JSON Feed and YouTube channel feeds.
import { parseItemPage } from '../item-page.js';
import { statementContent } from '../statement.js';
import type { PlatformScraper } from '../types.js';
import { classifyFeed } from './classify.js';
import { matchRss } from './match.js';
import { parseFeed, parseFeedPost } from './parse.js';
import { planFeed, planFeedLanding, planFeedPost, planItemPage } from './plan.js';
import { RssSettings } from './settings.js';

const PLATFORM = 'rss' as const;

/** Typed with its platform name and settings schema, from which the config's `platforms` section is built. */
export const rssScraper: PlatformScraper<typeof PLATFORM, typeof RssSettings> = {
  platform: PLATFORM,
  displayName: 'RSS',
  examples: ['rss:https://www.gov.example/press/rss.xml', 'https://www.youtube.com/feeds/videos.xml?channel_id=UCxxxxxxxxxxxxxxxxxxxxxx'],
  settings: RssSettings,
  listingModel: 'feed',
  match: matchRss,
  planListing: (t) => planFeed(t),
  planPost: (t) => planFeedPost(t),
  planLanding: (t) => planFeedLanding(t),
  planItem: planItemPage,
  classify: (p) => {
    const { state, reason } = classifyFeed(p);
    return reason === undefined ? { state } : { state, reason };
  },
  parse: (p, t) => parseFeed(p, t),
  parsePost: parseFeedPost,
  parseItem: parseItemPage,
  stableContent: statementContent,
  captures: { kind: 'statement', wanted: (capture) => capture.statements === true },
  // A bare URL cannot say it is a feed's item: statements are cited by their target and title.
  cite: () => null,
  citeAs: 'webpage',
};

export { RssSettings } from './settings.js';
export { matchRss } from './match.js';
export { classifyFeed } from './classify.js';
export { parseFeed, parseFeedPost } from './parse.js';
export { readFeed, type FeedDoc, type FeedItem, type FeedKind } from './feed.js';
export { itemToPost } from './record.js';
