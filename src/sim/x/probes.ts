// What the shadow-ban probes read on the simulated X (pure renderers):
// - SearchTimeline: `data.search_by_raw_query.search_timeline.timeline.instructions` with `tweet-…`
//   entries and Top/Bottom cursors, the shape twscrape recorded (test/fixtures/x/twscrape/raw_search.json);
// - TweetDetail: `data.threaded_conversation_with_injections_v2.instructions`: the focal post, one
//   `conversationthread-…` module per reply, as recorded in raw_tweet_details.json; replies of a
//   reply-deboosted account sit behind a `ShowMoreThreads` cursor item (cursor types from
//   shadowban-eu/testing `tests/reply_deboosting.py`; the item's wrapper is modelled);
// - typeahead (`1.1/search/typeahead.json`): `{num_results, users[{screen_name,…}], topics, …}`,
//   the answer shadowban-eu/testing `tests/typeahead.py` reads (modelled: no recording stored).
import type { XSimPost, XSimUser, XWorld } from './model.js';
import { crowdThreadEntries, cursorEntry, cursorValue, tweetEntry, tweetResult } from './render.js';

type J = Record<string, unknown>;

/** `from:handle` and an optional quoted phrase, as the scraper sends them. */
export function readQuery(raw: string): { from?: string; phrase?: string } {
  const from = /(?:^|\s)from:@?(\w{1,15})/i.exec(raw)?.[1]?.toLowerCase();
  const phrase = /"([^"]+)"/.exec(raw)?.[1]?.replace(/\s+/g, ' ').trim();
  return { ...(from ? { from } : {}), ...(phrase ? { phrase } : {}) };
}

const live = (u: XSimUser): boolean => u.state === 'ok' && !u.protected;

/**
 * A timeline entry as the search and conversation recordings have it: their clientEventInfo has no
 * injectionType, their tweets no quick_promote_eligibility and no empty `entities.urls`.
 */
function asRecorded(entry: J, component: string): J {
  const content = entry.content as J;
  content.clientEventInfo = { component, element: 'tweet' };
  const result = ((content.itemContent as J).tweet_results as J).result as J;
  delete result.quick_promote_eligibility;
  const entities = (result.legacy as J).entities as J;
  if (Array.isArray(entities.urls) && entities.urls.length === 0) delete entities.urls;
  return entry;
}

/**
 * Search `from:` an account (and a phrase): its live posts older than the index lag, newest first;
 * nothing of an account X keeps out of search.
 */
export function renderSearch(world: XWorld, raw: string, viewer: string, nowMs: number, indexLagMs: number, count = 20): J {
  const q = readQuery(raw);
  const u = q.from ? world.users.get(q.from) : undefined;
  const hits: { user: XSimUser; post: XSimPost }[] = [];
  if (u && live(u) && !u.shadow.search && !u.withheldIn.includes(viewer)) {
    for (const p of [...u.posts].reverse()) {
      // Posts of one burst are stamped a few ms apart, the last ones just ahead of the clock: with no
      // index lag every post is searchable at once, whatever its stamp.
      if (p.deleted || p.retweetOf || (indexLagMs > 0 && nowMs - Date.parse(p.createdAt) < indexLagMs)) continue;
      if (q.phrase && !p.text.replace(/\s+/g, ' ').includes(q.phrase)) continue;
      hits.push({ user: u, post: p });
      if (hits.length >= count) break;
    }
  }
  const entries: J[] = hits.map((h) => asRecorded(tweetEntry(h.post.id, tweetResult(h.user, h.post, undefined, viewer)), 'latest_nightowl_recency'));
  entries.push(cursorEntry('Top', cursorValue(hits[0]?.post.id ?? '0', false), '9223372036854775807'), cursorEntry('Bottom', cursorValue(hits[hits.length - 1]?.post.id ?? '0', true), '0'));
  return { data: { search_by_raw_query: { search_timeline: { timeline: { instructions: [{ type: 'TimelineAddEntries', entries }] } } } } };
}

const bare = (result: J): J => {
  delete result.quick_promote_eligibility;
  const entities = (result.legacy as J).entities as J;
  if (Array.isArray(entities.urls) && entities.urls.length === 0) delete entities.urls;
  return result;
};

