// Recognise a VK target and normalise it to the lower-case screen name (or id<n> / club<n>).
import type { TargetRef } from '../types.js';

/**
 * Screen names: letters, digits, `_` and `.`, 2–32 chars, starting with a letter (VK's short
 * names, e.g. `life`, `durov`); numeric addresses `id<n>` (users) and `club<n>` / `public<n>` /
 * `event<n>` (communities) are valid keys too.
 */
const NAME = /^[a-z][a-z0-9_.]{1,31}$/;

export const isVkName = (name: string): boolean => NAME.test(name.toLowerCase()) && !RESERVED.has(name.toLowerCase());

const ref = (name: string): TargetRef | null => {
  const key = name.toLowerCase().replace(/\/+$/, '');
  return isVkName(key) ? { platform: 'vk', key, spec: `vk:${key}` } : null;
};

// vk.com paths that are features, not accounts.
const RESERVED = new Set([
  'wall', 'photo', 'video', 'videos', 'audio', 'audios', 'album', 'albums', 'feed', 'login', 'join', 'im', 'mail', 'search',
  'groups', 'friends', 'settings', 'away.php', 'apps', 'app', 'market', 'docs', 'doc', 'topic', 'board', 'note', 'page',
  'clip', 'clips', 'story', 'stories', 'reg', 'restore', 'support', 'blog', 'about', 'terms', 'privacy', 'dev', 'legal',
]);

const HOSTS = new Set(['vk.com', 'www.vk.com', 'm.vk.com', 'vkontakte.ru', 'www.vkontakte.ru', 'm.vkontakte.ru', 'vk.ru', 'm.vk.ru']);

/** `wall-24199209_5` → `club24199209`, `wall1_45425` → `id1` (the wall's owner). */
export function ownerName(owner: string): string {
  return owner.startsWith('-') ? `club${owner.slice(1)}` : `id${owner}`;
}

/**
 * Accepts `vk:<name>`, `https://vk.com/<name>`, `m.vk.com/<name>`, `vk.com/<name>?w=…`, and a wall
 * post URL `vk.com/wall-1_2` (its owner). Returns null for anything else.
 */
export function matchVk(input: string): TargetRef | null {
  const s = input.trim();
  if (s.length === 0) return null;
  const spec = /^vk:(.*)$/i.exec(s);
  if (spec) return ref(spec[1].replace(/^@/, ''));
  const looksLikeUrl = /^https?:\/\//i.test(s) || /^[a-z0-9.-]+\.[a-z]{2,}\//i.test(s);
  if (!looksLikeUrl) return null;
  let url: URL;
  try {
    url = new URL(/^https?:\/\//i.test(s) ? s : `https://${s}`);
  } catch {
    return null;
  }
  if (!HOSTS.has(url.hostname.toLowerCase())) return null;
  const first = url.pathname.split('/').filter(Boolean)[0] ?? '';
  const wall = /^wall(-?\d{1,12})(?:_\d+)?$/.exec(first);
  if (wall) return ref(ownerName(wall[1]));
  return first ? ref(first) : null;
}
