// Shadow-ban probes on X, after shadowban.eu (shadowban-eu/testing `tests/{search,typeahead,
// reply_deboosting}.py`): the search for `from:@handle` and for an exact phrase (SearchTimeline,
// the answer twscrape recorded as test/fixtures/x/twscrape/raw_search.json); the logged-out
// typeahead for `@handle` (`1.1/search/typeahead.json`, banned when no exact screen_name comes
// back); the conversation of one of the account's replies (TweetDetail, recorded as
// raw_tweet_details.json): in the first page = shown, only behind a `ShowMoreThreads` /
// `ShowMoreThreadsPrompt` cursor = hidden, nowhere = missing. Any failure is no verdict. Pure.
import type { FetchedPage, FetchStep, PostRecord, ReplyProbe, SearchProbe, SearchQuery, SuggestionProbe, TargetRef } from '../types.js';
import { graphqlUrlOf } from './graphql.js';
import { arr, at, errorsOf, isObj, obj, parseJson, str, type Obj } from './json.js';
import { readTweetResult, toPost } from './tweet.js';
import type { XSettings } from './settings.js';

type S = Pick<XSettings, 'baseUrl' | 'queryIds'>;

/** Search answers on the first page (X's `count`). */
const SEARCH_COUNT = 20;

export function planSearch(t: TargetRef, s: S, q: SearchQuery): FetchStep {
  // Exact phrases are quoted and scoped to the account (its own post must come back).
  const rawQuery = q.kind === 'handle' ? `from:${t.key}` : `"${q.text.replace(/"/g, ' ')}" from:${t.key}`;
  const variables = { rawQuery, count: SEARCH_COUNT, querySource: 'typed_query', product: 'Latest' };
  return { via: 'http', url: graphqlUrlOf(s.baseUrl, s.queryIds.SearchTimeline, 'SearchTimeline', variables), purpose: 'probe', needsSession: true };
}

export function planTypeahead(t: TargetRef, s: S): FetchStep {
  const q = new URLSearchParams({ src: 'search_box', result_type: 'users', q: `@${t.key}` });
  return { via: 'http', url: `${s.baseUrl.replace(/\/+$/, '')}/i/api/1.1/search/typeahead.json?${q.toString()}`, purpose: 'probe' };
}

/** The conversation the reply belongs to: TweetDetail of the post it answers. */
export function planConversation(_t: TargetRef, s: S, reply: PostRecord): FetchStep | undefined {
  const parent = reply.replyTo ? /\/status\/(\d+)/.exec(reply.replyTo.url)?.[1] : undefined;
  if (!parent) return undefined;
  const variables = { focalTweetId: parent, with_rux_injections: false, rankingMode: 'Relevance', includePromotedContent: false, withCommunity: true, withVoice: true };
  return { via: 'http', url: graphqlUrlOf(s.baseUrl, s.queryIds.TweetDetail, 'TweetDetail', variables), purpose: 'probe' };
}

/** Why an answer says nothing (429, walls, errors, non-JSON), or undefined with its JSON. */
function failure(p: FetchedPage): { reason: string } | { j: Obj } {
  if (p.status === 429) return { reason: 'HTTP 429 from X' };
  if (p.status === 401 || p.status === 403) return { reason: `HTTP ${p.status}: login wall (session expired or refused)` };
  if (p.status < 200 || p.status >= 300) return { reason: `HTTP ${p.status}` };
  const j = parseJson(p.body);
  if (!j) return { reason: 'not JSON: unreadable or cut-off answer' };
  const errs = errorsOf(j);
  if (errs.length) return { reason: `errors: ${errs.map((e) => `${e.code ?? ''} ${e.name ?? ''} ${e.message}`.trim()).join('; ')}` };
  return { j };
}

const LIMIT = /reached the limit for seeing posts/i;

interface Entries {
  tweets: Obj[];
  cursors: string[];
  prompts: string[];
}

