// A post's comments as interactions, from the JSON Instagram's own clients read:
// `GET <base>/api/v1/media/<media pk>/comments/?can_support_threading=true&permalink_enabled=false`
// with the web client's `x-ig-app-id` (instaloader `instaloader/structures.py`
// Post._get_comments_via_iphone_endpoint; subzeroid/instagrapi `instagrapi/mixins/comment.py`
// media_comments). The answer: `{comments:[{pk, text, created_at, user:{pk, username, full_name,
// is_verified, profile_pic_url, has_anonymous_profile_picture?}, child_comment_count,
// preview_child_comments[]}], comment_count, has_more_headload_comments, next_min_id, status:"ok"}`.
// A page lists ~15 comments with their previewed answers, the first page the newest; its
// `next_min_id` is sent back as `min_id` for the next, older page (instaloader does the same), read
// up to `platforms.instagram.interactionsPages`. Instagram shows no account age or follower count there. Pure; a login wall, checkpoint, 429 or any other
// answer is no verdict, never an empty list.
import { z } from 'zod';
import type { FetchedPage, FetchStep, Interaction, InteractionsProbe, PostRecord, TargetRef } from '../types.js';
import { LOGIN_PAGE, LOGIN_PATH, UNAVAILABLE, bodyText, jsonOf, pathOf } from './markers.js';
import type { InstagramSettings } from './settings.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * A shortcode's media pk: the shortcode is the pk in URL-safe base64, leading zero digits dropped
 * (instaloader Post.shortcode_to_mediaid). Shortcodes of more than 11 characters (private posts'
 * share codes) name no pk: undefined.
 */
export function mediaIdOf(shortcode: string): string | undefined {
  if (!/^[A-Za-z0-9_-]{1,11}$/.test(shortcode)) return undefined;
  let n = 0n;
  for (const c of shortcode) n = n * 64n + BigInt(ALPHABET.indexOf(c));
  return n > 0n ? n.toString() : undefined;
}

/** The inverse (instaloader Post.mediaid_to_shortcode), for the simulator and tests. */
export function shortcodeOfMediaId(pk: bigint): string {
  let s = '';
  for (let n = pk; n > 0n; n /= 64n) s = ALPHABET[Number(n % 64n)] + s;
  return s || 'A';
}

/**
 * Instagram's anonymous profile picture, served to every account without one: its file name
 * (`44884218_345707102882519_2446069589734326272_n`, and a newer `464760996_…`) and its cache key,
 * base64 of "anonymous_profile_pic" (trader1ek/MVP-INSTAGRAM-TRACKER NO_PIC_IDS, built on
 * davidarroyo1234/InstagramUnfollowers; the cdninstagram URLs quoted across public code). The
 * private API also says `has_anonymous_profile_picture: true`.
 */
export const ANONYMOUS_PICTURE = /44884218_345707102882519_2446069589734326272_n|464760996_1254146839119862_3605321457742435801_n|ig_cache_key=YW5vbnltb3VzX3Byb2ZpbGVfcGlj/;

type Plan = Pick<InstagramSettings, 'baseUrl' | 'appId'>;

/** The post's first page of comments; undefined for a post whose shortcode names no media pk. */
export function planInteractionsInstagram(_t: TargetRef, s: Plan, post: PostRecord): FetchStep | undefined {
  const pk = mediaIdOf(post.key);
  if (!pk) return undefined;
  return {
    via: 'http',
    url: `${s.baseUrl.replace(/\/+$/, '')}/api/v1/media/${pk}/comments/?can_support_threading=true&permalink_enabled=false`,
    purpose: 'interactions',
    // Comments are shown to logged-in viewers: the worker sends a configured session.
    needsSession: true,
    headers: { 'x-ig-app-id': s.appId, 'x-requested-with': 'XMLHttpRequest', accept: 'application/json' },
  };
}

const User = z
  .object({
    pk: z.union([z.string(), z.number()]).optional(),
    username: z.string().min(1),
    full_name: z.string().nullish(),
    profile_pic_url: z.string().nullish(),
    has_anonymous_profile_picture: z.boolean().optional(),
  })
  .passthrough();
const Comment = z
  .object({
    pk: z.union([z.string().regex(/^\d{1,30}$/), z.number().int().nonnegative()]),
    text: z.string().nullish(),
    created_at: z.number().optional(),
    user: User,
    parent_comment_id: z.union([z.string(), z.number()]).nullish(),
  })
  .passthrough();
type Comment = z.infer<typeof Comment>;
const Answer = z
  .object({
    status: z.literal('ok'),
    comments: z.array(z.unknown()).optional(),
    comment_count: z.number().int().nonnegative().optional(),
    comments_disabled: z.boolean().optional(),
    next_min_id: z.string().max(4096).nullish(),
  })
  .passthrough();

const noVerdict = (reason: string): InteractionsProbe => ({ state: 'no_verdict', interactions: [], reason });

