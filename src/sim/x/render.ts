// Pure renderers of the X web client's GraphQL answers, their structure cloned from the twscrape
// recordings in test/fixtures/x (UserByScreenName, UserTweets) and the OpenTween ones (empty user,
// suspended user, rate-limit prompt, error shapes). Markers the parser reads sit where X puts them.
import type { XSimPost, XSimUser } from './model.js';

type J = Record<string, unknown>;

/** X's created_at form: "Fri Jul 31 21:34:08 +0000 2026". */
export function twitterDate(iso: string): string {
  const p = new Date(iso).toUTCString().split(' '); // "Fri, 31 Jul 2026 21:34:08 GMT"
  return `${p[0].slice(0, 3)} ${p[2]} ${p[1]} ${p[4]} +0000 ${p[3]}`;
}

const b64 = (s: string): string => Buffer.from(s).toString('base64');

/** What a viewer in a withholding country reads in place of the bio (gallery-dl #3864 records the 2023 form). */
export const withheldNotice = (u: XSimUser, countries: string[]): string =>
  `@${u.handle}'s account has been withheld in ${countries.map(countryName).join(', ')} in response to a legal demand. Learn more.`;

const COUNTRY: Record<string, string> = { DE: 'Germany', KZ: 'Kazakhstan', RU: 'Russia', TR: 'Türkiye', IN: 'India', FR: 'France', BY: 'Belarus' };
const countryName = (c: string): string => COUNTRY[c] ?? c;

/** A user result as UserByScreenName answers it (the current shape, no `legacy`). */
export function userResult(u: XSimUser, viewer: string): J {
  const withheldHere = u.withheldIn.includes(viewer);
  const user: J = {
    __typename: 'User',
    action_counts: { favorites_count: 120 },
    affiliates_highlighted_label: {},
    avatar: { image_url: u.defaultAvatar ? 'https://abs.twimg.com/sticky/default_profile_images/default_profile_normal.png' : `https://pbs.twimg.com/profile_images/${u.restId}/avatar_normal.jpg` },
    banner: { image_url: `https://pbs.twimg.com/profile_banners/${u.restId}/1690213128` },
    business_account: {},
    core: { created_at: twitterDate(u.createdAt), name: u.name, screen_name: u.handle },
    creator_subscriptions_count: 0,
    dm_permissions: { can_dm: false },
    follow_request_sent: false,
    has_graduated_access: true,
    highlights_info: { can_highlight_tweets: false, highlighted_tweets: '0' },
    id: b64(`User:${u.restId}`),
    is_blue_verified: false,
    is_profile_translatable: false,
    legacy_extended_profile: {},
    location: { location: '' },
    media_permissions: { can_media_tag: true },
    notifications_settings: { notifications_enabled: false },
    pinned_items: u.pinned ? { tweet_ids_str: [u.pinned] } : {},
    possibly_sensitive: false,
    privacy: { protected: u.protected },
    profile_bio: { description: withheldHere ? withheldNotice(u, u.withheldIn) : u.bio, entities: { description: {}, url: {} } },
    profile_description_language: 'en',
    profile_image_shape: 'Circle',
    profile_metadata: { profile_interstitial_type: u.interstitial },
    profile_sort_enabled: true,
    profile_translation: { translator_type: 'none' },
    relationship_counts: { followers: u.followers, following: u.following },
    relationship_perspectives: { blocked_by: false, blocking: false, followed_by: false, following: false, live_following: false, muting: false },
    rest_id: u.restId,
    super_follow_eligible: false,
    super_followed_by: false,
    super_following: false,
    tipjar_settings: {},
    tweet_counts: { media_tweets: u.posts.filter((p) => p.media.length).length, tweets: u.posts.filter((p) => !p.deleted).length },
    verification: { verified: false },
  };
  // Modelled (no recording): the countries ride on the user as the v1.1 user did.
  if (u.withheldIn.length) user.withheld_in_countries = [...u.withheldIn];
  return user;
}