/** Tweets (top-level and inside conversation modules), cursor types and prompts of a timeline. */
function entriesOf(instructions: unknown): Entries {
  const out: Entries = { tweets: [], cursors: [], prompts: [] };
  const item = (content: unknown): void => {
    const ic = obj(at(content, 'itemContent')) ?? obj(at(content, 'item', 'itemContent'));
    const type = str(ic?.__typename) ?? str(ic?.itemType);
    if (type === 'TimelineTweet') {
      const t = readTweetResult(at(ic, 'tweet_results', 'result'));
      if (t.kind === 'tweet') out.tweets.push(t.tweet);
    } else if (type === 'TimelineTimelineCursor') {
      const c = str(ic?.cursorType);
      if (c) out.cursors.push(c);
    } else if (type === 'TimelineMessagePrompt') {
      out.prompts.push([str(at(ic, 'content', 'headerText')), str(at(ic, 'content', 'bodyText'))].filter(Boolean).join(' '));
    }
  };
  for (const ins of arr(instructions)) {
    if (!isObj(ins)) continue;
    const entries = str(ins.type) === 'TimelineAddEntries' ? arr(ins.entries) : str(ins.type) === 'TimelineReplaceEntry' ? [ins.entry] : [];
    for (const e of entries) {
      const content = obj(at(e, 'content'));
      const kind = str(content?.entryType) ?? str(content?.__typename);
      if (kind === 'TimelineTimelineCursor') {
        const c = str(content?.cursorType);
        if (c) out.cursors.push(c);
      } else if (kind === 'TimelineTimelineModule') for (const it of arr(content?.items)) item(it);
      else if (kind === 'TimelineTimelineItem') item(content);
    }
  }
  return out;
}

export function parseSearch(p: FetchedPage, t: TargetRef): SearchProbe {
  const f = failure(p);
  if ('reason' in f) return { state: 'no_verdict', keys: [], reason: f.reason };
  const tl = at(f.j, 'data', 'search_by_raw_query', 'search_timeline', 'timeline');
  if (!isObj(tl) || !Array.isArray(tl.instructions)) return { state: 'no_verdict', keys: [], reason: 'answer without a search timeline' };
  const e = entriesOf(tl.instructions);
  const limit = e.prompts.find((x) => LIMIT.test(x));
  if (limit) return { state: 'no_verdict', keys: [], reason: limit };
  const keys = e.tweets.map((tw) => toPost(tw, t.key)?.key).filter((k): k is string => k !== undefined);
  return { state: 'ok', keys: [...new Set(keys)] };
}

export function parseTypeahead(p: FetchedPage, t: TargetRef): SuggestionProbe {
  const f = failure(p);
  if ('reason' in f) return { state: 'no_verdict', found: false, reason: f.reason };
  if (!Array.isArray(f.j.users)) return { state: 'no_verdict', found: false, reason: 'typeahead answer without users' };
  const found = arr(f.j.users).some((u) => str(at(u, 'screen_name'))?.toLowerCase() === t.key);
  return { state: 'ok', found };
}

export function parseConversation(p: FetchedPage, t: TargetRef, reply: PostRecord): ReplyProbe {
  const f = failure(p);
  if ('reason' in f) return { state: 'no_verdict', reason: f.reason };
  const tl = at(f.j, 'data', 'threaded_conversation_with_injections_v2');
  if (!isObj(tl) || !Array.isArray(tl.instructions)) return { state: 'no_verdict', reason: 'answer without a conversation' };
  const e = entriesOf(tl.instructions);
  if (e.tweets.some((tw) => toPost(tw, t.key)?.key === reply.key)) return { state: 'ok', placement: 'shown' };
  if (e.cursors.some((c) => c === 'ShowMoreThreads' || c === 'ShowMoreThreadsPrompt')) return { state: 'ok', placement: 'hidden' };
  // A longer conversation may list it on a later page: only a complete one says "missing".
  if (e.cursors.includes('Bottom')) return { state: 'no_verdict', reason: 'conversation continues past the first page' };
  return { state: 'ok', placement: 'missing' };
}
