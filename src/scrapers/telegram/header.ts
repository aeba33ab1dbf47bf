// Channel header: from the t.me/s side column, or from the t.me/name landing page.
import type { ChannelInfo } from '../types.js';
import { attr, byClass, findAll, findFirst, hasClass, textOf, type Element } from './dom.js';
import type { PageScan } from './page.js';
import { channelIdFrom, counterKey, parseCount } from './values.js';

export function channelFromScan(s: PageScan, fallbackUsername: string): ChannelInfo | undefined {
  const info = s.one('tgme_channel_info');
  if (info) return fromPreview(info, s, fallbackUsername);
  if (s.one('tgme_page') && s.one('tgme_page_title')) return fromLanding(s, fallbackUsername);
  return undefined;
}

function fromPreview(info: Element, s: PageScan, fallbackUsername: string): ChannelInfo {
  const header = findFirst(info, byClass('tgme_channel_info_header')) ?? info;
  const counters: Record<string, string> = {};
  for (const c of findAll(info, byClass('tgme_channel_info_counter'))) {
    const value = textOf(findFirst(c, byClass('counter_value')));
    const type = textOf(findFirst(c, byClass('counter_type')));
    if (value && type) counters[counterKey(type)] = value;
  }
  const out: ChannelInfo = {
    username: usernameOf(textOf(findFirst(header, byClass('tgme_channel_info_header_username')))) ?? fallbackUsername,
    counters,
  };
  const title = textOf(findFirst(header, byClass('tgme_channel_info_header_title')));
  if (title) out.title = title;
  const description = textOf(findFirst(info, byClass('tgme_channel_info_description')));
  if (description) out.description = description;
  const avatar = findFirst(header, (e) => e.name === 'img' && e.attribs.src !== undefined);
  const avatarUrl = attr(avatar, 'src');
  if (avatarUrl) out.avatarUrl = avatarUrl;
  out.verified = findFirst(header, (e) => hasClass(e, 'verified-icon')) !== undefined;
  const subs = parseCount(counters.subscribers ?? counters.members);
  if (subs !== undefined) out.subscribers = subs;
  const id = channelIdOf(s);
  if (id) out.channelId = id;
  return out;
}

function fromLanding(s: PageScan, fallbackUsername: string): ChannelInfo {
  const titleEl = s.one('tgme_page_title');
  const extra = textOf(s.one('tgme_page_extra'));
  const counters: Record<string, string> = {};
  // "11 110 268 subscribers", "1 234 members"; for a person the extra line is "@username".
  const m = /^([\d\s\u00a0.,]+[KMB]?)\s+([A-Za-z]+)$/.exec(extra);
  if (m) counters[counterKey(m[2])] = m[1].trim();
  const out: ChannelInfo = { username: usernameOf(extra) ?? fallbackUsername, counters };
  // The verified mark sits inside the title: read the name span, not the badge.
  const title = textOf(findFirst(titleEl, (e) => e.name === 'span') ?? titleEl);
  if (title) out.title = title;
  const description = textOf(s.one('tgme_page_description'));
  if (description) out.description = description;
  const photo = s.one('tgme_page_photo_image');
  const photoUrl = attr(photo, 'src');
  if (photoUrl) out.avatarUrl = photoUrl;
  out.verified = titleEl ? findFirst(titleEl, (e) => hasClass(e, 'verified-icon')) !== undefined : false;
  const subs = parseCount(counters.subscribers ?? counters.members);
  if (subs !== undefined) out.subscribers = subs;
  return out;
}

/** The numeric id from the first message's data-view (`c`) or data-peer. */
export function channelIdOf(s: PageScan): string | undefined {
  for (const m of s.messages) {
    const id = channelIdFrom(m.attribs['data-view'], m.attribs['data-peer']);
    if (id) return id;
  }
  return undefined;
}

const usernameOf = (text: string): string | undefined => {
  const m = /^@([A-Za-z0-9_]{3,32})$/.exec(text.trim());
  return m ? m[1] : undefined;
};
