// What the simulated Instagram serves: the profile JSON of its web client (web_profile_info), the
// "Sorry, this page isn't available." page, the login page, a post's page and a profile page. The
// JSON follows the structure documented for web_profile_info (field names and nesting); the HTML
// pages carry the strings other projects quote (README "Modelling notes"). Pure.
import type { IgSimAccount, IgSimComment, IgSimPost } from './model.js';

export interface IgRenderCtx {
  /** Origin media URLs point at (the sim's own, so archiving media works). */
  origin: string;
  /** ISO country of the requesting vantage (x-sim-vantage). */
  country: string;
}

const PAGE = 12;
const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#039;');
const b64 = (s: string): string => Buffer.from(s).toString('base64');

const mediaUrl = (ctx: IgRenderCtx, p: IgSimPost, kind: 'jpg' | 'mp4', size = 1080): string =>
  // Signed-looking, like scontent*.cdninstagram.com URLs: the query is not part of a post's content.
  `${ctx.origin}/media/${p.shortcode}.${kind}?stp=dst-jpg_e35_p${size}x${size}&_nc_ht=sim&oh=00_${b64(p.id).slice(0, 16)}&oe=${(p.takenAt + 864000).toString(16).toUpperCase()}`;

function node(a: IgSimAccount, p: IgSimPost, ctx: IgRenderCtx): object {
  const display = mediaUrl(ctx, p, 'jpg');
  return {
    node: {
      __typename: p.isVideo ? 'GraphVideo' : 'GraphImage',
      id: p.id,
      shortcode: p.shortcode,
      dimensions: { height: 1080, width: 1080 },
      display_url: display,
      edge_media_to_tagged_user: { edges: [] },
      fact_check_overall_rating: null,
      fact_check_information: null,
      gating_info: null,
      sharing_friction_info: { should_have_sharing_friction: false, bloks_app_url: null },
      media_overlay_info: null,
      media_preview: null,
      owner: { id: a.id, username: a.username },
      is_video: p.isVideo,
      has_upcoming_event: false,
      accessibility_caption: null,
      ...(p.isVideo ? { has_audio: true, video_url: mediaUrl(ctx, p, 'mp4'), video_view_count: p.views } : {}),
      edge_media_to_caption: { edges: p.caption ? [{ node: { text: p.caption } }] : [] },
      edge_media_to_comment: { count: p.comments },
      comments_disabled: p.commentsDisabled,
      taken_at_timestamp: p.takenAt,
      edge_liked_by: { count: p.likes },
      edge_media_preview_like: { count: p.likes },
      location: null,
      nft_asset_info: null,
      thumbnail_src: mediaUrl(ctx, p, 'jpg', 640),
      thumbnail_resources: [150, 240, 320, 480, 640].map((s) => ({ src: mediaUrl(ctx, p, 'jpg', s), config_width: s, config_height: s })),
      felix_profile_grid_crop: null,
      coauthor_producers: [],
      pinned_for_users: p.pinned ? [{ id: a.id, is_verified: a.isVerified, profile_pic_url: `${ctx.origin}/media/avatar-${a.id}.jpg`, username: a.username }] : [],
      viewer_can_reshare: true,
      like_and_view_counts_disabled: false,
      product_type: p.isVideo ? 'clips' : 'feed',
    },
  };
}

/** `{"data":{"user":{…}},"status":"ok"}` for a profile as `ctx.country` sees it. */
export function renderProfileJson(a: IgSimAccount, listed: IgSimPost[], ctx: IgRenderCtx): string {
  const withheld = a.geoBlocked.includes(ctx.country);
  // Private profiles and withheld ones list no posts to whoever may not see them.
  const visible = withheld || a.isPrivate ? [] : listed.filter((p) => !p.geoBlocked.includes(ctx.country));
  const edges = visible.slice(0, PAGE);
  const more = visible.length > PAGE;
  const avatar = `${ctx.origin}/media/avatar-${a.id}.jpg`;
  const user = {
    biography: a.biography,
    bio_links: [],
    fb_profile_biolink: null,
    biography_with_entities: { raw_text: a.biography, entities: [] },
    blocked_by_viewer: false,
    restricted_by_viewer: null,
    country_block: withheld,
    eimu_id: String(100_000_000_000_000n + BigInt(a.id)),
    external_url: null,
    external_url_linkshimmed: null,
    edge_followed_by: { count: a.followers },
    fbid: String(17_841_400_000_000_000n + BigInt(a.id)),
    followed_by_viewer: false,
    edge_follow: { count: a.following },
    follows_viewer: false,
    full_name: a.fullName,
    group_metadata: null,
    has_ar_effects: false,
    has_clips: a.posts.some((p) => p.isVideo),
    has_guides: false,
    has_channel: false,
    has_blocked_viewer: false,
    highlight_reel_count: 0,
    has_requested_viewer: false,
    hide_like_and_view_counts: false,
    id: a.id,
    is_business_account: false,
    is_professional_account: false,
    is_joined_recently: false,
    business_category_name: null,
    category_name: null,
    is_private: a.isPrivate,
    is_verified: a.isVerified,
    edge_mutual_followed_by: { count: 0, edges: [] },
    profile_pic_url: avatar,
    profile_pic_url_hd: avatar,
    requested_by_viewer: false,
    should_show_category: false,
    username: a.username,
    connected_fb_page: null,
    pronouns: [],
    edge_felix_video_timeline: { count: 0, page_info: { has_next_page: false, end_cursor: null }, edges: [] },
    edge_owner_to_timeline_media: {
      count: withheld ? 0 : listed.length,
      page_info: { has_next_page: more, end_cursor: more ? b64(`cursor:${edges[edges.length - 1]?.id ?? ''}:${edges.length}`) : null },
      edges: edges.map((p) => node(a, p, ctx)),
    },
    edge_saved_media: { count: 0, page_info: { has_next_page: false, end_cursor: null }, edges: [] },
    edge_media_collections: { count: 0, page_info: { has_next_page: false, end_cursor: null }, edges: [] },
    edge_related_profiles: { edges: [] },
  };
  return JSON.stringify({ data: { user }, status: 'ok' });
}

