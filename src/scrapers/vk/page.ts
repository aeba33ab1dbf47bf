// One parse of a fetched VK page: the landmarks classify() and parse() both need. Memoised per
// body buffer so classify-then-parse decodes and parses the HTML once.
import { load, type Cheerio, type CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import type { FetchedPage } from '../types.js';
import { decodeBody } from './decode.js';

export interface VkPage {
  $: CheerioAPI;
  /** `<title>` as shown. */
  title: string;
  /** Whether the markup is VK's at all (mobile `#mcont`/`.basis` or desktop `#page_layout`). */
  isVk: boolean;
  /** Wall posts in document order: mobile `div.wall_item`, or desktop `div.post[id^=post]` (never comments). */
  posts: Cheerio<Element>;
  /** Text of VK's notice boxes (service messages, the desktop message page, deleted/blocked profile). */
  notices: string[];
  /** The account header: mobile owner panel or a desktop profile/group page. */
  hasOwner: boolean;
}

// Where VK puts a page-wide notice instead of content. Mobile: `.service_msg` (documented for the
// rate-limit text); desktop: `.message_page .body`, `.profile_deleted_text`, `.profile_blocked`, `#page_no_wall`.
const NOTICE = '.service_msg, .message_page .body, .profile_deleted, .profile_deleted_text, .profile_blocked, #page_no_wall, .groups_blocked, .wall_empty';

const cache = new WeakMap<Buffer, VkPage>();

export function scanPage(p: Pick<FetchedPage, 'body' | 'headers'>): VkPage {
  const hit = cache.get(p.body);
  if (hit) return hit;
  const page = scanHtml(decodeBody(p.headers, p.body));
  cache.set(p.body, page);
  return page;
}

export function scanHtml(html: string): VkPage {
  const $ = load(html);
  const posts = $('div.wall_item, div.post[id^="post"]').filter((_, el) => isWallPost($, el));
  const notices = $(NOTICE)
    .map((_, el) => squash($(el).text()))
    .get()
    .filter((t) => t.length > 0);
  return {
    $,
    title: squash($("title").first().text()),
    isVk: $('#mcont, #vk_wrap, .basis, #page_layout, #page_body, .service_msg, .message_page').length > 0,
    posts,
    notices,
    hasOwner: $('.owner_panel, .basisGroup__main, .basisProfile, #profile_info, #group, #public, .page_name, #page_avatar').length > 0,
  };
}

/** Desktop comments are `div.reply` with the same `post…` ids; a wall post is a `.post` that is not a reply. */
function isWallPost($: CheerioAPI, el: Element): boolean {
  const cls = ($(el).attr('class') ?? '').split(/\s+/);
  if (cls.includes('wall_item')) return true;
  return cls.includes('post') && !cls.includes('reply') && /^post-?\d+_\d+$/.test($(el).attr('id') ?? '');
}

export const squash = (s: string): string => s.replace(/[\s\u00a0]+/g, ' ').trim();
