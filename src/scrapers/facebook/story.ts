// One story (`<article data-ft>`) of Facebook's mobile markup → PostRecord. The data-ft JSON names
// the post (`top_level_post_id`) and its publication time (`page_insights.<page>.post_context.
// publish_time`); the text block is the story's `data-gt {"tn":"*s"}` element; attachments sit in
// `data-gt {"tn":"E"}` (photos) or carry `data-sigil="inlineVideo"`. Class names are obfuscated and
// rotate, so none is relied on. Pure.
import type { Cheerio, CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import { htmlToText } from '../html-text.js';
import { toOrder } from '../order.js';
import type { MediaRef, PostRecord } from '../types.js';

const WWW = 'https://www.facebook.com';
/** Query keys Facebook adds for its own tracking; a post's URL is the same without them. */
const TRACKING = ['__tn__', '__xts__', '__cft__', 'refid', 'ref', 'eav', 'paipv', '_rdr', 'refsrc', 'source', 'type', 'hc_ref', 'fref', 'rc', 'acontext', 'm_entstream_source', 'comment_tracking'];

interface StoryFt {
  top_level_post_id?: string | number;
  mf_story_key?: string | number;
  page_id?: string | number;
  page_insights?: Record<string, { post_context?: { publish_time?: number } }>;
}

export interface Story {
  post: PostRecord;
  pageId?: string;
}

export function ftOf(el: Cheerio<Element>): StoryFt | undefined {
  const raw = el.attr('data-ft');
  if (!raw) return undefined;
  try {
    const v = JSON.parse(raw) as unknown;
    return v !== null && typeof v === 'object' ? (v as StoryFt) : undefined;
  } catch {
    return undefined;
  }
}

function publishTime(ft: StoryFt): number | undefined {
  const insights = ft.page_insights ?? {};
  const own = ft.page_id !== undefined ? insights[String(ft.page_id)] : undefined;
  for (const e of [own, ...Object.values(insights)]) {
    const t = e?.post_context?.publish_time;
    if (typeof t === 'number' && Number.isFinite(t) && t > 0) return t;
  }
  return undefined;
}

/** An href of the mobile site as a clean www.facebook.com URL (external links unwrapped from l.php). */
export function cleanHref(href: string | undefined): string | null {
  if (!href) return null;
  let u: URL;
  try {
    u = new URL(href, WWW);
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  if (/(^|\.)facebook\.com$/i.test(u.hostname) && u.pathname === '/l.php') {
    const target = u.searchParams.get('u');
    return target && /^https?:\/\//i.test(target) ? target : null;
  }
  if (/(^|\.)facebook\.com$/i.test(u.hostname)) {
    for (const k of TRACKING) u.searchParams.delete(k);
    u.protocol = 'https:';
    u.hostname = 'www.facebook.com';
    u.port = '';
  }
  u.hash = '';
  return u.toString();
}

const attr = (k: string): string => `[data-gt='{"tn":"${k}"}']`;

/** The story as a post of Page `page` (the target key), or undefined when it names no post or no time. */
export function storyOf($: CheerioAPI, el: Cheerio<Element>, page: string): Story | undefined {
  const ft = ftOf(el);
  const id = ft?.top_level_post_id ?? ft?.mf_story_key;
  if (ft === undefined || id === undefined || !/^\d{1,25}$/.test(String(id))) return undefined;
  const time = publishTime(ft);
  // A story without its publication time cannot be placed in the Page's order.
  if (time === undefined) return undefined;
  const key = String(id);
  const body = el.find(attr('*s')).first();
  body.find('.text_exposed_hide, [aria-label="Open story"]').remove();
  const html = body.html() ?? '';
  const links = [...new Set(body.find('a[href]').toArray().map((a) => cleanHref($(a).attr('href'))).filter((u): u is string => u !== null))];
  const media: MediaRef[] = [];
  el.find(`${attr('E')} img`).each((_, img) => {
    const src = $(img).attr('src');
    if (src && !/\/rsrc\.php\//.test(src)) media.push({ type: 'photo', url: src });
  });
  if (el.find('[data-sigil~="inlineVideo"]').length > 0) media.push({ type: 'video' });
  const pageId = ft.page_id !== undefined ? String(ft.page_id) : undefined;
  return {
    post: {
      id: `${page}/${key}`,
      key,
      // Ids of photos, videos and stories interleave: the order is the publication time in ms.
      order: toOrder(time * 1000),
      url: `${WWW}/${page}/posts/${key}`,
      publishedAt: new Date(time * 1000).toISOString(),
      text: htmlToText(html),
      html,
      edited: false,
      links,
      media,
    },
    ...(pageId ? { pageId } : {}),
  };
}
