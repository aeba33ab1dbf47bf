// Recognise a Telegram target and normalise it to the lower-case username.
import type { TargetRef } from '../types.js';
import { inputUrl } from '../url.js';

/** Telegram usernames: 5–32 chars of [a-z0-9_], starting with a letter (case-insensitive). */
const USERNAME = /^[a-z][a-z0-9_]{4,31}$/;

export const isTelegramUsername = (name: string): boolean => USERNAME.test(name.toLowerCase());

const ref = (name: string): TargetRef | null => {
  const key = name.toLowerCase();
  return USERNAME.test(key) ? { platform: 'telegram', key, spec: `telegram:${key}` } : null;
};

// t.me paths that are features, not accounts.
const RESERVED = new Set(['joinchat', 'addstickers', 'addemoji', 'addtheme', 'setlanguage', 'share', 'proxy', 'socks', 'login', 'confirmphone', 'contact', 'invoice', 'boost', 'addlist']);

// t.me, telegram.me and telegram.dog all serve the same public preview.
const HOSTS = new Set(['t.me', 'www.t.me', 'telegram.me', 'www.telegram.me', 'telegram.dog']);

/**
 * Accepts `telegram:<name>`, `@name`, `https://t.me/name`, `https://t.me/s/name`,
 * `t.me/name/123`, `t.me/s/name?before=5`. Returns null for anything else (other hosts,
 * invite links `t.me/+…`/`joinchat`, invalid usernames).
 */
export function matchTelegram(input: string): TargetRef | null {
  const s = input.trim();
  if (s.length === 0) return null;
  const spec = /^(?:telegram|tg):(.*)$/i.exec(s);
  if (spec) return ref(spec[1].replace(/^@/, ''));
  if (s.startsWith('@')) return ref(s.slice(1));
  const url = inputUrl(s);
  if (!url || !HOSTS.has(url.hostname.toLowerCase())) return null;
  const parts = url.pathname.split('/').filter(Boolean);
  const name = parts[0] === 's' ? parts[1] : parts[0];
  return name && !RESERVED.has(name.toLowerCase()) ? ref(name) : null;
}
