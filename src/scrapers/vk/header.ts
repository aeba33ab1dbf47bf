// The account header: title, screen name, avatar, counters and the numeric id that survives a
// rename (`vk:club24199209`, `vk:id1`). Mobile owner panel first, desktop profile as a fallback.
import type { CheerioAPI } from 'cheerio';
import type { ChannelInfo } from '../types.js';
import { tidy } from '../html-text.js';
import { ownerName } from './match.js';
import { backgroundUrl, parseVkCount, splitPostId } from './values.js';
import type { VkPage } from './page.js';

// Counter labels that count followers, in both UIs.
const FOLLOWERS = /^(?:followers|members|subscribers|подписчик|участник)/i;

export function channelOf(s: VkPage, fallbackName: string): ChannelInfo | undefined {
  const { $ } = s;
  if (!s.hasOwner && s.posts.length === 0) return undefined;
  const counters: Record<string, string> = {};
  $('a.pm_item').each((_, a) => {
    const x = $(a);
    const value = tidy(x.find('em.pm_counter').text());
    const label = tidy(x.clone().children('em').remove().end().text());
    if (value && label) counters[counterKey(label)] = value;
  });
  const posts = /^([\d,.\s\u00a0]+)\s+(?:posts?|запис)/i.exec(tidy($('h3.slim_header').text()))?.[1] ?? $('#page_wall_count_own').attr('value');
  if (posts) counters.posts = tidy(posts);
  const info: ChannelInfo = { username: screenName($) ?? fallbackName, counters };
  const title = tidy($('h2.op_header, .page_name').first().clone().find('b, a.page_verified').remove().end().text()) || titleOf(s.title);
  if (title) info.title = title;
  const about = $('dl.pinfo_row dd').first();
  if (about.length) {
    const c = about.clone();
    c.find('br').replaceWith('\n');
    const d = tidy(c.text());
    if (d) info.description = d;
  }
  const avatar = backgroundUrl($('.pp_img .Avatar__image, .owner_panel .Avatar__image').first().attr('style')) ?? $('#page_avatar img, img.pp_img').first().attr('src');
  if (avatar) info.avatarUrl = avatar;
  if ($('h2.op_header b.verified, .page_name .page_verified').length > 0) info.verified = true;
  const subs = Object.entries(counters).find(([k]) => FOLLOWERS.test(k));
  const n = subs ? parseVkCount(subs[1]) : undefined;
  if (n !== undefined) info.subscribers = n;
  const owner = ownerId(s);
  if (owner) info.channelId = `vk:${ownerName(owner)}`;
  return info;
}

/** The account's numeric owner id ("-24199209" for a community, "1" for a user). */
export function ownerId(s: VkPage): string | undefined {
  const { $ } = s;
  for (const el of s.posts.toArray()) {
    const x = $(el);
    const ref = splitPostId(x.find('a.post__anchor').attr('name')) ?? splitPostId(x.attr('id')) ?? splitPostId(x.find('[data-post-id]').first().attr('data-post-id'));
    if (ref) return ref.owner;
  }
  const href = $('a[href*="owner_id="]').first().attr('href');
  const m = href ? /owner_id=(-?\d{1,12})/.exec(href) : null;
  return m ? m[1] : undefined;
}

/** Screen name from the page's canonical URL (`https://vk.com/life` → "life"). */
function screenName($: CheerioAPI): string | undefined {
  const raw = $('#mcont').attr('data-canonical') ?? $('link[rel="canonical"]').attr('href');
  if (!raw) return undefined;
  try {
    const name = new URL(raw).pathname.split('/').filter(Boolean)[0];
    return name && /^[a-z0-9_.]{2,32}$/i.test(name) ? name.toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

const titleOf = (title: string): string => title.replace(/\s*\|\s*(?:vk|вконтакте)$/i, '').trim();

/** "Followers" → "followers", "Discussion board" → "discussion_board". */
const counterKey = (label: string): string => label.trim().toLowerCase().replace(/\s+/g, '_');