const shell = (title: string, body: string): string =>
  `<!DOCTYPE html><html lang="en" class="no-js not-logged-in"><head><meta charset="utf-8"><meta http-equiv="X-UA-Compatible" content="IE=edge"><title>${title}</title><meta name="robots" content="noimageindex, noarchive"><meta name="viewport" content="width=device-width, initial-scale=1, minimum-scale=1, maximum-scale=1, viewport-fit=cover"><link rel="manifest" href="/data/manifest.json"></head><body><div id="react-root">${body}</div></body></html>`;

/** Instagram's one page for free, deleted, deactivated, renamed and banned usernames, and removed posts. */
export const renderUnavailable = (): string =>
  shell(
    'Page not found &bull; Instagram',
    '<main><div><h2>Sorry, this page isn&#039;t available.</h2><div>The link you followed may be broken, or the page may have been removed. <a href="/">Go back to Instagram.</a></div></div></main>',
  );

export const renderLogin = (): string =>
  shell('Login &bull; Instagram', '<main><article><div><h1>Instagram</h1><form id="loginForm" method="post"><input name="username" aria-label="Phone number, username, or email"><input name="password" type="password" aria-label="Password"><button type="submit">Log in</button></form><p>Don&#039;t have an account? <a href="/accounts/emailsignup/">Sign up</a></p></div></article></main>');

/** A post's page as served to a client it lets in: its meta tags name the post. */
export function renderPostPage(a: IgSimAccount, p: IgSimPost, ctx: IgRenderCtx): string {
  const date = new Date(p.takenAt * 1000).toISOString().slice(0, 10);
  const title = `${esc(a.fullName)} on Instagram: &quot;${esc(p.caption.slice(0, 100))}&quot;`;
  return (
    `<!DOCTYPE html><html lang="en" class="no-js not-logged-in"><head><meta charset="utf-8"><title>${title}</title>` +
    `<meta property="og:site_name" content="Instagram" /><meta property="og:title" content="${title}" />` +
    `<meta property="og:image" content="${esc(mediaUrl(ctx, p, 'jpg'))}" />` +
    `<meta property="og:description" content="${p.likes} likes, ${p.comments} comments - ${esc(a.username)} on ${date}: &quot;${esc(p.caption.slice(0, 100))}&quot;" />` +
    `<meta property="og:url" content="https://www.instagram.com/p/${p.shortcode}/" /><meta property="og:type" content="article" />` +
    `<meta property="instapp:owner_user_id" content="${a.id}" /></head><body><div id="react-root"></div></body></html>`
  );
}

/** Post-level withholding text (quoted by a takedown-monitoring script; README "Modelling notes"). */
export const renderPostWithheld = (): string => shell('Restricted Photo &bull; Instagram', '<main><div><h2>Restricted Photo</h2><div>This post is not available in your country.</div></div></main>');

/** The profile page's head: its description is the marker WhatsMyName checks for an existing account. */
export function renderProfilePage(a: IgSimAccount, posts: number): string {
  const d = `${a.followers} Followers, ${a.following} Following, ${posts} Posts - See Instagram photos and videos from ${esc(a.fullName)} (@${a.username})`;
  return (
    `<!DOCTYPE html><html lang="en" class="no-js not-logged-in"><head><meta charset="utf-8"><title>${esc(a.fullName)} (@${a.username}) &bull; Instagram photos and videos</title>` +
    `<meta content="${d}" name="description" /><meta property="og:url" content="https://www.instagram.com/${a.username}/" /></head><body><div id="react-root"></div></body></html>`
  );
}

