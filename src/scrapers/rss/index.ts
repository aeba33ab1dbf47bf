// Feeds of official statements: RSS 2.0, Atom, JSON Feed and YouTube channel feeds.
import type { z } from 'zod';
import type { Scraper } from '../types.js';
import { parseItemPage } from '../web/item.js';
import { classifyFeed } from './classify.js';
import { matchRss } from './match.js';
import { parseFeed, parseFeedPost } from './parse.js';
import { planFeed, planFeedLanding, planFeedPost, planItemPage } from './plan.js';
import { RssSettings } from './settings.js';

export const rssScraper: Scraper<RssSettings> = {
  platform: 'rss',
  settings: RssSettings as unknown as z.ZodType<RssSettings>,
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
};

export { RssSettings } from './settings.js';
export { matchRss } from './match.js';
export { classifyFeed } from './classify.js';
export { parseFeed, parseFeedPost } from './parse.js';
export { readFeed, type FeedDoc, type FeedItem, type FeedKind } from './feed.js';
export { itemToPost } from './record.js';
export { stableNum } from './num.js';
export { normaliseUrl, absoluteUrl } from './url.js';
export { htmlToText } from './text.js';
