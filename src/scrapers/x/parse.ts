// X GraphQL answers -> Observation / PostProbe. Pure: bytes in, values out.
import { VigilError } from '../../errors.js';
import { cmpOrder, inRange, spanOf } from '../order.js';
import { NO_VERDICT_STATES, Observation, type FetchedPage, type PostProbe, type PostRecord, type TargetRef } from '../types.js';
import { classifyX } from './classify.js';
import { operationOf } from './graphql.js';
import { at, errorsOf, parseJson, type Obj } from './json.js';
import { readTimeline } from './timeline.js';
import { authorOf, readTweetResult, toPost } from './tweet.js';
import { channelOf, readUser, userResultOf } from './user.js';

/**
 * Parse a landing (UserByScreenName: the account, no posts) or listing (UserTweets: the posts)
 * answer. Throws VGL_PARSE_UNEXPECTED_MARKUP for no-verdict answers (call classify first).
 */
export function parseX(p: FetchedPage, t: TargetRef): Observation {
  const verdict = classifyX(p);
  const j = parseJson(p.body);
  if (NO_VERDICT_STATES.has(verdict.state) || !j) {
    throw new VigilError('VGL_PARSE_UNEXPECTED_MARKUP', `x: ${p.finalUrl} is not a parseable answer (${verdict.state}: ${verdict.reason ?? 'no reason'}); classify() before parse()`, {
      details: { url: p.finalUrl, status: p.status, state: verdict.state },
    });
  }
  const obs: Observation = { platform: t.platform, listingModel: 'range', target: t.key, url: p.finalUrl, state: verdict.state, posts: [], reachedStart: false };
  if (verdict.reason) obs.stateReason = verdict.reason;
  const op = operationOf(p.finalUrl) ?? operationOf(p.url);
  if (op === 'UserByScreenName') {
    const u = readUser(userResultOf(j));
    if (u) obs.channel = channelOf(u);
  } else if (op === 'UserTweets') {
    Object.assign(obs, listingOf(j, t));
  }
  return Observation.parse(obs);
}

/**
 * The account's posts on a timeline page. The range is spanned by the top-level entries only: they
 * list every post of the account in order (replies excepted: X lists them in another timeline).
 * Conversation modules are shown at X's discretion and the pinned post may be years old, so neither
 * vouches for anything: module posts are left out, the pinned post counts when inside the range.
 */
function listingOf(j: Obj, t: TargetRef): Pick<Observation, 'posts' | 'range' | 'olderCursor' | 'channel'> {
  const tl = readTimeline(j);
  const posts = new Map<string, PostRecord>();
  let owner: Obj | undefined;
  for (const r of tl.top) {
    const tw = readTweetResult(r);
    if (tw.kind !== 'tweet') continue;
    const post = toPost(tw.tweet, t.key);
    if (post && !posts.has(post.key)) {
      posts.set(post.key, post);
      owner ??= tw.tweet;
    }
  }
  const range = spanOf([...posts.values()].map((p) => p.order));
  const pin = readTweetResult(tl.pinned);
  if (pin.kind === 'tweet' && range) {
    const post = toPost(pin.tweet, t.key);
    if (post && !posts.has(post.key) && inRange(post.order, range)) posts.set(post.key, post);
  }
  const out: Pick<Observation, 'posts' | 'range' | 'olderCursor' | 'channel'> = { posts: [...posts.values()].sort((a, b) => cmpOrder(a.order, b.order)) };
  if (range) out.range = range;
  // X offers a Bottom cursor even past the last post: only a page with posts leads further back.
  if (range && tl.cursors.Bottom) out.olderCursor = tl.cursors.Bottom;
  const author = owner ? authorOf(owner) : undefined;
  if (author && author.screenName.toLowerCase() === t.key) out.channel = channelOf(author);
  return out;
}

// Tombstone texts: the author deleted it, or X removed it for a rule violation: the post is gone.
// "from a suspended account", "withheld", age and "limited by the author" tombstones are not deletions.
const GONE = /deleted by the (?:Post|Tweet) author|violated the (?:X|Twitter) Rules|no longer available|doesn[’']t exist/i;

/** Interpret TweetResultByRestId (or a TweetDetail error) for one post. */
export function parsePostX(p: FetchedPage, t: TargetRef, key: string): PostProbe {
  const c = classifyX(p);
  if (c.state === 'rate_limited' || c.state === 'login_wall' || p.status < 200 || p.status >= 300) return { state: 'no_verdict', reason: c.reason ?? `HTTP ${p.status}` };
  const j = parseJson(p.body);
  if (!j) return { state: 'no_verdict', reason: 'not JSON' };
  const errs = errorsOf(j);
  // TweetDetail's answer for an id that does not exist (code 144).
  if (errs.some((e) => e.code === 144 || /No status found with that ID/i.test(e.message))) return { state: 'missing', reason: '_Missing: No status found with that ID.' };
  const tr = at(j, 'data', 'tweetResult');
  const r = readTweetResult(at(tr, 'result'));
  if (r.kind === 'tweet') {
    const post = toPost(r.tweet, t.key);
    if (post && post.key === key) return { state: 'present', post };
    return { state: 'no_verdict', reason: `the answer shows post ${String(r.tweet.rest_id)} by another account or id, not ${t.key}/${key}` };
  }
  if (r.kind === 'tombstone') return GONE.test(r.text) ? { state: 'missing', reason: r.text } : { state: 'no_verdict', reason: `tombstone: ${r.text || '(no text)'}` };
  if (r.kind === 'unavailable') {
    // Protected, withheld, suspended (the account's state tells), age-gated: the post is not shown, not deleted.
    if (r.reason && /suspend/i.test(r.reason)) return { state: 'no_verdict', reason: `TweetUnavailable (${r.reason})`, accountState: 'suspended' };
    if (r.reason && /protect|withh|nsfw|age|login/i.test(r.reason)) return { state: 'no_verdict', reason: `TweetUnavailable (${r.reason})` };
    return { state: 'missing', reason: `TweetUnavailable${r.reason ? ` (${r.reason})` : ''}` };
  }
  // `{"data":{"tweetResult":{}}}`: the answer X gives for a deleted or never-existing id, without errors.
  if (tr !== undefined && errs.length === 0 && Object.keys(tr as object).length === 0) return { state: 'missing', reason: 'TweetResultByRestId answered no post' };
  return { state: 'no_verdict', reason: errs.length ? `errors: ${errs.map((e) => e.message).join('; ')}` : 'no post in the answer' };
}
