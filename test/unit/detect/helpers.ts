// Builders for observations used by the detector tests.
import type { Observation, PostRecord } from '../../../src/scrapers/types.js';

export const post = (num: number, text = `post ${num}`, extra: Partial<PostRecord> = {}): PostRecord => ({
  id: `chan/${num}`,
  num,
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
  target: 'chan',
  url: 'https://t.me/s/chan',
  state: 'ok',
  channel: { username: 'chan', title: 'Chan', counters: {}, channelId: '1001' },
  posts,
  reachedStart: false,
  range: posts.length ? { min: Math.min(...posts.map((p) => p.num)), max: Math.max(...posts.map((p) => p.num)) } : undefined,
  ...extra,
});

export const stateObs = (state: Observation['state'], reason?: string): Observation => ({
  platform: 'telegram',
  target: 'chan',
  url: 'https://t.me/s/chan',
  state,
  stateReason: reason,
  posts: [],
  reachedStart: false,
});
