// shadowban_search on YouTube: the public results page `/results?search_query=…` for the channel's
// handle (`@handle`) and for the exact title of a recent video (quoted). The page embeds the answer
// as `var ytInitialData = {…};`: `contents.twoColumnSearchResultsRenderer.primaryContents.
// sectionListRenderer.contents[].itemSectionRenderer.contents[]` holding `videoRenderer` (videoId,
// title, ownerText/longBylineText runs with the owner's browseEndpoint {browseId, canonicalBaseUrl}),
// `channelRenderer` (channelId, navigationEndpoint.browseEndpoint.canonicalBaseUrl) and
// `playlistRenderer`; `backgroundPromoRenderer` "No results found" when nothing matched;
// `showingResultsForRenderer` / `didYouMeanRenderer` first when YouTube corrected the query (shapes:
// TeamNewPipe/NewPipeExtractor `extractor/src/main/java/org/schabi/newpipe/extractor/services/
// youtube/extractors/YoutubeSearchExtractor.java` collectStreamsFrom / isCorrectedSearch, and the
// recorded results page test/fixtures/youtube/newpipe/np-html-results-page-ytInitialData-ytcfg.json,
// whose empty query answered the "No results found" item). The 2026 `lockupViewModel` item is read
// too (its owner sits in the avatar's browseEndpoint). Any failure (429, Google's bot check, the
// consent interstitial, a page without results data) is no verdict. Pure.
import type { FetchedPage, FetchStep, PostRecord, SearchProbe, SearchQuery, TargetRef } from '../types.js';
import { arr, at, isObj, readAnswer, textOf, type Json } from './answer.js';
import { classifyYouTube } from './classify.js';
import { isChannelId } from './match.js';
import { titleOf } from './content.js';
import { videoItem } from './videos.js';

type HasBase = { baseUrl: string };

/** The handle as typed in YouTube's search box (`@name`), or the quoted exact title. */
export function planSearchYouTube(t: TargetRef, s: HasBase, q: SearchQuery): FetchStep | undefined {
  const text = q.kind === 'handle' ? handleOf(q.text, t.key) : `"${q.text.replace(/"/g, ' ').trim()}"`;
  if (!text || text === '""') return undefined;
  return { via: 'http', url: `${s.baseUrl.replace(/\/+$/, '')}/results?search_query=${encodeURIComponent(text)}`, purpose: 'probe' };
}

/** `@handle` from what the channel shows, else from the target key; a UC id alone has no handle to type. */
function handleOf(shown: string, key: string): string | undefined {
  const h = shown.trim() || key;
  if (h.startsWith('@')) return h;
  return isChannelId(h) ? undefined : `@${h}`;
}

/** The exact phrase of a video: its title (the post's text continues with the description). */
export const searchPhraseYouTube = (post: PostRecord): string => titleOf(post).replace(/\s+/g, ' ').trim();

/**
 * The latest publication time a video's age allows ("3 days ago" at fetch time). The listing keeps
 * the age text nowhere but in `order` (src/scrapers/youtube/age.ts: that very bound, in ms).
 */
export function publishedNoLaterThanYouTube(post: PostRecord): number | undefined {
  const n = Number(post.order);
  return Number.isSafeInteger(n) && n > 0 ? n : undefined;
}

interface Owner {
  browseId?: string;
  canonicalBaseUrl?: string;
}

const ownerOf = (v: unknown): Owner | undefined => {
  const e = at(v, 'runs', 0, 'navigationEndpoint', 'browseEndpoint');
  if (!isObj(e)) return undefined;
  return { ...(typeof e.browseId === 'string' ? { browseId: e.browseId } : {}), ...(typeof e.canonicalBaseUrl === 'string' ? { canonicalBaseUrl: e.canonicalBaseUrl } : {}) };
};

/** Whether an owner is the target: its UC id, `/@handle` or `/channel/UC…`; undefined when nothing says. */
function isTarget(o: Owner | undefined, key: string): boolean | undefined {
  if (!o || (!o.browseId && !o.canonicalBaseUrl)) return undefined;
  const k = key.toLowerCase();
  if (o.browseId && o.browseId.toLowerCase() === k) return true;
  const path = o.canonicalBaseUrl ? decodeURIComponent(o.canonicalBaseUrl).toLowerCase() : '';
  return path === `/${k}` || path === `/channel/${k}`;
}

function videoOwner(item: Json): Owner | undefined {
  const r = isObj(item.videoRenderer) ? item.videoRenderer : undefined;
  if (r) return ownerOf(r.ownerText) ?? ownerOf(r.longBylineText) ?? ownerOf(r.shortBylineText);
  const l = isObj(item.lockupViewModel) ? item.lockupViewModel : undefined;
  const e = at(l, 'metadata', 'lockupMetadataViewModel', 'image', 'decoratedAvatarViewModel', 'rendererContext', 'commandContext', 'onTap', 'innertubeCommand', 'browseEndpoint');
  return isObj(e) ? { ...(typeof e.browseId === 'string' ? { browseId: e.browseId } : {}), ...(typeof e.canonicalBaseUrl === 'string' ? { canonicalBaseUrl: e.canonicalBaseUrl } : {}) } : undefined;
}

function channelOwner(item: Json): Owner | undefined {
  const c = isObj(item.channelRenderer) ? item.channelRenderer : undefined;
  if (!c) return undefined;
  const url = at(c, 'navigationEndpoint', 'browseEndpoint', 'canonicalBaseUrl');
  return { ...(typeof c.channelId === 'string' ? { browseId: c.channelId } : {}), ...(typeof url === 'string' ? { canonicalBaseUrl: url } : {}) };
}

export function parseSearchYouTube(p: FetchedPage, t: TargetRef): SearchProbe {
  const no = (reason: string): SearchProbe => ({ state: 'no_verdict', keys: [], reason });
  if (p.status !== 200) {
    const c = classifyYouTube(p);
    return no(c.reason ?? `HTTP ${p.status}`);
  }
  const a = readAnswer(p);
  const results = a.data ? at(a.data, 'contents', 'twoColumnSearchResultsRenderer', 'primaryContents', 'sectionListRenderer', 'contents') : undefined;
  if (!Array.isArray(results)) {
    // Google's bot check and the consent interstitial come with HTTP 200 and no results data.
    const c = classifyYouTube(p);
    return no(c.state === 'ok' || c.state === 'empty' ? 'not a search results page' : (c.reason ?? c.state));
  }
  const items = results.flatMap((s) => arr(at(s, 'itemSectionRenderer', 'contents'))).filter(isObj);
  const corrected = items.some((i) => isObj(i.showingResultsForRenderer));
  const keys: string[] = [];
  let account = false;
  for (const item of items) {
    const v = videoItem(item);
    if (v && isTarget(videoOwner(item), t.key) !== false && !keys.includes(v.id)) keys.push(v.id);
    if (isTarget(channelOwner(item), t.key) === true) account = true;
  }
  // Results of a query YouTube replaced with its own spelling say nothing about the one asked.
  if (corrected && keys.length === 0 && !account) return no(`YouTube searched a corrected query instead: ${textOf(at(items.find((i) => isObj(i.showingResultsForRenderer)), 'showingResultsForRenderer', 'correctedQuery'))}`);
  return { state: 'ok', keys, account };
}
