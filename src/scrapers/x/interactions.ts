// A post's replies (and quotes shown in its conversation) as interactions: TweetDetail, the
// conversation the web client opens under a post. Every reply's author carries what X shows of it:
// handle, name, default picture or not, creation time, followers (the bot-farm traits the attack
// rules read). Pure. A missing conversation, an error or any non-200 is no verdict.
import type { FetchedPage, FetchStep, Interaction, InteractionsProbe, PostRecord, TargetRef } from '../types.js';
import { graphqlUrl } from './graphql.js';
import { arr, at, count, isObj, obj, parseJson, str, type Obj } from './json.js';
import type { XSettings } from './settings.js';
import { authorOf, readTweetResult, statusUrl } from './tweet.js';

/** TweetDetail for the post (retweets are someone else's post: none). */
export function planInteractionsX(_t: TargetRef, s: Pick<XSettings, 'baseUrl' | 'queryIds'>, post: PostRecord): FetchStep | undefined {
  if (post.forwardedFrom) return undefined;
  const variables = { focalTweetId: post.key, with_rux_injections: false, includePromotedContent: false, withCommunity: true, withQuickPromoteEligibilityTweetFields: false, withBirdwatchNotes: true, withVoice: true };
  return { via: 'http', url: graphqlUrl(s, 'TweetDetail', variables), purpose: 'interactions' };
}

const noVerdict = (reason: string): InteractionsProbe => ({ state: 'no_verdict', interactions: [], reason });

/** The tweet results a conversation lists: top-level items and the items of thread modules. */
function resultsOf(conv: Obj): unknown[] {
  const out: unknown[] = [];
  for (const ins of arr(conv.instructions)) {
    if (!isObj(ins) || str(ins.type) !== 'TimelineAddEntries') continue;
    for (const e of arr(ins.entries)) {
      const content = obj(at(e, 'content'));
      const items = str(content?.entryType) === 'TimelineTimelineModule' ? arr(content?.items).map((it) => at(it, 'item', 'itemContent')) : [content?.itemContent];
      for (const ic of items) if (str(at(ic, 'itemType')) === 'TimelineTweet' || str(at(ic, '__typename')) === 'TimelineTweet') out.push(at(ic, 'tweet_results', 'result'));
    }
  }
  return out;
}

export function parseInteractionsX(p: FetchedPage, t: TargetRef, post: PostRecord): InteractionsProbe {
  if (p.status !== 200) return noVerdict(`HTTP ${p.status}`);
  const j = parseJson(p.body);
  if (!j) return noVerdict('not JSON');
  const conv = obj(at(j, 'data', 'threaded_conversation_with_injections_v2'));
  if (!conv) return noVerdict(arr(j.errors).length ? 'errors without a conversation' : 'no conversation (post gone or unreadable)');
  const seen = new Set<string>();
  const interactions: Interaction[] = [];
  let focal: Obj | undefined;
  for (const r of resultsOf(conv)) {
    const tr = readTweetResult(r);
    if (tr.kind !== 'tweet') continue;
    const id = str(tr.tweet.rest_id)!;
    if (id === post.key) {
      focal = tr.tweet;
      continue;
    }
    if (seen.has(id)) continue;
    seen.add(id);
    const u = authorOf(tr.tweet);
    if (!u || u.screenName.toLowerCase() === t.key) continue; // the account's own replies are not interactions with it
    const legacy = obj(tr.tweet.legacy) ?? {};
    const created = Date.parse(str(legacy.created_at) ?? '');
    const replyTo = str(legacy.in_reply_to_status_id_str);
    interactions.push({
      kind: str(legacy.quoted_status_id_str) === post.key ? 'quote' : 'reply',
      key: id,
      url: statusUrl(u.screenName, id),
      author: {
        name: u.name ?? u.screenName,
        username: u.screenName,
        url: `https://x.com/${u.screenName}`,
        avatar: !u.defaultAvatar,
        ...(u.avatarUrl ? { avatarUrl: u.avatarUrl } : {}),
        ...(u.createdAt ? { createdAt: u.createdAt } : {}),
        ...(u.followers !== undefined ? { followers: u.followers } : {}),
      },
      text: (str(at(tr.tweet, 'note_tweet', 'note_tweet_results', 'result', 'text')) ?? str(legacy.full_text) ?? '').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&'),
      ...(Number.isFinite(created) ? { at: new Date(created).toISOString() } : {}),
      ...(replyTo && replyTo !== post.key ? { replyTo: { key: replyTo } } : {}),
    });
  }
  if (!focal) return noVerdict('the post is not in its conversation');
  const total = count(at(focal, 'legacy', 'reply_count'));
  return { state: 'ok', interactions, ...(total !== undefined ? { total } : {}) };
}
