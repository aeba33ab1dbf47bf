// YouTube answers → Observation / PostProbe. A channel's Videos tab (page or browse JSON) gives the
// channel header and its newest videos; a player answer (JSON or the watch page) gives one video's
// own state. Pure: bytes in, values out.
import { VigilError } from '../../errors.js';
import { NO_VERDICT_STATES, Observation, type FetchedPage, type ItemProbe, type PostProbe, type PostRecord, type TargetRef } from '../types.js';
import { readAnswer } from './answer.js';
import { classifyYouTube } from './classify.js';
import { channelInfo } from './header.js';
import { parseAge, publishedFromAge, videoOrders } from './age.js';
import { playerVideo, videoState } from './player.js';
import { parseCount, scanTabs, type VideoItem } from './videos.js';

/** Parse a Videos tab (or channel landing) classified ok/empty; throws VGL_PARSE_UNEXPECTED_MARKUP otherwise. */
export function parseYouTube(p: FetchedPage, t: TargetRef): Observation {
  const verdict = classifyYouTube(p);
  const a = readAnswer(p);
  if (NO_VERDICT_STATES.has(verdict.state) || !a.data) {
    throw new VigilError(
      'VGL_PARSE_UNEXPECTED_MARKUP',
      `youtube: ${p.finalUrl} is not a parseable channel page (${verdict.state}: ${verdict.reason ?? 'no reason'}); classify() before parse()`,
      { details: { url: p.finalUrl, status: p.status, state: verdict.state } },
    );
  }
  const channel = channelInfo(a.data, t.key);
  const obs: Observation = {
    platform: t.platform,
    listingModel: 'feed',
    target: t.key,
    url: p.finalUrl,
    state: verdict.state,
    posts: [],
    reachedStart: false,
  };
  if (verdict.reason) obs.stateReason = verdict.reason;
  if (channel) obs.channel = channel;
  if (verdict.state !== 'ok' && verdict.state !== 'empty') return Observation.parse(obs);
  const tab = scanTabs(a.data);
  const fetchedAt = Date.parse(p.fetchedAt);
  const ages = tab.items.map((v) => parseAge(v.ageText));
  const orders = videoOrders(ages, fetchedAt);
  const origin = originOf(p.finalUrl);
  const owner = channel?.username ?? t.key;
  // Newest first, as listed: the feed model ranks videos it has not seen before by this position.
  obs.posts = tab.items.map((v, i) => postOf(v, owner, orders[i], origin, publishedFromAge(ages[i], fetchedAt)));
  // The tab offers no continuation: this page reaches the channel's first video.
  obs.reachedStart = tab.videosTab && !tab.more && obs.posts.length > 0;
  return Observation.parse(obs);
}

function postOf(v: VideoItem, owner: string, order: string, origin: string, publishedAt: string | undefined): PostRecord {
  const views = parseCount(v.viewsText);
  return {
    id: `${owner}/${v.id}`,
    key: v.id,
    order,
    url: `${origin}/watch?v=${v.id}`,
    ...(publishedAt ? { publishedAt } : {}),
    // Title on the first line (YouTube titles are one line), the description snippet below it.
    text: v.snippet ? `${v.title}\n\n${v.snippet}` : v.title,
    html: '',
    ...(views !== undefined ? { views } : {}),
    edited: false,
    links: [],
    media: [{ type: 'video', title: v.title, ...(v.duration ? { duration: v.duration } : {}), ...(v.thumb ? { thumbUrl: v.thumb } : {}) }],
  };
}

/**
 * One video's player answer: `present` (playable, or a scheduled/ended stream), `missing` (ERROR
 * "Video unavailable": removed or never existed), else `no_verdict` with the video's state first in
 * `reason` ("private: This video is private", "geo_blocked: …", "login_wall: …"): a video made
 * private, blocked in a country or walled still exists, so it is never a deletion.
 */
export function parsePostYouTube(p: FetchedPage, t: TargetRef, key: string): PostProbe {
  if (p.status === 429 || p.status < 200 || p.status >= 300) return { state: 'no_verdict', reason: `HTTP ${p.status}` };
  const a = readAnswer(p);
  if (!a.player) {
    const c = classifyYouTube(p);
    return { state: 'no_verdict', reason: `no player answer (${c.state}${c.reason ? `: ${c.reason}` : ''})` };
  }
  const v = videoState(a.player);
  const details = playerVideo(a.player);
  if (details.id !== undefined && details.id !== key) return { state: 'no_verdict', reason: `player answer is for ${details.id}, not ${key}` };
  if (v.state === 'missing') return { state: 'missing', ...(v.reason ? { reason: v.reason } : {}) };
  if (v.state !== 'present') return { state: 'no_verdict', reason: `${v.state}${v.reason ? `: ${v.reason}` : ''}` };
  const origin = originOf(p.finalUrl);
  const post: PostRecord = {
    id: `${t.key}/${key}`,
    key,
    // The player gives the exact publication time; without it the order falls back to the fetch time.
    order: String(Date.parse(details.publishedAt ?? p.fetchedAt)),
    url: `${origin}/watch?v=${key}`,
    ...(details.publishedAt ? { publishedAt: details.publishedAt } : {}),
    text: details.description ? `${details.title ?? ''}\n\n${details.description}` : (details.title ?? ''),
    html: '',
    ...(details.views !== undefined ? { views: details.views } : {}),
    edited: false,
    links: [],
    media: [{ type: 'video', ...(details.title ? { title: details.title } : {}), ...(details.duration ? { duration: details.duration } : {}) }],
  };
  return { state: 'present', post, ...(v.reason ? { reason: v.reason } : {}) };
}

/**
 * A video's own page as the `feed` model's item check: `present` (playable, or a scheduled/ended
 * stream, with its title and description as `text`), `missing` (ERROR "Video unavailable"), else
 * `no_verdict` with the video's state first in `reason` (private, geo_blocked, login_wall).
 */
export function parseItemYouTube(p: FetchedPage): ItemProbe {
  const key = videoKeyOf(p.url) ?? videoKeyOf(p.finalUrl);
  const probe = parsePostYouTube(p, { platform: 'youtube', key: '', spec: '' }, key ?? '');
  if (probe.state !== 'present') return { state: probe.state, ...(probe.reason ? { reason: probe.reason } : {}) };
  const title = probe.post?.text.split('\n', 1)[0];
  return { state: 'present', ...(title ? { title } : {}), ...(probe.post ? { text: probe.post.text } : {}) };
}

const videoKeyOf = (u: string): string | undefined => {
  try {
    return new URL(u).searchParams.get('v') ?? undefined;
  } catch {
    return undefined;
  }
};

const originOf = (u: string): string => {
  try {
    return new URL(u).origin;
  } catch {
    return 'https://www.youtube.com';
  }
};
