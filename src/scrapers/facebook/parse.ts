// Facebook mobile answers → Observation / PostProbe. Pure: bytes in, values out.
import { VigilError } from '../../errors.js';
import { cmpOrder, spanOf } from '../order.js';
import { NO_VERDICT_STATES, Observation, type ChannelInfo, type FetchedPage, type PostProbe, type PostRecord, type TargetRef } from '../types.js';
import { classifyFacebook } from './classify.js';
import { GEO, LOGIN_PAGE, LOGIN_PATH, UNAVAILABLE, UNAVAILABLE_REASON, pathOf } from './markers.js';
import { loadPage, type FbPage } from './page.js';
import { ftOf, storyOf } from './story.js';

/**
 * Parse a Page's posts (the page, or a "more" batch) or an "unavailable" answer. Throws
 * VGL_PARSE_UNEXPECTED_MARKUP for answers without a verdict (classify first).
 */
export function parseFacebook(p: FetchedPage, t: TargetRef): Observation {
  const verdict = classifyFacebook(p);
  if (NO_VERDICT_STATES.has(verdict.state)) {
    throw new VigilError('VGL_PARSE_UNEXPECTED_MARKUP', `facebook: ${p.finalUrl} is not a parseable Page answer (${verdict.state}: ${verdict.reason ?? 'no reason'}); classify() before parse()`, {
      details: { url: p.finalUrl, status: p.status, state: verdict.state },
    });
  }
  const obs: Observation = { platform: t.platform, listingModel: 'range', target: t.key, url: p.finalUrl, state: verdict.state, posts: [], reachedStart: false };
  if (verdict.reason) obs.stateReason = verdict.reason;
  if (verdict.state !== 'ok' && verdict.state !== 'empty') return Observation.parse(obs);
  const page = loadPage(p);
  const byKey = new Map<string, PostRecord>();
  let pageId: string | undefined;
  page.stories.each((_, el) => {
    const s = storyOf(page.$, page.$(el), t.key);
    if (!s) return;
    pageId ??= s.pageId;
    if (!byKey.has(s.post.key)) byKey.set(s.post.key, s.post);
  });
  obs.posts = [...byKey.values()].sort((a, b) => cmpOrder(a.order, b.order));
  const range = spanOf(obs.posts.map((x) => x.order));
  if (range) obs.range = range;
  if (page.more) obs.olderCursor = page.more;
  obs.reachedStart = page.more === undefined && obs.posts.length > 0;
  if (page.kind === 'html') {
    const channel = channelOf(page, t.key, pageId);
    if (channel) obs.channel = channel;
  }
  return Observation.parse(obs);
}

const meta = (page: FbPage, prop: string): string | undefined => page.$(`meta[property="${prop}"]`).attr('content') ?? page.$(`meta[name="${prop}"]`).attr('content') ?? undefined;

/** The Page's name, description and counters from the page's meta tags ("Nintendo. 5,411,563 likes · 25,177 talking about this. …"). */
function channelOf(page: FbPage, key: string, pageId: string | undefined): ChannelInfo | undefined {
  const title = meta(page, 'og:title') ?? page.$('title').text().replace(/\s*-\s*Posts\s*\|\s*Facebook\s*$/i, '').trim();
  if (!title) return undefined;
  const description = meta(page, 'og:description') ?? meta(page, 'description');
  const counters: Record<string, string> = {};
  const likes = /([\d.,]+[KMB]?)\s+likes?\b/i.exec(description ?? '');
  const talking = /([\d.,]+[KMB]?)\s+talking about this/i.exec(description ?? '');
  if (likes) counters.likes = likes[1];
  if (talking) counters.talking_about = talking[1];
  const subscribers = likes && /^[\d,]+$/.test(likes[1]) ? Number(likes[1].replace(/,/g, '')) : undefined;
  const avatar = meta(page, 'og:image');
  const verified = page.$('[aria-label="Verified Page"]').length > 0;
  return {
    username: key,
    title,
    ...(description ? { description: description.replace(/^[^.]*\.\s*[\d.,]+[KMB]?\s+likes?\s*·\s*[\d.,]+[KMB]?\s+talking about this\.\s*/i, '') } : {}),
    ...(avatar ? { avatarUrl: avatar } : {}),
    ...(verified ? { verified } : {}),
    counters,
    ...(subscribers !== undefined ? { subscribers } : {}),
    // The numeric Page id survives a change of vanity name; prefixed so it never collides with another platform's.
    ...(pageId ? { channelId: `facebook:${pageId}` } : {}),
  };
}

/**
 * A post's own page (`/<page>/posts/<id>`, redirected to its photo, video or story page): present when
 * the page names the post, `missing` on the "unavailable" answer, no verdict for walls, withholding
 * and anything else.
 */
export function parsePostFacebook(p: FetchedPage, _t: TargetRef, key: string): PostProbe {
  if (p.status === 429 || p.status >= 500) return { state: 'no_verdict', reason: `HTTP ${p.status}` };
  if (LOGIN_PATH.test(pathOf(p.finalUrl))) return { state: 'no_verdict', reason: `redirected to ${pathOf(p.finalUrl)}` };
  const page = loadPage(p);
  if (page.kind !== 'html') return { state: 'no_verdict', reason: 'not a post page' };
  if (LOGIN_PAGE.test(page.html)) return { state: 'no_verdict', reason: 'login page' };
  const geo = GEO.exec(page.html);
  // Withheld in this country: not a deletion, but worth recording.
  if (geo) return { state: 'no_verdict', reason: `withheld: ${geo[0]}` };
  if (UNAVAILABLE.test(page.html)) return { state: 'missing', reason: UNAVAILABLE_REASON };
  if (p.status !== 200) return { state: 'no_verdict', reason: `HTTP ${p.status}` };
  const ogUrl = meta(page, 'og:url') ?? '';
  const named = ogUrl.includes(key) || decodeURIComponent(p.finalUrl).includes(key) || page.stories.toArray().some((el) => String(ftOf(page.$(el))?.top_level_post_id ?? '') === key);
  return ogUrl && named ? { state: 'present' } : { state: 'no_verdict', reason: 'the page does not show this post (changed markup?)' };
}
