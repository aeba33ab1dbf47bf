// The Telegram public-preview scraper (t.me/s/<name>, t.me/<name>, t.me/<name>/<n>?embed=1).
import type { Scraper } from '../types.js';
import { classifyTelegram } from './classify.js';
import { matchTelegram } from './match.js';
import { parsePostTelegram, parseTelegram } from './parse.js';
import { planLanding, planListing, planPost } from './plan.js';
import { TelegramSettings } from './settings.js';
import type { z } from 'zod';

export const telegramScraper: Scraper<TelegramSettings> = {
  platform: 'telegram',
  // Defaults make the schema's input looser than its output; the contract only reads outputs.
  settings: TelegramSettings as unknown as z.ZodType<TelegramSettings>,
  match: matchTelegram,
  planListing,
  planPost,
  planLanding,
  classify: classifyTelegram,
  parse: parseTelegram,
  parsePost: parsePostTelegram,
};

export { TelegramSettings } from './settings.js';
export { matchTelegram, isTelegramUsername } from './match.js';
export { classifyTelegram } from './classify.js';
export { parseTelegram, parsePostTelegram } from './parse.js';
export { parseCount, decodeDataView, channelIdFrom } from './values.js';