const threadEntry = (u: XSimUser, p: XSimPost, viewer: string): J => ({
  content: {
    __typename: 'TimelineTimelineModule',
    clientEventInfo: { details: { conversationDetails: { conversationSection: 'HighQuality' } } },
    displayType: 'VerticalConversation',
    entryType: 'TimelineTimelineModule',
    items: [{ entryId: `conversationthread-${p.id}-tweet-${p.id}`, item: { itemContent: { __typename: 'TimelineTweet', itemType: 'TimelineTweet', tweetDisplayType: 'Tweet', tweet_results: { result: bare(tweetResult(u, p, undefined, viewer)) } } } }],
  },
  entryId: `conversationthread-${p.id}`,
  sortIndex: p.id,
});

const showMore = (parent: string): J => ({
  content: {
    __typename: 'TimelineTimelineItem',
    entryType: 'TimelineTimelineItem',
    itemContent: { __typename: 'TimelineTimelineCursor', itemType: 'TimelineTimelineCursor', cursorType: 'ShowMoreThreads', displayTreatment: { actionText: 'Show more replies' }, value: cursorValue(parent, true) },
  },
  entryId: `cursor-showmorethreads-${parent}`,
  sortIndex: '1',
});

/** TweetDetail of a post: the post, its live replies; replies of reply-deboosted accounts behind "show more". */
export function renderTweetDetail(world: XWorld, focal: string, viewer: string): J {
  const found = world.findPost(focal);
  if (!found || found.post.deleted || !live(found.user)) {
    // The recorded answer for a post that does not exist (opentween Error_NotFound.json).
    return { data: {}, errors: [{ code: 144, kind: 'NonFatal', message: '_Missing: No status found with that ID.', name: 'GenericError', source: 'Server', tracing: { trace_id: '0' } }] };
  }
  const replies: { user: XSimUser; post: XSimPost }[] = [];
  for (const user of world.users.values()) {
    if (!live(user)) continue;
    for (const post of user.posts) if (post.inReplyTo?.id === focal && !post.deleted) replies.push({ user, post });
  }
  replies.sort((a, b) => (BigInt(a.post.id) < BigInt(b.post.id) ? -1 : 1));
  const shown = replies.filter((r) => !r.user.shadow.reply);
  const focalResult = tweetResult(found.user, found.post, undefined, viewer);
  // What X counts under the post: every reply, hidden or not, crowds included (quotes are not replies).
  (focalResult.legacy as J).reply_count = replies.length + (found.post.replies ?? []).filter((r) => !r.quote).length;
  const entries: J[] = [asRecorded(tweetEntry(found.post.id, focalResult), 'tweet'), ...shown.map((r) => threadEntry(r.user, r.post, viewer))];
  entries.push(...crowdThreadEntries(found.user, found.post, viewer)); // bot farms and surges (src/sim/crowds.ts)
  if (shown.length < replies.length) entries.push(showMore(focal));
  return { data: { threaded_conversation_with_injections_v2: { instructions: [{ type: 'TimelineClearCache' }, { type: 'TimelineAddEntries', entries }, { type: 'TimelineTerminateTimeline', direction: 'Top' }] } } };
}

/** Typeahead users for `q` (`@handle`): accounts whose handle starts with it, without suggestion-banned ones. */
export function renderTypeahead(world: XWorld, q: string): J {
  const prefix = q.replace(/^@/, '').toLowerCase();
  const users = prefix
    ? [...world.users.values()].filter((u) => live(u) && !u.shadow.suggestion && u.handle.toLowerCase().startsWith(prefix)).slice(0, 10)
    : [];
  return {
    num_results: users.length,
    users: users.map((u) => ({
      id: Number(u.restId),
      id_str: u.restId,
      verified: false,
      ext_is_blue_verified: false,
      badges: [],
      is_dm_able: false,
      can_media_tag: true,
      name: u.name,
      screen_name: u.handle,
      profile_image_url: `http://pbs.twimg.com/profile_images/${u.restId}/a_normal.jpg`,
      profile_image_url_https: `https://pbs.twimg.com/profile_images/${u.restId}/a_normal.jpg`,
      location: '',
      is_protected: u.protected,
      rounded_score: 0,
      social_proof: 0,
      connecting_user_count: 0,
      connecting_user_ids: [],
      social_context: { following: false, followed_by: false },
      tokens: [],
      inline: false,
    })),
    topics: [],
    events: [],
    lists: [],
    ordered_sections: [],
    oneclick: [],
    hashtags: [],
    completed_in: 0.002,
    query: q,
  };
}