/** Why an answer that is not a comments page says nothing (walls, checkpoints, throttling). */
function refusal(o: Record<string, unknown>, status: number): string | undefined {
  const message = typeof o.message === 'string' ? o.message : '';
  if (o.require_login === true || message === 'login_required') return `login wall (HTTP ${status}${message ? ` ${message}` : ''})`;
  if (/checkpoint_required|challenge_required/.test(message) || typeof o.checkpoint_url === 'string') return `checkpoint: ${message || 'challenge'}`;
  if (message === 'feedback_required' || /please wait a few minutes/i.test(message)) return `throttled: ${message}`;
  if (o.status === 'fail') return `Instagram API: ${message || 'fail'} (HTTP ${status})`;
  return undefined;
}

export function parseInteractionsInstagram(p: FetchedPage, t: TargetRef, post: PostRecord): InteractionsProbe {
  if (p.status === 429) return noVerdict('HTTP 429 from Instagram');
  if (LOGIN_PATH.test(pathOf(p.finalUrl))) return noVerdict(`redirected to ${pathOf(p.finalUrl)}`);
  if (p.status >= 500) return noVerdict(`HTTP ${p.status}`);
  const text = bodyText(p.body);
  const json = jsonOf(text);
  if (json === undefined || json === null || typeof json !== 'object') {
    if (LOGIN_PAGE.test(text)) return noVerdict('login page');
    // A removed post: its deletion is the listing's and the post page's business, not this page's.
    if (UNAVAILABLE.test(text)) return noVerdict('"Sorry, this page isn\'t available." (the post is gone or hidden from this viewer)');
    return noVerdict(`not Instagram JSON (HTTP ${p.status})`);
  }
  const o = json as Record<string, unknown>;
  const refused = refusal(o, p.status);
  if (refused) return noVerdict(refused);
  const a = Answer.safeParse(json);
  if (!a.success || p.status !== 200) return noVerdict(`not a comments answer (HTTP ${p.status})`);
  if (a.data.comments_disabled === true) return { state: 'none', interactions: [], total: 0, reason: 'comments_disabled: the account turned comments off' };
  if (!a.data.comments) return noVerdict('comments answer without comments[]');
  const comments: Comment[] = [];
  for (const c of a.data.comments) {
    const r = Comment.safeParse(c);
    if (!r.success) return noVerdict(`comment of another shape: ${r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).slice(0, 2).join('; ')}`);
    comments.push(r.data);
  }
  const interactions: Interaction[] = [];
  const seen = new Set<string>();
  const add = (c: Comment, parent?: Comment): void => {
    const key = String(c.pk);
    if (seen.has(key)) return;
    seen.add(key);
    // The account's own comments (answers to commenters) are not interactions with it.
    if (c.user.username.toLowerCase() === t.key) return;
    interactions.push(interactionOf(c, post, parent));
  };
  for (const c of comments) {
    add(c);
    const previews = Array.isArray(c.preview_child_comments) ? c.preview_child_comments : [];
    for (const child of previews) {
      const r = Comment.safeParse(child);
      if (r.success) add(r.data, c);
    }
  }
  const more = a.data.next_min_id ? nextPage(p, a.data.next_min_id) : undefined;
  return { state: 'ok', interactions, ...(a.data.comment_count !== undefined ? { total: a.data.comment_count } : {}), ...(more ? { more } : {}) };
}

/** The page after `cursor`: the URL this page was asked at with `min_id` set (the worker sends it like this page). */
function nextPage(p: FetchedPage, cursor: string): FetchStep | undefined {
  let url: URL;
  try {
    url = new URL(p.url);
  } catch {
    return undefined;
  }
  url.searchParams.set('min_id', cursor);
  return { via: 'http', url: url.href, purpose: 'interactions' };
}

function interactionOf(c: Comment, post: PostRecord, parent?: Comment): Interaction {
  const u = c.user;
  const pic = u.profile_pic_url ?? undefined;
  const anonymous = u.has_anonymous_profile_picture === true || !pic || ANONYMOUS_PICTURE.test(pic);
  const at = typeof c.created_at === 'number' && c.created_at > 0 ? new Date(c.created_at * 1000).toISOString() : undefined;
  return {
    kind: parent ? 'reply' : 'comment',
    key: String(c.pk),
    // Instagram's comment permalink.
    url: `https://www.instagram.com/p/${post.key}/c/${c.pk}/`,
    author: {
      name: u.full_name || u.username,
      username: u.username.toLowerCase(),
      url: `https://www.instagram.com/${u.username.toLowerCase()}/`,
      avatar: !anonymous,
      ...(pic ? { avatarUrl: pic } : {}),
    },
    text: c.text ?? '',
    ...(at ? { at } : {}),
    ...(parent ? { replyTo: { key: String(parent.pk), name: parent.user.username.toLowerCase() } } : {}),
  };
}