/** UserByScreenName: `{"data":{"user":{"result":…}}}`; suspended `UserUnavailable`; deleted `{"data":{}}`. */
export function renderUserByScreenName(u: XSimUser | undefined, viewer: string): J {
  if (!u || u.state === 'deleted') return { data: {} };
  if (u.state === 'suspended') return suspendedUser();
  return { data: { user: { result: userResult(u, viewer) } } };
}

export const suspendedUser = (): J => ({ data: { user: { result: { __typename: 'UserUnavailable', message: 'User is suspended', reason: 'Suspended' } } } });

/** twscrape issue 346's server-side timeout: an empty user with `DeadlineExceeded`. */
export const deadlineExceeded = (): J => ({
  data: { user: {} },
  errors: [{ extensions: { kind: 'ServiceLevel', name: 'DeadlineExceeded', source: 'Server' }, kind: 'ServiceLevel', locations: [{ column: 5, line: 3 }], message: 'DeadlineExceeded: Unspecified', name: 'DeadlineExceeded', path: ['user', 'result'], source: 'Server' }],
});

/** A tweet result (the post's author embedded, as the timeline has it). */
export function tweetResult(u: XSimUser, p: XSimPost, original?: { user: XSimUser; post: XSimPost }, viewer = 'DE', nested = false): J {
  // A post's author carries fewer keys than UserByScreenName's user (as in the recordings).
  const author = userResult(u, viewer);
  for (const k of ['business_account', 'creator_subscriptions_count', 'highlights_info', 'is_profile_translatable', 'legacy_extended_profile', 'profile_sort_enabled']) delete author[k];
  const legacy: J = {
    bookmark_count: 0,
    bookmarked: false,
    conversation_id_str: p.id,
    created_at: twitterDate(p.createdAt),
    display_text_range: [0, [...p.text].length],
    entities: { urls: [] },
    favorite_count: 3,
    favorited: false,
    full_text: (original ? `RT @${original.user.handle}: ${p.text}` : p.text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
    id_str: p.id,
    is_quote_status: false,
    lang: 'en',
    quote_count: 0,
    reply_count: 0,
    retweet_count: 0,
    retweeted: false,
    user_id_str: u.restId,
  };
  if (p.media.length) {
    const media = p.media.map((kind, i) => mediaEntity(u, p, kind, i));
    legacy.extended_entities = { media };
    (legacy.entities as J).media = media;
  }
  if (p.inReplyTo) Object.assign(legacy, { conversation_id_str: p.inReplyTo.id, in_reply_to_screen_name: p.inReplyTo.handle, in_reply_to_status_id_str: p.inReplyTo.id, in_reply_to_user_id_str: p.inReplyTo.userId });
  if (original) legacy.retweeted_status_result = { result: tweetResult(original.user, original.post, undefined, viewer, true) };
  const out: J = {
    __typename: 'Tweet',
    core: { user_results: { result: author } },
    edit_control: { edit_tweet_ids: [p.id], editable_until_msecs: String(Date.parse(p.createdAt) + 3_600_000), edits_remaining: '5', is_edit_eligible: false },
    grok_translated_post_with_availability: { is_available: false },
    is_translatable: false,
    legacy,
    quick_promote_eligibility: { eligibility: 'IneligibleTweet' },
    rest_id: p.id,
    source: '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>',
    unmention_data: {},
    views: { count: String(p.views), state: 'EnabledWithCount' },
  };
  if (nested) delete out.quick_promote_eligibility;
  return out;
}

function mediaEntity(u: XSimUser, p: XSimPost, kind: 'photo' | 'video', i: number): J {
  const mid = String(BigInt(p.id) - 1000n + BigInt(i));
  const m: J = {
    display_url: `pic.x.com/${mid.slice(-10)}`,
    expanded_url: `https://x.com/${u.handle}/status/${p.id}/${kind}/${i + 1}`,
    ext_media_availability: { status: 'Available' },
    id_str: mid,
    indices: [0, 0],
    media_key: `${kind === 'photo' ? 3 : 7}_${mid}`,
    media_url_https: `https://pbs.twimg.com/${kind === 'photo' ? 'media' : 'ext_tw_video_thumb'}/${mid}.jpg`,
    type: kind,
    url: `https://t.co/${mid.slice(-10)}`,
  };
  if (kind === 'video') m.video_info = { aspect_ratio: [16, 9], duration_millis: 12_000, variants: [{ bitrate: 832000, content_type: 'video/mp4', url: `https://video.twimg.com/ext_tw_video/${mid}/pu/vid/640x360/v.mp4?tag=12` }] };
  return m;
}

/** Cursor values as X builds them: a binary prefix, the boundary post id in base64, a suffix. */
export const cursorValue = (id: string, bottom: boolean): string => `DAAHCgABHPEX6f${bottom ? '6__-sL' : '7AJxEL'}AAIAAAAT${b64(id).replace(/=+$/, '')}CAADAAAA${bottom ? 'Ag' : 'AQ'}AA`;

/** The post id a cursor value carries (undefined for anything else). */
export function cursorId(v: string): string | undefined {
  const m = /^DAAHCgABHPEX6f(?:6__-sL|7AJxEL)AAIAAAAT([A-Za-z0-9+/]+?)CAADAAAA(?:Ag|AQ)AA$/.exec(v);
  if (!m) return undefined;
  const id = Buffer.from(m[1], 'base64').toString('ascii');
  return /^\d{1,19}$/.test(id) ? id : undefined;
}

export const tweetEntry = (id: string, result: J): J => ({
  content: {
    __typename: 'TimelineTimelineItem',
    clientEventInfo: { component: 'tweet', details: { timelinesDetails: { controllerData: 'DAACDAABDAABCgABAAAAAAAAAAAKAAkSNrKmoVewBAoACgAAAZ/Y7KtBAAAAAA==', injectionType: 'RankedOrganicTweet' } }, element: 'tweet' },
    entryType: 'TimelineTimelineItem',
    itemContent: { __typename: 'TimelineTweet', itemType: 'TimelineTweet', tweetDisplayType: 'Tweet', tweet_results: { result } },
  },
  entryId: `tweet-${id}`,
  sortIndex: id,
});

export const cursorEntry = (type: 'Top' | 'Bottom', value: string, sort: string): J => ({
  content: { __typename: 'TimelineTimelineCursor', cursorType: type, entryType: 'TimelineTimelineCursor', value },
  entryId: `cursor-${type.toLowerCase()}-${sort}`,
  sortIndex: sort,
});

export const PAGE_SIZE = 20;

/**
 * UserTweets: up to PAGE_SIZE live posts older than the cursor's post, newest first, the pinned post
 * in a TimelinePinEntry, Top/Bottom cursors. A protected account or one withheld for the viewer
 * answers a timeline without entries (modelled: no recording).
 */
export function renderUserTweets(u: XSimUser, world: { post(id: string): { user: XSimUser; post: XSimPost } | undefined }, before: string | undefined, viewer: string): J {
  const hidden = u.protected || u.withheldIn.includes(viewer);
  const live = hidden ? [] : u.posts.filter((p) => !p.deleted && (before === undefined || BigInt(p.id) < BigInt(before)));
  const page = live.slice(-PAGE_SIZE).reverse();
  const result = (p: XSimPost): J => {
    const orig = p.retweetOf ? world.post(p.retweetOf.id) : undefined;
    return tweetResult(u, p, orig, viewer);
  };
  const entries: J[] = page.map((p) => tweetEntry(p.id, result(p)));
  const top = page[0]?.id ?? before ?? '0';
  const bottom = page[page.length - 1]?.id ?? before ?? '0';
  entries.push(cursorEntry('Top', cursorValue(top, false), String(BigInt(top) + 1n)), cursorEntry('Bottom', cursorValue(bottom, true), String(BigInt(bottom) - 1n)));
  const instructions: J[] = [{ type: 'TimelineClearCache' }];
  const pinned = u.pinned && !hidden && before === undefined ? u.posts.find((p) => p.id === u.pinned && !p.deleted) : undefined;
  if (pinned) {
    const e = tweetEntry(pinned.id, result(pinned));
    (e.content as J).clientEventInfo = { component: 'pinned_tweets', element: 'tweet' };
    (((e.content as J).itemContent as J) as J).socialContext = { contextType: 'Pin', text: 'Pinned', type: 'TimelineGeneralContext' };
    instructions.push({ entry: e, type: 'TimelinePinEntry' });
  }
  instructions.push({ entries, type: 'TimelineAddEntries' });
  return { data: { user: { result: { __typename: 'User', timeline: { timeline: { instructions, metadata: { scribeConfig: { page: 'profileBest' } } } } } } } };
}

/** TweetResultByRestId: the post; `{}` when deleted or unknown; `TweetUnavailable` for a suspended or protected author. */
export function renderTweetResult(found: { user: XSimUser; post: XSimPost } | undefined, world: { post(id: string): { user: XSimUser; post: XSimPost } | undefined }, viewer: string): J {
  if (!found || found.post.deleted || found.user.state === 'deleted') return { data: { tweetResult: {} } };
  const { user, post } = found;
  if (user.state === 'suspended') return { data: { tweetResult: { result: { __typename: 'TweetUnavailable', reason: 'Suspended' } } } };
  if (user.protected) return { data: { tweetResult: { result: { __typename: 'TweetUnavailable', reason: 'Protected' } } } };
  if (user.withheldIn.includes(viewer)) {
    const text = `This Post from @${user.handle} has been withheld in ${countryName(viewer)} in response to a legal demand. Learn more.`;
    return { data: { tweetResult: { result: { __typename: 'TweetTombstone', tombstone: { __typename: 'TextTombstone', text: { rtl: false, text, entities: [] } } } } } };
  }
  const orig = post.retweetOf ? world.post(post.retweetOf.id) : undefined;
  return { data: { tweetResult: { result: tweetResult(user, post, orig, viewer) } } };
}

/**
 * TweetDetail's entries for the crowd replies and quotes of a post (src/sim/crowds.ts: bot farms,
 * surges), one `conversationthread-` module each (the shape twscrape and the web client read).
 * Modelled (no recording in test/fixtures/x): entry ids, module shape as public clients parse them.
 */
export function crowdThreadEntries(user: XSimUser, post: XSimPost, viewer: string): J[] {
  const entries: J[] = [];
  for (const r of post.replies ?? []) {
    const t = tweetResult(r.user, r.post, undefined, viewer);
    const legacy = t.legacy as J;
    legacy.conversation_id_str = post.id;
    if (r.quote) {
      legacy.is_quote_status = true;
      legacy.quoted_status_id_str = post.id;
      legacy.quoted_status_permalink = { expanded: `https://x.com/${user.handle}/status/${post.id}`, url: `https://t.co/q${post.id.slice(-8)}` };
    } else {
      legacy.in_reply_to_status_id_str = post.id;
      legacy.in_reply_to_screen_name = user.handle;
      legacy.in_reply_to_user_id_str = user.restId;
    }
    entries.push({
      content: {
        __typename: 'TimelineTimelineModule',
        clientEventInfo: { details: { conversationDetails: { conversationSection: 'HighQuality' } } },
        displayType: 'VerticalConversation',
        entryType: 'TimelineTimelineModule',
        items: [{ entryId: `conversationthread-${r.post.id}-tweet-${r.post.id}`, item: { itemContent: { __typename: 'TimelineTweet', itemType: 'TimelineTweet', tweetDisplayType: 'Tweet', tweet_results: { result: t } } } }],
      },
      entryId: `conversationthread-${r.post.id}`,
      sortIndex: r.post.id,
    });
  }
  return entries;
}