/** Comments per page of the comments API (about 15, as public clients of it report). */
export const COMMENTS_PAGE = 15;

/** Instagram's anonymous profile picture (its real file name and cache key), on the sim's origin. */
const anonymousPicture = (ctx: IgRenderCtx): string =>
  `${ctx.origin}/media/44884218_345707102882519_2446069589734326272_n.jpg?_nc_ht=sim&_nc_cat=1&oh=00_AT9u8e&oe=61BE9FFF&ig_cache_key=YW5vbnltb3VzX3Byb2ZpbGVfcGlj.2`;

function commentOf(c: IgSimComment, p: IgSimPost, ctx: IgRenderCtx): object {
  const pic = c.user.avatar ? `${ctx.origin}/media/${c.user.pk}_${c.pk.slice(-6)}_n.jpg?stp=dst-jpg_s150x150&_nc_ht=sim&oh=00_${b64(c.user.pk).slice(0, 10)}&oe=6799BC5B` : anonymousPicture(ctx);
  return {
    pk: c.pk,
    user_id: c.user.pk,
    type: 0,
    did_report_as_spam: false,
    created_at: c.createdAt,
    created_at_utc: c.createdAt,
    content_type: 'comment',
    status: 'Active',
    bit_flags: 0,
    share_enabled: true,
    is_ranked_comment: false,
    media_id: p.id,
    text: c.text,
    is_covered: false,
    comment_like_count: 0,
    has_liked_comment: false,
    child_comment_count: 0,
    preview_child_comments: [],
    user: { pk: c.user.pk, pk_id: c.user.pk, username: c.user.username, full_name: c.user.fullName, is_private: false, is_verified: c.user.verified, profile_pic_id: `${c.user.pk}_${c.user.pk}`, profile_pic_url: pic },
  };
}

/** The comment pk a `next_min_id` cursor points at (its `cached_comments_cursor`); undefined for none or garbage. */
function cursorOf(minId: string | undefined): string | undefined {
  if (!minId) return undefined;
  try {
    const c = (JSON.parse(minId) as { cached_comments_cursor?: unknown }).cached_comments_cursor;
    return typeof c === 'string' && /^\d+$/.test(c) ? c : '';
  } catch {
    return '';
  }
}

/**
 * The comments API (`/api/v1/media/<pk>/comments/`; `min_id` = a previous page's `next_min_id` for
 * the next, older page): COMMENTS_PAGE comments (the first page the newest), `comment_count`, the
 * caption, a `next_min_id` cursor when older ones exist; or
 * `comments_disabled` when the owner turned them off. Field names as the public clients read them
 * (test/fixtures/instagram/PROVENANCE.md "Comments").
 */
export function renderCommentsJson(a: IgSimAccount, p: IgSimPost, ctx: IgRenderCtx, minId?: string): string {
  if (p.commentsDisabled) return JSON.stringify({ comments_disabled: true, comment_count: 0, comments: [], caption: null, status: 'ok' });
  const newest = [...p.commentList].sort((x, y) => y.createdAt - x.createdAt || (y.pk < x.pk ? -1 : 1));
  // `min_id` (the last page's `next_min_id`, as instaloader sends it): the page after that cursor's comment.
  const after = cursorOf(minId);
  const from = after === undefined ? 0 : newest.findIndex((c) => c.pk === after) + 1;
  const rest = from > 0 || after === undefined ? newest.slice(from) : [];
  const page = rest.slice(0, COMMENTS_PAGE).reverse();
  const more = rest.length > COMMENTS_PAGE;
  return JSON.stringify({
    comment_likes_enabled: true,
    comments: page.map((c) => commentOf(c, p, ctx)),
    comment_count: p.comments,
    caption: p.caption ? { pk: String(BigInt(p.id) + 1n), user_id: a.id, text: p.caption, type: 1, created_at: p.takenAt, content_type: 'comment', media_id: p.id, status: 'Active', user: { pk: a.id, username: a.username, full_name: a.fullName, is_verified: a.isVerified } } : null,
    caption_is_edited: false,
    has_more_comments: false,
    has_more_headload_comments: more,
    ...(more ? { next_min_id: JSON.stringify({ cached_comments_cursor: page[0]?.pk ?? '', bifilter_token: b64(p.id) }) } : {}),
    threading_enabled: true,
    media_header_display: 'none',
    initiate_at_top: true,
    insert_new_comment_to_top: false,
    display_realtime_typing_indicator: true,
    status: 'ok',
  });
}

/** A tiny valid JPEG for every media URL. */
export const JPEG = Buffer.from('/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=', 'base64');
