// t.me pages → Observation / PostProbe. Pure: bytes in, values out.
import { VigilError } from '../../errors.js';
import { NO_VERDICT_STATES, Observation, type FetchedPage, type PostProbe, type PostRecord, type TargetRef } from '../types.js';
import { classifyScan, classifyTelegram } from './classify.js';
import { attr, textOf } from './dom.js';
import { channelFromScan } from './header.js';
import { parseMessage } from './message.js';
import { scanPage, type PageScan } from './page.js';
import { beforeCursor } from './values.js';

/**
 * Parse a listing (t.me/s/name) or landing (t.me/name) page. Throws VGL_PARSE_UNEXPECTED_MARKUP
 * when the page is not Telegram's or carries no verdict (rate limit, error page).
 */
export function parseTelegram(p: FetchedPage, t: TargetRef): Observation {
  const verdict = classifyTelegram(p);
  if (NO_VERDICT_STATES.has(verdict.state)) {
    throw new VigilError(
      'VGL_PARSE_UNEXPECTED_MARKUP',
      `telegram: ${p.finalUrl} is not a parseable channel page (${verdict.state}: ${verdict.reason ?? 'no reason'}); classify() before parse()`,
      { details: { url: p.finalUrl, status: p.status, state: verdict.state } },
    );
  }
  const s = scanPage(p);
  const posts = parsePosts(s, originOf(p.finalUrl));
  const obs: Observation = {
    platform: 'telegram',
    target: t.key,
    url: p.finalUrl,
    state: verdict.state,
    posts,
    reachedStart: false,
  };
  if (verdict.reason) obs.stateReason = verdict.reason;
  const channel = channelFromScan(s, t.key);
  if (channel) obs.channel = channel;

  if (s.one('tgme_channel_history')) {
    const older = olderCursorOf(s);
    if (older) obs.olderCursor = older;
    // No older page offered and posts on this one: the listing reaches the channel's first post.
    obs.reachedStart = older === undefined && posts.length > 0;
    const range = rangeOf(posts);
    if (range) obs.range = range;
  }
  return Observation.parse(obs);
}

/** Interpret the `?embed=1` widget for one post. */
export function parsePostTelegram(p: FetchedPage, t: TargetRef, num: number): PostProbe {
  if (p.status === 429 || p.status < 200 || p.status >= 300) return { state: 'no_verdict', reason: `HTTP ${p.status}` };
  const s = scanPage(p);
  if (!s.isTelegram) return { state: 'no_verdict', reason: 'not a Telegram page' };
  const origin = originOf(p.finalUrl);
  for (const el of s.messages) {
    const post = parseMessage(el, { dom: s.dom, origin });
    if (post && post.num === num) return { state: 'present', post };
    if (post) return { state: 'no_verdict', reason: `embed shows ${post.id}, not ${t.key}/${num}` };
  }
  const error = textOf(s.embedError);
  if (/post not found/i.test(error)) return { state: 'missing', reason: error };
  // A blocked/deleted channel answers the embed with its landing or notice; the account rules handle that.
  const verdict = classifyScan(s, p);
  return { state: 'no_verdict', reason: error || verdict.reason || 'no post in the embed' };
}

function parsePosts(s: PageScan, origin: string): PostRecord[] {
  const out: PostRecord[] = [];
  const seen = new Set<number>();
  for (const el of s.messages) {
    const post = parseMessage(el, { dom: s.dom, origin });
    if (post && !seen.has(post.num)) {
      seen.add(post.num);
      out.push(post);
    }
  }
  return out.sort((a, b) => a.num - b.num);
}

function olderCursorOf(s: PageScan): string | undefined {
  for (const more of s.all('tme_messages_more')) {
    const before = attr(more, 'data-before') ?? beforeCursor(attr(more, 'href'));
    if (before && /^\d+$/.test(before)) return before;
  }
  return beforeCursor(s.links.get('prev'));
}

/** min/max message number covered, counting album members folded into their first post. */
function rangeOf(posts: PostRecord[]): Observation['range'] {
  if (posts.length === 0) return undefined;
  let min = Infinity;
  let max = -Infinity;
  for (const p of posts) {
    for (const n of [p.num, ...(p.groupedIds ?? [])]) {
      if (n < min) min = n;
      if (n > max) max = n;
    }
  }
  return { min, max };
}

const originOf = (u: string): string => {
  try {
    return new URL(u).origin;
  } catch {
    return 'https://t.me';
  }
};
