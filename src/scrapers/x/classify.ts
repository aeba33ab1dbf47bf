// What an answer of X's GraphQL API says about the account. 429, expired sessions, guest-token
// failures, server-side timeouts (`DeadlineExceeded` with an empty user) and unreadable answers are
// no-verdict states and never become takedown events. Pure.
import type { FetchedPage, PageState } from '../types.js';
import { operationOf, type Operation } from './graphql.js';
import { at, errorsOf, parseJson, str, type GqlError, type Obj } from './json.js';
import { readTimeline } from './timeline.js';
import { readTweetResult } from './tweet.js';
import { readUser, userResultOf, WITHHELD_NOTICE } from './user.js';

export interface Classification {
  state: PageState;
  reason?: string;
}

// v1.1/GraphQL error codes: 88 rate limit; 32 "Could not authenticate you", 215 bad authentication
// data, 239 bad guest token, 200 forbidden, 326 account locked (the session's, not the target's).
const RATE_CODES = new Set([88]);
const AUTH_CODES = new Set([32, 200, 215, 239, 326]);
const LIMIT_PROMPT = /reached the limit for seeing posts/i;

const header = (h: Record<string, string>, name: string): string | undefined => {
  for (const k of Object.keys(h)) if (k.toLowerCase() === name) return h[k];
  return undefined;
};

export function classifyX(p: FetchedPage): Classification {
  if (p.status === 429) {
    const reset = header(p.headers, 'x-rate-limit-reset');
    return { state: 'rate_limited', reason: `HTTP 429 from X${reset ? ` (x-rate-limit-reset ${reset})` : ''}` };
  }
  const j = parseJson(p.body);
  const errs = j ? errorsOf(j) : [];
  if (p.status === 401 || p.status === 403) return { state: 'login_wall', reason: `HTTP ${p.status}${errs[0] ? `: ${describe(errs[0])}` : ''}: session expired or guest token refused` };
  if (p.status < 200 || p.status >= 300) return { state: 'unknown', reason: `HTTP ${p.status}` };
  if (/\/(i\/flow\/)?login\b/.test(safePath(p.finalUrl))) return { state: 'login_wall', reason: 'redirected to the login page' };
  const op = operationOf(p.finalUrl) ?? operationOf(p.url);
  if (!op) return { state: 'unknown', reason: 'not an X GraphQL answer' };
  if (!j) return { state: 'unknown', reason: 'not JSON: unreadable or cut-off answer' };
  // X's in-band daily limit: a 200 timeline holding only a prompt (wherever the timeline sits).
  if (op === 'UserTweets' && p.body.includes('reached the limit for seeing posts')) return { state: 'rate_limited', reason: 'You have reached the limit for seeing posts today.' };
  return classifyJson(op, j, errs);
}

export function classifyJson(op: Operation, j: Obj, errs: GqlError[] = errorsOf(j)): Classification {
  const rate = errs.find((e) => e.code !== undefined && RATE_CODES.has(e.code));
  if (rate) return { state: 'rate_limited', reason: describe(rate) };
  const auth = errs.find((e) => e.code !== undefined && AUTH_CODES.has(e.code));
  if (auth) return { state: 'login_wall', reason: `${describe(auth)}: session expired or guest token refused` };
  if (op === 'UserByScreenName') return classifyUser(j, errs);
  if (op === 'UserTweets') return classifyTimeline(j, errs);
  const t = readTweetResult(at(j, 'data', 'tweetResult', 'result'));
  // A single post says nothing definite about the account (as Telegram's embed): the post's own state is parsePost's.
  return t.kind === 'tweet' ? { state: 'ok', reason: 'a single post' } : { state: 'unknown', reason: 'single-post answer without a post' };
}

function classifyUser(j: Obj, errs: GqlError[]): Classification {
  const result = userResultOf(j);
  const type = str(at(result, '__typename'));
  if (type === 'UserUnavailable') return unavailable(result);
  if (type === 'User') {
    const u = readUser(result);
    if (!u) return { state: 'unknown', reason: 'user without rest_id or screen_name' };
    // A viewer in a withholding country sees the notice in place of the bio (the account is there elsewhere).
    const notice = u.description ? WITHHELD_NOTICE.exec(u.description) : null;
    if (notice) return { state: 'geo_blocked', reason: `withheld in ${u.withheldIn.length ? u.withheldIn.join(', ') : notice[1]}: ${u.description}` };
    if (u.protected) return { state: 'private', reason: 'protected account: posts visible to approved followers only' };
    if (u.interstitial) return { state: 'restricted', reason: `X shows a warning before the profile (profile_interstitial_type "${u.interstitial}")` };
    return u.withheldIn.length ? { state: 'ok', reason: `withheld in ${u.withheldIn.join(', ')}; visible from this vantage point` } : { state: 'ok' };
  }
  if (result !== undefined) return { state: 'unknown', reason: `unexpected user result ${type ?? '(no __typename)'}` };
  // No user at all: "not found" only from a clean answer; with errors[] (DeadlineExceeded, ServiceLevel) it is a failure.
  if (errs.length > 0) return { state: 'unknown', reason: `no user, with errors: ${errs.map(describe).join('; ')}` };
  if (at(j, 'data') === undefined) return { state: 'unknown', reason: 'answer without data' };
  return { state: 'not_found', reason: 'UserByScreenName answered no user: the handle is free or the account was deleted' };
}

function classifyTimeline(j: Obj, errs: GqlError[]): Classification {
  const result = userResultOf(j);
  if (str(at(result, '__typename')) === 'UserUnavailable') return unavailable(result);
  const tl = readTimeline(j);
  if (tl.prompts.some((t) => LIMIT_PROMPT.test(t))) return { state: 'rate_limited', reason: tl.prompts.find((t) => LIMIT_PROMPT.test(t)) };
  if (!tl.found) return { state: 'unknown', reason: errs.length ? `no timeline, with errors: ${errs.map(describe).join('; ')}` : 'answer without a timeline' };
  if (tl.top.length > 0 || tl.pinned !== undefined) return { state: 'ok' };
  return { state: 'empty', reason: 'timeline without posts' };
}

/** `UserUnavailable`: "Suspended" is a suspension (X also answers it transiently for live accounts: confirmation decides); anything else no verdict. */
function unavailable(result: unknown): Classification {
  const reason = str(at(result, 'reason'));
  const message = str(at(result, 'message'));
  if (reason && /suspend/i.test(reason)) return { state: 'suspended', reason: message ?? 'User is suspended' };
  return { state: 'unknown', reason: `UserUnavailable${reason ? ` (${reason})` : ''}${message ? `: ${message}` : ''}` };
}

const describe = (e: GqlError): string => [e.code !== undefined ? `(${e.code})` : '', e.name ?? '', e.message].filter(Boolean).join(' ');

const safePath = (u: string): string => {
  try {
    return new URL(u).pathname;
  } catch {
    return '';
  }
};
