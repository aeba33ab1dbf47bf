// The channel's identity and counters from a browse object: `metadata.channelMetadataRenderer`
// (title, description, externalId, vanity URL) and the header (2026 `pageHeaderViewModel`
// metadata rows "@handle", "84 subscribers", "1 video"; older `c4TabbedHeaderRenderer`). Pure.
import type { ChannelInfo } from '../types.js';
import { arr, at, isObj, textOf, type Json } from './answer.js';
import { normaliseKey } from './match.js';
import { parseCount } from './videos.js';

/** `youtube:UC…`: the stable identity that survives handle changes (prefixed: the index is shared by all platforms). */
export const channelIdKey = (externalId: string): string => `youtube:${externalId}`;

/** The channel's external id (`UC…`) wherever the object names it. */
export function externalIdOf(data: Json): string | undefined {
  const v = at(data, 'metadata', 'channelMetadataRenderer', 'externalId') ?? at(data, 'header', 'c4TabbedHeaderRenderer', 'channelId');
  return typeof v === 'string' && v ? v : undefined;
}

export function channelInfo(data: Json, fallbackKey: string): ChannelInfo | undefined {
  const meta = at(data, 'metadata', 'channelMetadataRenderer');
  const view = at(data, 'header', 'pageHeaderRenderer', 'content', 'pageHeaderViewModel');
  const c4 = at(data, 'header', 'c4TabbedHeaderRenderer');
  if (!isObj(meta) && !isObj(view) && !isObj(c4)) return undefined;
  const parts = arr(at(view, 'metadata', 'contentMetadataViewModel', 'metadataRows')).flatMap((r) => arr(at(r, 'metadataParts')).map((p) => textOf(at(p, 'text'))));
  const counters: Record<string, string> = {};
  for (const p of parts) {
    const m = /^([\d.,\s\u00a0]+[kmb]?)\s+(subscribers?|videos?)$/i.exec(p.trim());
    if (m) counters[m[2].toLowerCase().replace(/s?$/, 's')] = m[1].trim();
  }
  const c4Subs = textOf(at(c4, 'subscriberCountText'));
  if (!counters.subscribers && c4Subs) counters.subscribers = c4Subs.replace(/\s*subscribers?$/i, '');
  const handle = handleOf(parts, meta, c4);
  const out: ChannelInfo = { username: handle ?? fallbackKey, counters };
  const title = str(at(meta, 'title')) ?? str(textOf(at(view, 'title', 'dynamicTextViewModel', 'text'))) ?? str(at(c4, 'title'));
  if (title) out.title = title;
  const description = str(at(meta, 'description'));
  if (description) out.description = description;
  const avatar = arr(at(meta, 'avatar', 'thumbnails'))[0];
  if (isObj(avatar) && typeof avatar.url === 'string') out.avatarUrl = avatar.url;
  const subs = parseCount(counters.subscribers);
  if (subs !== undefined) out.subscribers = subs;
  const id = externalIdOf(data);
  if (id) out.channelId = channelIdKey(id);
  return out;
}

/** `@handle` (lower case) from the header rows, the vanity URL or the owner URLs. */
function handleOf(parts: string[], meta: unknown, c4: unknown): string | undefined {
  const candidates = [
    ...parts.filter((p) => p.startsWith('@')),
    ...[at(meta, 'vanityChannelUrl'), ...arr(at(meta, 'ownerUrls')), at(c4, 'channelHandleText', 'runs', 0, 'text')].map((u) => (typeof u === 'string' ? (/\/(@[^/?#]+)/.exec(u)?.[1] ?? (u.startsWith('@') ? u : '')) : '')),
  ];
  for (const c of candidates) {
    const k = c ? safeNormalise(c) : null;
    if (k?.startsWith('@')) return k;
  }
  return undefined;
}

function safeNormalise(s: string): string | null {
  try {
    return normaliseKey(s);
  } catch {
    return null;
  }
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() ? v : undefined);
