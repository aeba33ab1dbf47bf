// A GraphQL tweet result -> PostRecord (or what stands in its place: a tombstone, "unavailable").
// Retweets are the account's posts with `forwardedFrom` (the original's author); quotes add the
// quoted post's URL to `links`; note tweets (long posts) give their full text. Pure.
import type { MediaRef, PostRecord } from '../types.js';
import { arr, at, count, isObj, obj, str, type Obj } from './json.js';
import { readUser } from './user.js';

export type TweetRead =
  | { kind: 'tweet'; tweet: Obj }
  | { kind: 'tombstone'; text: string }
  | { kind: 'unavailable'; reason?: string }
  | { kind: 'none' };

/** Unwrap `TweetWithVisibilityResults` and tell a tweet from a tombstone or an unavailable one. */
export function readTweetResult(result: unknown): TweetRead {
  const r = obj(result);
  if (!r) return { kind: 'none' };
  const type = str(r.__typename);
  if (type === 'TweetWithVisibilityResults') return readTweetResult(r.tweet);
  if (type === 'TweetTombstone') return { kind: 'tombstone', text: str(at(r, 'tombstone', 'text', 'text')) ?? str(at(r, 'tombstone', 'richText', 'text')) ?? '' };
  if (type === 'TweetUnavailable') {
    const reason = str(r.reason);
    return reason ? { kind: 'unavailable', reason } : { kind: 'unavailable' };
  }
  // `__typename` is absent on some 2023 answers; a rest_id with legacy is a tweet all the same.
  if ((type === 'Tweet' || type === undefined) && typeof r.rest_id === 'string' && /^\d+$/.test(r.rest_id) && isObj(r.legacy)) return { kind: 'tweet', tweet: r };
  return { kind: 'none' };
}

export const statusUrl = (screenName: string, id: string): string => `https://x.com/${screenName}/status/${id}`;

/** The post's author (core.user_results.result). */
export const authorOf = (t: Obj) => readUser(at(t, 'core', 'user_results', 'result'));

/**
 * One tweet as the account's post. `owner` is the target key (lower-case handle): posts by anyone
 * else (conversation parents, ads) are not the account's and return undefined.
 */
export function toPost(t: Obj, owner: string): PostRecord | undefined {
  const id = str(t.rest_id);
  const legacy = obj(t.legacy);
  const author = authorOf(t);
  if (!id || !legacy) return undefined;
  const screenName = author?.screenName ?? str(at(t, 'core', 'user_results', 'result', 'legacy', 'screen_name'));
  if (screenName !== undefined && screenName.toLowerCase() !== owner) return undefined;
  const retweeted = readTweetResult(at(legacy, 'retweeted_status_result', 'result'));
  const src = retweeted.kind === 'tweet' ? retweeted.tweet : t;
  const srcLegacy = obj(src.legacy) ?? legacy;
  const note = str(at(src, 'note_tweet', 'note_tweet_results', 'result', 'text'));
  // `full_text` comes with &amp; &lt; &gt; escaped (as the 2006 API did); note tweets do not.
  const text = note ?? unescapeText(str(srcLegacy.full_text) ?? '');
  const created = Date.parse(str(legacy.created_at) ?? '');
  const post: PostRecord = {
    id: `${owner}/${id}`,
    key: id,
    order: id,
    url: statusUrl(screenName ?? owner, id),
    text,
    html: htmlOf(text),
    edited: arr(at(t, 'edit_control', 'edit_tweet_ids')).length > 1,
    links: linksOf(src, srcLegacy),
    media: mediaOf(srcLegacy),
  };
  if (Number.isFinite(created)) post.publishedAt = new Date(created).toISOString();
  const views = count(at(t, 'views', 'count'));
  if (views !== undefined) post.views = views;
  if (retweeted.kind === 'tweet') {
    const a = authorOf(retweeted.tweet);
    const rid = str(retweeted.tweet.rest_id) ?? '';
    post.forwardedFrom = a ? { name: `@${a.screenName}`, url: statusUrl(a.screenName, rid) } : { name: 'unknown account' };
  }
  const replyId = str(legacy.in_reply_to_status_id_str);
  if (replyId) {
    const to = str(legacy.in_reply_to_screen_name) ?? 'i/web';
    post.replyTo = { url: statusUrl(to, replyId), ...(to.toLowerCase() === owner ? { key: replyId } : {}) };
  }
  return post;
}

const unescapeText = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** X posts are plain text: the html form only escapes it and keeps line breaks. */
const htmlOf = (text: string): string => escapeHtml(text).replace(/\n/g, '<br>');

function linksOf(src: Obj, legacy: Obj): string[] {
  const urls = [...arr(at(legacy, 'entities', 'urls')), ...arr(at(src, 'note_tweet', 'note_tweet_results', 'result', 'entity_set', 'urls'))];
  const out = urls.map((u) => str(at(u, 'expanded_url'))).filter((u): u is string => u !== undefined);
  const quoted = str(at(legacy, 'quoted_status_permalink', 'expanded'));
  if (quoted) out.push(quoted);
  return [...new Set(out)];
}

function mediaOf(legacy: Obj): MediaRef[] {
  const list = arr(at(legacy, 'extended_entities', 'media'));
  return (list.length ? list : arr(at(legacy, 'entities', 'media'))).flatMap((m): MediaRef[] => {
    const type = str(at(m, 'type'));
    const thumb = str(at(m, 'media_url_https'));
    if (type === 'photo') return [{ type: 'photo', ...(thumb ? { url: thumb } : {}) }];
    if (type !== 'video' && type !== 'animated_gif') return [];
    // The best mp4 variant; HLS playlists (m3u8) are not a file to archive.
    const mp4 = arr(at(m, 'video_info', 'variants'))
      .filter((v) => str(at(v, 'content_type')) === 'video/mp4' && str(at(v, 'url')))
      .sort((a, b) => (count(at(b, 'bitrate')) ?? 0) - (count(at(a, 'bitrate')) ?? 0))[0];
    const url = str(at(mp4, 'url'));
    const ms = count(at(m, 'video_info', 'duration_millis'));
    return [{ type: type === 'video' ? 'video' : 'gif', ...(url ? { url } : {}), ...(thumb ? { thumbUrl: thumb } : {}), ...(ms !== undefined ? { duration: durationOf(ms) } : {}) }];
  });
}

const durationOf = (ms: number): string => {
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};
