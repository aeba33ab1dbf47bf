// The Telegram public-preview scraper (t.me/s/<name>, t.me/<name>, t.me/<name>/<n>?embed=1).
import { addOrder, isOrder } from '../order.js';
import type { PlatformScraper } from '../types.js';
import { classifyTelegram } from './classify.js';
import { parseComments, planComments } from './comments.js';
import { telegramContent } from './content.js';
import { referencedUsernames } from './forwards.js';
import { matchTelegram } from './match.js';
import { parsePostTelegram, parseTelegram } from './parse.js';
import { planLanding, planListing, planPost } from './plan.js';
import { TelegramSettings } from './settings.js';

const PLATFORM = 'telegram' as const;

/** Typed with its platform name and settings schema, from which the config's `platforms` section is built. */
export const telegramScraper: PlatformScraper<typeof PLATFORM, typeof TelegramSettings> = {
  platform: PLATFORM,
  displayName: 'Telegram',
  examples: ['telegram:durov', 'https://t.me/s/durov', '@durov'],
  settings: TelegramSettings,
  env: { VIGIL_TELEGRAM_BASE_URL: { key: 'baseUrl', kind: 'string' } },
  listingModel: 'range',
  match: matchTelegram,
  planListing,
  planPost,
  planLanding,
  classify: classifyTelegram,
  parse: parseTelegram,
  parsePost: parsePostTelegram,
  postKeyOf: (url) => /^https?:\/\/(?:www\.)?(?:t|telegram)\.me\/(?:s\/)?[A-Za-z0-9_]{4,64}\/(\d{1,10})(?:[/?#]|$)/i.exec(url)?.[1] ?? null,
  stableContent: telegramContent,
  // `?before=N` lists the posts right below message N, newest first: every id below N down to the
  // page's oldest post is on it, and the post with id N sits on the page `?before=N+1`.
  history: {
    ceiling: (cursor) => (isOrder(cursor) ? addOrder(cursor, -1) : undefined),
    cursorFor: (order) => addOrder(order, 1),
  },
  referencedAccounts: referencedUsernames,
  // The channel's linked discussion: the comments widget of each of the newest posts.
  planInteractions: planComments,
  parseInteractions: parseComments,
  // No honest public probe of Telegram's search exists: its global search (channels by name,
  // messages by phrase) lives only in the apps, over MTProto (`contacts.search`,
  // `messages.searchGlobal`, https://core.telegram.org/method/messages.searchGlobal); the public web
  // offers the in-channel search of a channel's own preview (`t.me/s/<name>?q=`), which looks
  // inside that one channel and so can never show that Telegram keeps it out of global search.
  // Each probe round records the probe as unsupported (no verdict), never banned or clear.
  unsupportedProbes: {
    shadowban_search:
      "Telegram's global search exists only over MTProto (contacts.search, messages.searchGlobal) with a logged-in session; the public t.me/s/<name>?q= search looks inside the channel's own preview only and cannot show a global-search ban",
  },
  captures: { kind: 'post', wanted: (capture) => capture.telegramPosts === true },
  cite: (url) => {
    const ref = /^https?:\/\//i.test(url) ? matchTelegram(url) : null;
    return ref ? { account: ref.key } : null;
  },
  citeAs: 'post',
};

export { TelegramSettings } from './settings.js';
export { matchTelegram, isTelegramUsername } from './match.js';
export { classifyTelegram } from './classify.js';
export { parseTelegram, parsePostTelegram } from './parse.js';
export { parseCount, decodeDataView, channelIdFrom } from './values.js';
export { stableHtml, telegramContent } from './content.js';
export { referencedUsernames } from './forwards.js';
export { parseComments, planComments } from './comments.js';
