// The videos a channel's Videos tab lists, in either item format: `videoRenderer` (and the older
// `gridVideoRenderer`) or the 2026 `lockupViewModel`. Both carry the id, the title, the relative
// age and the view count; only videoRenderer carries a description snippet. Pure.
import { arr, at, isObj, textOf, type Json } from './answer.js';

export interface VideoItem {
  id: string;
  title: string;
  /** Description snippet (videoRenderer only). */
  snippet?: string;
  /** Relative age as shown: "2 days ago", "Streamed 3 weeks ago". */
  ageText?: string;
  /** View count as shown: "5,204 views", "12k views", "No views". */
  viewsText?: string;
  /** Duration as shown: "4:28". */
  duration?: string;
  /** Thumbnail URL without its signed query. */
  thumb?: string;
}

export interface TabScan {
  /** A tab of the channel page is selected (the page is a channel page with tabs). */
  hasTabs: boolean;
  /** The selected tab is the Videos tab. */
  videosTab: boolean;
  items: VideoItem[];
  /** The tab offers a continuation (older videos exist beyond this page). */
  more: boolean;
  /** A `channelAgeGateRenderer` replaced the tab's content. */
  ageGate?: Json;
}

/** Scan the selected tab of a browse object (`contents.twoColumnBrowseResultsRenderer.tabs`). */
export function scanTabs(data: Json): TabScan {
  const tabs = arr(at(data, 'contents', 'twoColumnBrowseResultsRenderer', 'tabs'));
  const selected = tabs.map((t) => at(t, 'tabRenderer')).find((t) => isObj(t) && t.selected === true);
  if (!isObj(selected)) return { hasTabs: tabs.length > 0, videosTab: false, items: [], more: false };
  const url = String(at(selected, 'endpoint', 'commandMetadata', 'webCommandMetadata', 'url') ?? '');
  const videosTab = /\/videos\/?$/.test(url) || textOf(selected.title) === 'Videos';
  const out: TabScan = { hasTabs: true, videosTab, items: [], more: false };
  const content = isObj(selected.content) ? selected.content : {};
  for (const s of arr(at(content, 'sectionListRenderer', 'contents'))) {
    if (isObj(s) && isObj(s.channelAgeGateRenderer)) out.ageGate = s.channelAgeGateRenderer;
  }
  const entries = [
    ...arr(at(content, 'richGridRenderer', 'contents')),
    // Pre-2022 layout: sectionList → itemSection → gridRenderer.items.
    ...arr(at(content, 'sectionListRenderer', 'contents')).flatMap((s) => arr(at(s, 'itemSectionRenderer', 'contents')).flatMap((c) => arr(at(c, 'gridRenderer', 'items')))),
  ];
  const seen = new Set<string>();
  for (const e of entries) {
    if (!isObj(e)) continue;
    if (isObj(e.continuationItemRenderer)) {
      out.more = true;
      continue;
    }
    const inner = isObj(e.richItemRenderer) ? at(e.richItemRenderer, 'content') : e;
    const item = videoItem(inner);
    if (item && !seen.has(item.id)) {
      seen.add(item.id);
      out.items.push(item);
    }
  }
  return out;
}

/** One grid entry → a video, or undefined (shorts shelves, playlists, ads). */
export function videoItem(v: unknown): VideoItem | undefined {
  if (!isObj(v)) return undefined;
  const r = isObj(v.videoRenderer) ? v.videoRenderer : isObj(v.gridVideoRenderer) ? v.gridVideoRenderer : undefined;
  if (r) return fromRenderer(r);
  if (isObj(v.lockupViewModel)) return fromLockup(v.lockupViewModel);
  return undefined;
}

function fromRenderer(r: Json): VideoItem | undefined {
  const id = typeof r.videoId === 'string' ? r.videoId : undefined;
  if (!id) return undefined;
  const out: VideoItem = { id, title: textOf(r.title) };
  const snippet = textOf(r.descriptionSnippet);
  if (snippet) out.snippet = snippet;
  const age = textOf(r.publishedTimeText);
  if (age) out.ageText = age;
  const views = textOf(r.viewCountText);
  if (views) out.viewsText = views;
  const duration = textOf(r.lengthText);
  if (duration) out.duration = duration;
  const thumb = thumbOf(arr(at(r, 'thumbnail', 'thumbnails')));
  if (thumb) out.thumb = thumb;
  return out;
}

function fromLockup(l: Json): VideoItem | undefined {
  if (l.contentType !== undefined && l.contentType !== 'LOCKUP_CONTENT_TYPE_VIDEO') return undefined;
  const id = typeof l.contentId === 'string' ? l.contentId : undefined;
  if (!id) return undefined;
  const meta = at(l, 'metadata', 'lockupMetadataViewModel');
  const out: VideoItem = { id, title: textOf(at(meta, 'title')) };
  const parts = arr(at(meta, 'metadata', 'contentMetadataViewModel', 'metadataRows')).flatMap((row) => arr(at(row, 'metadataParts')).map((p) => textOf(at(p, 'text'))));
  const age = parts.find((p) => /\bago\b/i.test(p));
  if (age) out.ageText = age;
  const views = parts.find((p) => /\bviews?\b/i.test(p));
  if (views) out.viewsText = views;
  for (const o of arr(at(l, 'contentImage', 'thumbnailViewModel', 'overlays'))) {
    for (const b of arr(at(o, 'thumbnailBottomOverlayViewModel', 'badges'))) {
      const t = at(b, 'thumbnailBadgeViewModel', 'text');
      if (typeof t === 'string' && /^\d+(:\d\d)+$/.test(t)) out.duration = t;
    }
  }
  const thumb = thumbOf(arr(at(l, 'contentImage', 'thumbnailViewModel', 'image', 'sources')));
  if (thumb) out.thumb = thumb;
  return out;
}

/** The largest thumbnail's URL, without the signed query YouTube rotates. */
function thumbOf(list: unknown[]): string | undefined {
  const last = list[list.length - 1];
  const u = isObj(last) && typeof last.url === 'string' ? last.url : undefined;
  return u ? u.split('?')[0] : undefined;
}

const SUFFIX: Record<string, number> = { k: 1e3, m: 1e6, b: 1e9 };

/** "5,204 views" → 5204, "12k views" → 12000, "1.2M" → 1200000, "No views" → 0; else undefined. */
export function parseCount(text: string | undefined): number | undefined {
  if (!text) return undefined;
  if (/^\s*no\s+(views|subscribers)/i.test(text)) return 0;
  const m = /(\d[\d,.\u00a0\u202f ]*)\s*([kmb])?\b/i.exec(text);
  if (!m) return undefined;
  const raw = m[1].replace(/[\s\u00a0\u202f]/g, '').replace(/[.,]$/, '');
  const suffix = m[2]?.toLowerCase();
  if (suffix) return Math.round(Number(raw.replace(',', '.')) * SUFFIX[suffix]);
  const digits = raw.replace(/[,.]/g, '');
  return /^\d+$/.test(digits) ? Number(digits) : undefined;
}
