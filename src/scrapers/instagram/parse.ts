// Instagram answers → Observation / PostProbe. Pure: bytes in, values out.
import { VigilError } from '../../errors.js';
import { textUrls } from '../html-text.js';
import { cmpOrder, spanOf, toOrder } from '../order.js';
import { NO_VERDICT_STATES, Observation, type ChannelInfo, type FetchedPage, type MediaRef, type PostProbe, type PostRecord, type TargetRef } from '../types.js';
import { classifyInstagram } from './classify.js';
import { GEO_POST, LOGIN_PATH, UNAVAILABLE, UNAVAILABLE_REASON, bodyText, jsonOf, pathOf } from './markers.js';
import { profileOf, type IgNode, type IgUser } from './profile.js';

const POST_BASE = 'https://www.instagram.com/p/';

/**
 * Parse a profile answer (web_profile_info JSON) or an "unavailable" page. Throws
 * VGL_PARSE_UNEXPECTED_MARKUP for answers without a verdict (classify first) and for a profile of
 * another username than the target's.
 */
export function parseInstagram(p: FetchedPage, t: TargetRef): Observation {
  const verdict = classifyInstagram(p);
  if (NO_VERDICT_STATES.has(verdict.state)) {
    throw new VigilError('VGL_PARSE_UNEXPECTED_MARKUP', `instagram: ${p.finalUrl} is not a parseable profile answer (${verdict.state}: ${verdict.reason ?? 'no reason'}); classify() before parse()`, {
      details: { url: p.finalUrl, status: p.status, state: verdict.state },
    });
  }
  const obs: Observation = { platform: t.platform, listingModel: 'range', target: t.key, url: p.finalUrl, state: verdict.state, posts: [], reachedStart: false };
  if (verdict.reason) obs.stateReason = verdict.reason;
  const prof = profileOf(jsonOf(bodyText(p.body)));
  const user = prof && 'user' in prof ? prof.user : null;
  if (!user) return Observation.parse(obs);
  if (user.username.toLowerCase() !== t.key) {
    throw new VigilError('VGL_PARSE_UNEXPECTED_MARKUP', `instagram: ${p.finalUrl} answered the profile of @${user.username}, not @${t.key}`, { details: { url: p.finalUrl, username: user.username } });
  }
  obs.channel = channelOf(user);
  const media = user.edge_owner_to_timeline_media;
  const nodes = (media?.edges ?? []).map((e) => e.node);
  const seen = new Set<string>();
  const posts: { post: PostRecord; pinned: boolean }[] = [];
  for (const n of nodes) {
    if (seen.has(n.shortcode)) continue;
    seen.add(n.shortcode);
    posts.push({ post: postOf(n, user.username.toLowerCase()), pinned: (n.pinned_for_users?.length ?? 0) > 0 });
  }
  obs.posts = posts.map((x) => x.post).sort((a, b) => cmpOrder(a.order, b.order));
  // Pinned posts sit above the newest ones whatever their age: the range is the run of the others,
  // so the posts between an old pinned one and the newest are never taken for deleted.
  const range = spanOf(posts.filter((x) => !x.pinned).map((x) => x.post.order));
  if (range) obs.range = range;
  obs.reachedStart = media?.page_info?.has_next_page === false && obs.posts.length > 0;
  return Observation.parse(obs);
}

function channelOf(u: IgUser): ChannelInfo {
  const counters: Record<string, string> = {};
  if (u.edge_followed_by) counters.followers = String(u.edge_followed_by.count);
  if (u.edge_follow) counters.following = String(u.edge_follow.count);
  if (u.edge_owner_to_timeline_media) counters.posts = String(u.edge_owner_to_timeline_media.count);
  const avatar = u.profile_pic_url_hd ?? u.profile_pic_url;
  return {
    username: u.username.toLowerCase(),
    ...(u.full_name ? { title: u.full_name } : {}),
    ...(u.biography ? { description: u.biography } : {}),
    ...(avatar ? { avatarUrl: avatar } : {}),
    ...(u.is_verified !== undefined ? { verified: u.is_verified } : {}),
    counters,
    ...(u.edge_followed_by ? { subscribers: u.edge_followed_by.count } : {}),
    // The numeric user id survives renames; prefixed so it never collides with another platform's ids.
    channelId: `instagram:${u.id}`,
  };
}

function mediaOf(m: { is_video?: boolean; display_url?: string; video_url?: string | null; thumbnail_src?: string }): MediaRef {
  const url = m.is_video ? (m.video_url ?? m.display_url) : m.display_url;
  return { type: m.is_video ? 'video' : 'photo', ...(url ? { url } : {}), ...(m.thumbnail_src ? { thumbUrl: m.thumbnail_src } : {}) };
}

export function postOf(n: IgNode, username: string): PostRecord {
  const text = n.edge_media_to_caption?.edges[0]?.node.text ?? '';
  const children = n.edge_sidecar_to_children?.edges.map((e) => e.node) ?? [];
  const views = n.is_video && typeof n.video_view_count === 'number' ? n.video_view_count : undefined;
  return {
    id: `${username}/${n.shortcode}`,
    key: n.shortcode,
    // Shortcodes do not sort by time: the order is the publication time in ms.
    order: toOrder(n.taken_at_timestamp * 1000),
    url: `${POST_BASE}${n.shortcode}/`,
    publishedAt: new Date(n.taken_at_timestamp * 1000).toISOString(),
    text,
    html: '',
    ...(views !== undefined ? { views } : {}),
    edited: false,
    links: textUrls(text),
    media: (children.length > 0 ? children : [n]).map(mediaOf),
  };
}

/** A post's own page (`/p/<shortcode>/`): present, gone ("unavailable"), or no verdict (walls, withheld). */
export function parsePostInstagram(p: FetchedPage, _t: TargetRef, key: string): PostProbe {
  if (p.status === 429 || p.status >= 500) return { state: 'no_verdict', reason: `HTTP ${p.status}` };
  if (LOGIN_PATH.test(pathOf(p.finalUrl))) return { state: 'no_verdict', reason: `redirected to ${pathOf(p.finalUrl)}` };
  const text = bodyText(p.body);
  if (UNAVAILABLE.test(text)) return { state: 'missing', reason: UNAVAILABLE_REASON };
  // Withheld in this country: not a deletion, but worth recording.
  const geo = GEO_POST.exec(text);
  if (geo) return { state: 'no_verdict', reason: `withheld: ${geo[0]}` };
  if (p.status !== 200) return { state: 'no_verdict', reason: `HTTP ${p.status}` };
  const esc = key.replace(/[-]/g, '\\-');
  const shows = new RegExp(`<meta[^>]+property="og:url"[^>]+/(?:p|reel|tv)/${esc}/|"shortcode"\\s*:\\s*"${esc}"`).test(text);
  return shows ? { state: 'present' } : { state: 'no_verdict', reason: 'no post on the page (login wall or changed markup)' };
}
