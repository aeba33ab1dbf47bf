// t.me pages → Observation / PostProbe. Pure: bytes in, values out.
import { VigilError } from '../../errors.js';
import { NO_VERDICT_STATES, Observation, type FetchedPage, type PostProbe, type PostRecord, type TargetRef } from '../types.js';
import { classifyScan, classifyTelegram } from './classify.js';
import { attr, textOf } from './dom.js';
import { channelFromScan } from './header.js';
import { parseMessage } from './message.js';
import { scanPage, type PageScan } from './page.js';
import { cmpOrder, spanOf } from '../order.js';
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
    platform: t.platform,
    listingModel: 'range',
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
export function parsePostTelegram(p: FetchedPage, t: TargetRef, key: string): PostProbe {
  if (p.status === 429 || p.status < 200 || p.status >= 300) return { state: 'no_verdict', reason: `HTTP ${p.status}` };
  const s = scanPage(p);
  if (!s.isTelegram) return { state: 'no_verdict', reason: 'not a Telegram page' };
  const origin = originOf(p.finalUrl);
  for (const el of s.messages) {
    const post = parseMessage(el, { dom: s.dom, origin });
    if (post && post.key === key) return { state: 'present', post };
    if (post) return { state: 'no_verdict', reason: `embed shows ${post.id}, not ${t.key}/${key}` };
  }
  const error = textOf(s.embedError);
  if (/post not found/i.test(error)) return { state: 'missing', reason: error };
  // A blocked/deleted channel answers the embed with its landing or notice; the account rules handle that.
  const verdict = classifyScan(s, p);
  return { state: 'no_verdict', reason: error || verdict.reason || 'no post in the embed' };
}

function parsePosts(s: PageScan, origin: string): PostRecord[] {
  const out: PostRecord[] = [];
  const seen = new Set<string>();
  for (const el of s.messages) {
    const post = parseMessage(el, { dom: s.dom, origin });
    if (post && !seen.has(post.key)) {
      seen.add(post.key);
      out.push(post);
    }
  }
  return out.sort((a, b) => cmpOrder(a.order, b.order));
}

function olderCursorOf(s: PageScan): string | undefined {
  for (const more of s.all('tme_messages_more')) {
    const before = attr(more, 'data-before') ?? beforeCursor(attr(more, 'href'));
    if (before && /^\d+$/.test(before)) return before;
  }
  return beforeCursor(s.links.get('prev'));
}

/** min/max message id covered, counting album members folded into their first post (their keys are their orders). */
function rangeOf(posts: PostRecord[]): Observation['range'] {
  return spanOf(posts.flatMap((p) => [p.order, ...(p.groupedKeys ?? [])]));
}

const originOf = (u: string): string => {
  try {
    return new URL(u).origin;
  } catch {
    return 'https://t.me';
  }
};
