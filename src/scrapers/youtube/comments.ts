// A video's comments as interactions, read the way YouTube's own web client reads them: the watch
// page (`/watch?v=<id>`) holds, in ytInitialData's comment section (itemSectionRenderer with
// sectionIdentifier `comment-item-section`), a continuationItemRenderer whose
// continuationEndpoint.continuationCommand.token is POSTed to `/youtubei/v1/next`; that answer's
// header (commentsHeaderRenderer) has the count and a sort menu whose "Newest first" token is
// POSTed once more, so a fresh burst is not hidden under top comments. Sources: yt-dlp
// `yt_dlp/extractor/youtube/_video.py` (`_get_comments`, `_comment_entries`: header → sort menu
// subMenuItems[1] = newest; `extract_thread`), NewPipeExtractor `YoutubeCommentsExtractor`
// (initial token from `comment-item-section`, comments disabled = no token). The threads are
// parsed in comment-parse.ts. Three pages per video at most; every one is archived. Pure.
import type { FetchedPage, FetchStep, InteractionsProbe, PostRecord, TargetRef } from '../types.js';
import { arr, at, isObj, readAnswer, textOf, type Json } from './answer.js';
import { commentsOf, sortTokens } from './comment-parse.js';
import { videoState } from './player.js';

/** The WEB client version sent when the page names none (ytcfg INNERTUBE_CLIENT_VERSION). */
export const FALLBACK_CLIENT_VERSION = '2.20260520.01.00';

const noVerdict = (reason: string): InteractionsProbe => ({ state: 'no_verdict', interactions: [], reason });

/** The video's watch page (its ytInitialData holds the comments' continuation token). */
export function planInteractionsYouTube(_t: TargetRef, s: { baseUrl: string }, post: PostRecord): FetchStep | undefined {
  return { via: 'http', url: `${s.baseUrl.replace(/\/+$/, '')}/watch?v=${encodeURIComponent(post.key)}`, purpose: 'interactions' };
}

/** POST /youtubei/v1/next with a continuation token, as the WEB client sends it. */
export function nextStep(origin: string, token: string, clientVersion: string): FetchStep {
  return {
    via: 'http',
    method: 'POST',
    url: `${origin}/youtubei/v1/next?prettyPrint=false`,
    purpose: 'interactions',
    headers: { 'content-type': 'application/json', 'x-youtube-client-name': '1', 'x-youtube-client-version': clientVersion },
    body: JSON.stringify({ context: { client: { clientName: 'WEB', clientVersion, hl: 'en' } }, continuation: token }),
  };
}

/** The comment section of a watch page's ytInitialData: `itemSectionRenderer` of `comment-item-section`. */
export function commentSection(data: Json): Json | undefined {
  for (const c of arr(at(data, 'contents', 'twoColumnWatchNextResults', 'results', 'results', 'contents'))) {
    const sec = at(c, 'itemSectionRenderer');
    if (isObj(sec) && sec.sectionIdentifier === 'comment-item-section') return sec;
  }
  return undefined;
}

/** Longest continuation token sent on (real ones are a few hundred characters). */
const MAX_TOKEN = 4096;

const tokenOf = (item: unknown): string | undefined => {
  const t = at(item, 'continuationItemRenderer', 'continuationEndpoint', 'continuationCommand', 'token');
  return typeof t === 'string' && t !== '' && t.length <= MAX_TOKEN ? t : undefined;
};

/** The client version the page's ytcfg names, or the one an API answer reports (CSI `cver`). */
function clientVersionOf(text: string, data: Json | undefined): string {
  const m = /"INNERTUBE_(?:CONTEXT_)?CLIENT_VERSION"\s*:\s*"([\d.]+)"/.exec(text);
  if (m) return m[1]!;
  for (const sp of arr(at(data, 'responseContext', 'serviceTrackingParams'))) {
    for (const p of arr(at(sp, 'params'))) if (at(p, 'key') === 'cver' && typeof at(p, 'value') === 'string') return String(at(p, 'value'));
  }
  return FALLBACK_CLIENT_VERSION;
}

/** The watch page: where the comments are (`next`), `none` when they are turned off, else no verdict. */
function fromWatchPage(p: FetchedPage, origin: string): InteractionsProbe {
  const a = readAnswer(p);
  if (!a.data) return noVerdict(a.youtube ? 'watch page without ytInitialData' : 'not a YouTube watch page (consent, bot check or foreign answer)');
  if (a.player) {
    const v = videoState(a.player);
    if (v.state !== 'present') return noVerdict(`video ${v.state}${v.reason ? `: ${v.reason}` : ''}`);
  }
  const sec = commentSection(a.data);
  if (!sec) return noVerdict('watch page without a comment section');
  const token = arr(sec.contents).map(tokenOf).find((t) => t !== undefined);
  if (token) return { state: 'no_verdict', interactions: [], reason: 'comments are read from /youtubei/v1/next', next: nextStep(origin, token, clientVersionOf(a.text, a.data)) };
  // yt-dlp raises CommentsDisabled on the section's messageRenderer ("Comments are turned off.").
  // Its first run only: the second is the "Learn more" link (yt-dlp max_runs=1).
  const said = arr(sec.contents).map((c) => String(at(c, 'messageRenderer', 'text', 'runs', 0, 'text') ?? '') || textOf(at(c, 'messageRenderer', 'text'))).find((t) => t.trim() !== '');
  return said ? { state: 'none', interactions: [], reason: said.trim() } : noVerdict('comment section without a continuation or message');
}

export function parseInteractionsYouTube(p: FetchedPage, _t: TargetRef, post: PostRecord): InteractionsProbe {
  if (p.status !== 200) return noVerdict(`HTTP ${p.status}`);
  // The step's own origin (the configured baseUrl), never a redirect's: the POST goes there.
  const origin = new URL(p.url).origin;
  const a = readAnswer(p);
  if (a.form === 'html') return fromWatchPage(p, origin);
  if (a.form !== 'json' || !a.data) return noVerdict(a.apiError ? `API error ${a.apiError.code} ${a.apiError.status}` : 'not a YouTube answer');
  const sort = sortTokens(a.data);
  // The first answer sorts by top comments: ask once more for the newest first (yt-dlp comment_sort=new).
  if (sort.newest && sort.newest.length <= MAX_TOKEN && !sort.newestSelected) {
    return { state: 'no_verdict', interactions: [], reason: 'asking for the newest comments first', next: nextStep(origin, sort.newest, clientVersionOf('', a.data)) };
  }
  const read = commentsOf(a.data, { origin, videoId: post.key, fetchedAt: Date.parse(p.fetchedAt) });
  if (!read) return noVerdict('answer without comment threads');
  return { state: 'ok', interactions: read.interactions, ...(sort.total !== undefined ? { total: sort.total } : {}) };
}
