// A GraphQL timeline (UserTweets) -> its entries: posts listed at the top level, the pinned post,
// conversation modules, cursors and in-band prompts. Pure.
import { arr, at, isObj, obj, str, type Obj } from './json.js';

export interface TimelineRead {
  /** The timeline object was there at all (an answer without one says nothing). */
  found: boolean;
  /** Tweet results listed as top-level `tweet-…` entries, newest first: the complete listing. */
  top: unknown[];
  /** The pinned entry's tweet result (TimelinePinEntry), if any. */
  pinned?: unknown;
  /** Tweet results inside modules (self-threads, "who to follow"): shown at X's discretion. */
  modules: unknown[];
  /** Cursor values by type (`Bottom` = older page, `Top` = newer). */
  cursors: Record<string, string>;
  /** Text of in-band prompts (e.g. "You have reached the limit for seeing posts today."). */
  prompts: string[];
}

/** `data.user.result.timeline.timeline` (current) or `.timeline_v2.timeline` (2023). */
export function timelineOf(j: Obj): Obj | undefined {
  const r = at(j, 'data', 'user', 'result');
  return obj(at(r, 'timeline', 'timeline')) ?? obj(at(r, 'timeline_v2', 'timeline'));
}

export function readTimeline(j: Obj): TimelineRead {
  const out: TimelineRead = { found: false, top: [], modules: [], cursors: {}, prompts: [] };
  const tl = timelineOf(j);
  if (!tl) return out;
  out.found = Array.isArray(tl.instructions);
  for (const ins of arr(tl.instructions)) {
    if (!isObj(ins)) continue;
    const type = str(ins.type);
    if (type === 'TimelinePinEntry') {
      const r = tweetResultOf(at(ins, 'entry', 'content', 'itemContent'));
      if (r !== undefined) out.pinned = r;
      continue;
    }
    const entries = type === 'TimelineAddEntries' ? arr(ins.entries) : type === 'TimelineReplaceEntry' ? [ins.entry] : [];
    for (const e of entries) readEntry(e, out);
  }
  return out;
}

function readEntry(e: unknown, out: TimelineRead): void {
  const entryId = str(at(e, 'entryId')) ?? '';
  const content = obj(at(e, 'content'));
  if (!content) return;
  const kind = str(content.entryType) ?? str(content.__typename);
  if (kind === 'TimelineTimelineCursor') {
    const t = str(content.cursorType);
    const v = str(content.value);
    if (t && v) out.cursors[t] = v;
    return;
  }
  if (kind === 'TimelineTimelineModule') {
    for (const it of arr(content.items)) {
      const r = tweetResultOf(at(it, 'item', 'itemContent'));
      if (r !== undefined) out.modules.push(r);
    }
    return;
  }
  if (kind !== 'TimelineTimelineItem') return;
  const item = obj(content.itemContent);
  if (str(item?.__typename) === 'TimelineMessagePrompt' || str(item?.itemType) === 'TimelineMessagePrompt') {
    const text = [str(at(item, 'content', 'headerText')), str(at(item, 'content', 'bodyText'))].filter(Boolean).join(' ');
    if (text) out.prompts.push(text);
    return;
  }
  // Promoted posts are ads placed in the timeline, not the account's.
  if (!entryId.startsWith('tweet-') || item?.promotedMetadata !== undefined) return;
  const r = tweetResultOf(item);
  if (r !== undefined) out.top.push(r);
}

const tweetResultOf = (itemContent: unknown): unknown => {
  const t = str(at(itemContent, '__typename')) ?? str(at(itemContent, 'itemType'));
  return t === 'TimelineTweet' ? at(itemContent, 'tweet_results', 'result') : undefined;
};
