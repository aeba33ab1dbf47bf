// VK pages → Observation / PostProbe. Pure: bytes in, values out.
import { VigilError } from '../../errors.js';
import { cmpOrder, spanOf } from '../order.js';
import { NO_VERDICT_STATES, Observation, type FetchedPage, type PostProbe, type PostRecord, type TargetRef } from '../types.js';
import { classifyScan, classifyVk } from './classify.js';
import { channelOf } from './header.js';
import { scanPage, type VkPage } from './page.js';
import { parseWallPost, type PostContext } from './post.js';

export interface ParseOpts {
  utcOffsetMinutes: number;
}

// Shown instead of a post that is gone (modelled, see README "States").
const POST_MISSING = /Запись удалена|Запись не найдена|Post (?:was )?deleted|Post not found|This post (?:was|has been) deleted/i;

/**
 * Parse a wall page (newest or an older `?offset=` page). Throws VGL_PARSE_UNEXPECTED_MARKUP when
 * the page is not VK's or carries no verdict (rate limit, login wall, error page).
 */
export function parseVk(p: FetchedPage, t: TargetRef, opts: ParseOpts): Observation {
  const verdict = classifyVk(p);
  if (NO_VERDICT_STATES.has(verdict.state)) {
    throw new VigilError(
      'VGL_PARSE_UNEXPECTED_MARKUP',
      `vk: ${p.finalUrl} is not a parseable wall page (${verdict.state}: ${verdict.reason ?? 'no reason'}); classify() before parse()`,
      { details: { url: p.finalUrl, status: p.status, state: verdict.state } },
    );
  }
  const s = scanPage(p);
  const channel = channelOf(s, t.key);
  const wall = wallPosts(s, ctxOf(p, channel?.username ?? t.key, opts));
  const obs: Observation = {
    platform: t.platform,
    listingModel: 'range',
    target: t.key,
    url: p.finalUrl,
    state: verdict.state,
    posts: wall.map((w) => w.post).sort((a, b) => cmpOrder(a.order, b.order)),
    reachedStart: false,
  };
  if (verdict.reason) obs.stateReason = verdict.reason;
  if (channel) obs.channel = channel;
  if (wall.length > 0) {
    const older = olderCursorOf(s);
    if (older) obs.olderCursor = older;
    obs.reachedStart = older === undefined && s.$('.show_more_wrap, #wall_more_link').length === 0;
    // A pinned post is old: counting it would stretch the range over posts this page does not show.
    const range = spanOf(wall.filter((w) => !w.pinned).map((w) => w.post.order));
    if (range) obs.range = range;
  }
  return Observation.parse(obs);
}

/** Interpret a post's own page (`/wall<owner>_<post>`). */
export function parsePostVk(p: FetchedPage, t: TargetRef, key: string, opts: ParseOpts): PostProbe {
  if (p.status === 429) return { state: 'no_verdict', reason: 'HTTP 429' };
  const verdict = classifyVk(p);
  if (verdict.state === 'rate_limited' || verdict.state === 'login_wall') return { state: 'no_verdict', reason: verdict.reason ?? verdict.state };
  if (p.status !== 404 && (p.status < 200 || p.status >= 300)) return { state: 'no_verdict', reason: `HTTP ${p.status}` };
  const s = scanPage(p);
  if (!s.isVk) return { state: 'no_verdict', reason: 'not a VK page' };
  const wall = wallPosts(s, ctxOf(p, t.key, opts));
  const hit = wall.find((w) => w.post.key === key);
  if (hit) return { state: 'present', post: hit.post };
  if (wall.length > 0) return { state: 'no_verdict', reason: `the page shows ${wall[0].post.key}, not ${key}` };
  const notice = s.notices.join('\n');
  if (POST_MISSING.test(notice)) return { state: 'missing', reason: POST_MISSING.exec(notice)?.[0] };
  // A blocked, deleted or private account answers every post URL with its notice: the account rules
  // handle that; it is not this post's deletion.
  const account = classifyScan(s, p.status);
  return { state: 'no_verdict', reason: account.reason ?? `no post on the page (${account.state})` };
}

function wallPosts(s: VkPage, ctx: PostContext): { post: PostRecord; pinned: boolean }[] {
  const out: { post: PostRecord; pinned: boolean }[] = [];
  const seen = new Set<string>();
  for (const el of s.posts.toArray()) {
    const w = parseWallPost(s.$(el), ctx);
    if (w && !seen.has(w.post.key)) {
      seen.add(w.post.key);
      out.push(w);
    }
  }
  // VK lists newest first; a first post older than the next one is pinned even without the label.
  if (out.length >= 2 && !out[0].pinned && cmpOrder(out[0].post.order, out[1].post.order) < 0) out[0].pinned = true;
  return out;
}

/**
 * Cursor of the next older page: the `offset` of VK's "Show more" link, minus one. Pages are
 * counted by position, so a post published or deleted between two fetches (or a pinned post counted
 * on the first page) shifts them; overlapping by one post keeps the merged range without a gap.
 */
function olderCursorOf(s: VkPage): string | undefined {
  const href = s.$('.show_more_wrap a.show_more, a.show_more').first().attr('href');
  const m = href ? /[?&]offset=(\d{1,7})/.exec(href) : null;
  if (!m) return undefined;
  const n = Number(m[1]);
  return n > 1 ? String(n - 1) : n === 1 ? '1' : undefined;
}

function ctxOf(p: FetchedPage, account: string, opts: ParseOpts): PostContext {
  const fetched = new Date(p.fetchedAt);
  return { $: scanPage(p).$, origin: originOf(p.finalUrl), account: account.toLowerCase(), fetchedAt: Number.isNaN(fetched.getTime()) ? undefined : fetched, utcOffsetMinutes: opts.utcOffsetMinutes };
}

const originOf = (u: string): string => {
  try {
    return new URL(u).origin;
  } catch {
    return 'https://m.vk.com';
  }
};
