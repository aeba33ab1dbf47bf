// Builders for observations used by the detector tests (Telegram-like: key = order = message id).
import type { Observation, PostRecord } from '../../../src/scrapers/types.js';
import { telegramContent } from '../../../src/scrapers/telegram/index.js';
import { statementContent } from '../../../src/scrapers/statement.js';

/** The detector's options as the worker passes them for a Telegram target. */
export const tgPolicy = { minObservations: 2, minSpanMs: 120_000, keepPosts: 100, stableContent: telegramContent };
/** Same for a statement (rss/web) target. */
export const feedPolicy = { ...tgPolicy, stableContent: statementContent };

export const post = (num: number, text = `post ${num}`, extra: Partial<PostRecord> = {}): PostRecord => ({
  id: `chan/${num}`,
  key: String(num),
  order: String(num),
  url: `https://t.me/chan/${num}`,
  text,
  html: `<div>${text}</div>`,
  views: 100 + num,
  edited: false,
  links: [],
  media: [],
  ...extra,
});

export const okObs = (posts: PostRecord[], extra: Partial<Observation> = {}): Observation => ({
  platform: 'telegram',
  listingModel: 'range',
  target: 'chan',
  url: 'https://t.me/s/chan',
  state: 'ok',
  channel: { username: 'chan', title: 'Chan', counters: {}, channelId: '1001' },
  posts,
  reachedStart: false,
  range: posts.length ? { min: String(Math.min(...posts.map((p) => Number(p.order)))), max: String(Math.max(...posts.map((p) => Number(p.order)))) } : undefined,
  ...extra,
});

export const stateObs = (state: Observation['state'], reason?: string): Observation => ({
  platform: 'telegram',
  listingModel: 'range',
  target: 'chan',
  url: 'https://t.me/s/chan',
  state,
  stateReason: reason,
  posts: [],
  reachedStart: false,
});
