// What a fetched VK page says about the account. Transient or unreadable answers (429, VK's
// "too many requests per second" text, a login wall, a captcha, foreign or broken markup) are
// no-verdict states and never become takedown events.
import type { FetchedPage, PageState } from '../types.js';
import { scanPage, type VkPage } from './page.js';

export interface Classification {
  state: PageState;
  reason?: string;
}

// VK's own notices. Russian from pages recorded by other projects (see README), English where VK's
// English UI wording is documented; each must sit in a notice box of a page that shows no posts.
const RATE_LIMIT = /Вы попытались загрузить более одной однотипной страницы в секунду|You tried to load the same page more than once in one second/i;
const GEO = /(?:материал|сообщество|страница)\s+заблокирован\S*\s+на территории|blocked (?:in|on the territory of) (?:the Russian Federation|your country|your region)/i;
const COMMUNITY_BLOCKED = /Сообщество заблокировано|This community has been blocked/i;
const USER_BLOCKED = /Пользователь заблокирован|Страница заблокирована|This profile has been blocked|This page has been blocked|Мы обнаружили на странице[\s\S]{0,200}подозрительную активность/i;
const NOT_FOUND = /Страница удалена либо ещё не создана|Страница пользователя удалена|This page has either been deleted or has not been created yet|This profile has been deleted/i;
const PRIVATE = /Это закрытый профиль|Это закрытое сообщество|Это частное сообщество|Закрытая группа|This profile is private|This is a (?:private|closed) (?:community|group)|You are not allowed to view this community['’]s wall|Вы не можете просматривать стену этого сообщества/i;
const EMPTY = /На стене пока нет ни одной записи|Нет записей|There are no posts (?:here|on this wall)(?: yet)?|No posts yet/i;

const LOGIN_HOSTS = new Set(['id.vk.com', 'login.vk.com', 'oauth.vk.com']);

export function classifyVk(p: FetchedPage): Classification {
  if (p.status === 429) return { state: 'rate_limited', reason: 'HTTP 429 from VK' };
  if (isLoginUrl(p.finalUrl) || (p.finalUrl === p.url && isLoginUrl(p.headers.location ?? ''))) {
    return { state: 'login_wall', reason: `sent to the login page (${p.finalUrl})` };
  }
  const type = headerValue(p.headers, 'content-type');
  if (type !== undefined && !/html/i.test(type)) return { state: 'unknown', reason: `not HTML (${type})` };
  // A VK 404 says "deleted or not created yet" in its body; an anonymous 404 (proxy, CDN) says nothing.
  if (p.status !== 404 && (p.status < 200 || p.status >= 300)) return { state: 'unknown', reason: `HTTP ${p.status}` };
  return classifyScan(scanPage(p), p.status);
}

export function classifyScan(s: VkPage, status = 200): Classification {
  const notice = s.notices.join('\n');
  // The per-second limit comes as an ordinary 200 page: never evidence.
  if (RATE_LIMIT.test(notice)) return { state: 'rate_limited', reason: first(notice, RATE_LIMIT) };
  if (!s.isVk) return { state: 'unknown', reason: 'not a VK page (no m.vk.com or vk.com layout)' };
  if (s.posts.length > 0) {
    if (status === 404) return { state: 'unknown', reason: 'HTTP 404 with wall posts' };
    return { state: 'ok' };
  }
  // No posts: the notice says why. Geo first: a community blocked "on the territory of" a country is
  // visible elsewhere, and the text also names a block.
  if (GEO.test(notice)) return { state: 'geo_blocked', reason: first(notice, GEO) };
  if (COMMUNITY_BLOCKED.test(notice)) return { state: 'restricted', reason: first(notice, COMMUNITY_BLOCKED) };
  if (USER_BLOCKED.test(notice)) return { state: 'suspended', reason: first(notice, USER_BLOCKED) };
  if (NOT_FOUND.test(notice)) return { state: 'not_found', reason: first(notice, NOT_FOUND) };
  if (status === 404) return { state: 'unknown', reason: 'HTTP 404 without VK\'s "deleted or not created" notice' };
  if (PRIVATE.test(notice)) return { state: 'private', reason: first(notice, PRIVATE) };
  if (EMPTY.test(notice) && s.hasOwner) return { state: 'empty', reason: first(notice, EMPTY) };
  if (/captcha/i.test(notice) || s.$('img[src*="captcha.php"]').length > 0) return { state: 'unknown', reason: 'captcha' };
  if (s.hasOwner && s.$('#posts_container, #page_wall_posts, .wall_posts').length > 0) return { state: 'empty', reason: 'a wall without posts' };
  return { state: 'unknown', reason: s.hasOwner ? 'an account page without a wall' : 'a VK page that is not a wall' };
}

const first = (text: string, re: RegExp): string => {
  const m = re.exec(text);
  if (!m) return text.slice(0, 200);
  // The whole sentence the marker sits in, as shown.
  const start = Math.max(text.lastIndexOf('\n', m.index) + 1, 0);
  const end = text.indexOf('\n', m.index);
  return text.slice(start, end < 0 ? undefined : end).slice(0, 300);
};

function isLoginUrl(u: string): boolean {
  try {
    const url = new URL(u);
    return LOGIN_HOSTS.has(url.hostname.toLowerCase()) || /^\/(?:login|join)(?:\/|$|\?)/.test(url.pathname);
  } catch {
    return false;
  }
}

const headerValue = (h: Record<string, string>, name: string): string | undefined => {
  for (const k of Object.keys(h)) if (k.toLowerCase() === name) return h[k];
  return undefined;
};
