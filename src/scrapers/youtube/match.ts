// Recognise a YouTube channel target and normalise it: a channel id (`UC` + 22 characters, case
// kept: ids are case-sensitive) or a handle (`@name`, lower-cased: handles are case-insensitive).
import type { TargetRef } from '../types.js';

const CHANNEL_ID = /^UC[A-Za-z0-9_-]{22}$/;
// Handles: 3–30 letters (any script), digits, `_`, `-` and `.` (YouTube's handle rules).
const HANDLE = /^@[\p{L}\p{M}\p{N}_.-]{3,30}$/u;
const VIDEO_ID = /^[A-Za-z0-9_-]{11}$/;

const HOSTS = new Set(['youtube.com', 'www.youtube.com', 'm.youtube.com']);

export const isChannelId = (key: string): boolean => CHANNEL_ID.test(key);
export const isVideoId = (id: string): boolean => VIDEO_ID.test(id);

/** `UC…` as is, `@Name`/`Name` → `@name`; null when it is neither. */
export function normaliseKey(raw: string): string | null {
  const s = decodeURIComponent(raw.trim());
  if (CHANNEL_ID.test(s)) return s;
  const h = (s.startsWith('@') ? s : `@${s}`).toLowerCase();
  return HANDLE.test(h) ? h : null;
}

const ref = (key: string | null): TargetRef | null => (key ? { platform: 'youtube', key, spec: `youtube:${key}` } : null);

/**
 * Accepts `youtube:<UC… id>`, `youtube:@handle`, `yt:` aliases, and channel URLs
 * `https://www.youtube.com/channel/UC…[/videos]` or `https://www.youtube.com/@handle[/videos]`.
 * Video URLs, feeds (the rss platform reads those), `/c/` and `/user/` names return null.
 */
export function matchYouTube(input: string): TargetRef | null {
  const s = input.trim();
  if (s.length === 0) return null;
  const spec = /^(?:youtube|yt):(?!\/\/)(.*)$/i.exec(s);
  if (spec) return ref(safeKey(spec[1]));
  const looksLikeUrl = /^https?:\/\//i.test(s) || /^(?:www\.|m\.)?youtube\.com\//i.test(s);
  if (!looksLikeUrl) return null;
  let url: URL;
  try {
    url = new URL(/^https?:\/\//i.test(s) ? s : `https://${s}`);
  } catch {
    return null;
  }
  if (!HOSTS.has(url.hostname.toLowerCase())) return null;
  const parts = url.pathname.split('/').filter(Boolean);
  if (parts[0] === 'channel' && parts[1] && CHANNEL_ID.test(parts[1])) return ref(parts[1]);
  if (parts[0]?.startsWith('@')) return ref(safeKey(parts[0]));
  return null;
}

function safeKey(raw: string): string | null {
  try {
    return normaliseKey(raw);
  } catch {
    return null; // a malformed %-escape
  }
}

/** The video id of a watch URL (`/watch?v=`, `youtu.be/<id>`, `/shorts/<id>`), else undefined. */
export function videoIdOf(input: string): string | undefined {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    return undefined;
  }
  const host = url.hostname.toLowerCase();
  const parts = url.pathname.split('/').filter(Boolean);
  let id: string | undefined;
  if (host === 'youtu.be') id = parts[0];
  else if (HOSTS.has(host)) id = parts[0] === 'watch' ? (url.searchParams.get('v') ?? undefined) : parts[0] === 'shorts' ? parts[1] : undefined;
  return id && VIDEO_ID.test(id) ? id : undefined;
}

/** Path of a channel on the site: `channel/UC…` or `@handle`. */
export const channelPath = (key: string): string => (CHANNEL_ID.test(key) ? `channel/${key}` : key);
