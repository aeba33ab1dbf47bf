// The comment threads of a `/youtubei/v1/next` answer, in both shapes YouTube serves:
// - current: continuationItems[].commentThreadRenderer.commentViewModel.commentViewModel holds
//   only keys (commentKey, toolbarStateKey); the comment is the `commentEntityPayload` of the
//   frameworkUpdates.entityBatchUpdate.mutations[] entry with that entityKey: properties
//   {commentId, content.content, publishedTime}, author {displayName, channelId,
//   avatarThumbnailUrl, isCreator, channelCommand…browseEndpoint.canonicalBaseUrl}, avatar.image.sources
//   (yt-dlp `_extract_comment`, NewPipeExtractor `YoutubeCommentsEUVMInfoItemExtractor`);
// - older: commentThreadRenderer.comment.commentRenderer {commentId, contentText.runs, authorText,
//   authorThumbnail.thumbnails, authorEndpoint.browseEndpoint {browseId, canonicalBaseUrl},
//   publishedTimeText, authorIsChannelOwner} (yt-dlp `_extract_comment_old`,
//   NewPipeExtractor `YoutubeCommentsInfoItemExtractor`).
// YouTube shows no account age or follower count beside a comment. Published times are relative
// ("3 minutes ago (edited)"): `at` is the latest time the age allows at the answer's time, good
// to the unit shown (a minute within the first hour, an hour within the first day). Pure.
import type { Interaction } from '../types.js';
import { ageBounds, parseAge } from './age.js';
import { arr, at, isObj, textOf, type Json } from './answer.js';

/**
 * YouTube's picture for accounts that never set one (`yt3.ggpht.com/a/default-user=s88…`, older
 * `default_user`/`no_avatar` images). Letter avatars (a coloured initial, `yt3.ggpht.com/ytc/…`)
 * share their URL form with uploaded pictures, so they count as an avatar: the README says so.
 */
const DEFAULT_PICTURE = /\/a\/default-user[=/]|\/default[-_]user\b|\/no[-_]avatar\b|\/avatar_default\b/i;

export const isDefaultAvatar = (url: string | undefined): boolean => url === undefined || url === '' || DEFAULT_PICTURE.test(url);

/** The continuation item lists of an answer (onResponseReceivedEndpoints: reload or append). */
function itemLists(data: Json): unknown[][] {
  return arr(data.onResponseReceivedEndpoints).flatMap((e) => {
    const c = at(e, 'reloadContinuationItemsCommand', 'continuationItems') ?? at(e, 'appendContinuationItemsAction', 'continuationItems');
    return Array.isArray(c) ? [c] : [];
  });
}

/** "1,234 Comments", "1.2K Comments" → a number. */
function countOf(text: string): number | undefined {
  const m = /([\d][\d,.]*)\s*([KMB])?/i.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]!.replace(/,/g, '')) * ({ k: 1e3, m: 1e6, b: 1e9 }[(m[2] ?? '').toLowerCase() as 'k' | 'm' | 'b'] ?? 1);
  return Number.isFinite(n) ? Math.round(n) : undefined;
}

/** The header's count and its sort menu (yt-dlp extract_header: subMenuItems[1] is "Newest first"). */
export function sortTokens(data: Json): { total?: number; newest?: string; newestSelected: boolean } {
  for (const list of itemLists(data)) {
    for (const item of list) {
      const h = at(item, 'commentsHeaderRenderer');
      if (!isObj(h)) continue;
      const total = countOf(textOf(h.countText) || textOf(h.commentsCount));
      const items = arr(at(h, 'sortMenu', 'sortFilterSubMenuRenderer', 'subMenuItems'));
      const newest = items.find((i) => /newest/i.test(textOf(at(i, 'title')))) ?? items[1];
      const token = at(newest, 'serviceEndpoint', 'continuationCommand', 'token') ?? at(newest, 'continuation', 'reloadContinuationData', 'continuation');
      return { ...(total !== undefined ? { total } : {}), ...(typeof token === 'string' && token ? { newest: token } : {}), newestSelected: at(newest, 'selected') === true };
    }
  }
  return { newestSelected: false };
}

interface Ctx {
  origin: string;
  videoId: string;
  fetchedAt: number;
}

interface Raw {
  id?: string;
  text: string;
  time: string;
  name: string;
  channelId?: string;
  path?: string;
  avatarUrl?: string;
  own: boolean;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function fromEntity(vm: Json, e: Json | undefined): Raw | undefined {
  if (!e) return undefined;
  const author = isObj(e.author) ? e.author : {};
  const browse = at(author, 'channelCommand', 'innertubeCommand', 'browseEndpoint');
  const sources = arr(at(e, 'avatar', 'image', 'sources'));
  return {
    id: str(at(e, 'properties', 'commentId')) ?? str(vm.commentId),
    text: textOf(at(e, 'properties', 'content')),
    time: str(at(e, 'properties', 'publishedTime')) ?? '',
    name: str(author.displayName) ?? '',
    channelId: str(author.channelId) ?? str(at(browse, 'browseId')),
    path: str(at(browse, 'canonicalBaseUrl')),
    avatarUrl: str(author.avatarThumbnailUrl) ?? str(at(sources.at(-1), 'url')),
    own: author.isCreator === true,
  };
}

function fromRenderer(r: Json): Raw {
  const thumbs = arr(at(r, 'authorThumbnail', 'thumbnails'));
  return {
    id: str(r.commentId),
    text: textOf(r.contentText),
    time: textOf(r.publishedTimeText),
    name: textOf(r.authorText),
    channelId: str(at(r, 'authorEndpoint', 'browseEndpoint', 'browseId')),
    path: str(at(r, 'authorEndpoint', 'browseEndpoint', 'canonicalBaseUrl')),
    avatarUrl: str(at(thumbs.at(-1), 'url')),
    own: r.authorIsChannelOwner === true,
  };
}

function toInteraction(r: Raw & { id: string }, c: Ctx): Interaction {
  const handle = /^\/@([^/?#]+)$/.exec(r.path ?? '')?.[1] ?? (/^@\S+$/.test(r.name) ? r.name.slice(1) : undefined);
  const age = parseAge(r.time);
  const dot = r.id.indexOf('.');
  return {
    kind: 'comment',
    key: r.id,
    url: `${c.origin}/watch?v=${encodeURIComponent(c.videoId)}&lc=${encodeURIComponent(r.id)}`,
    author: {
      name: r.name,
      ...(handle ? { username: decodeURIComponent(handle).toLowerCase() } : {}),
      // The channel id survives handle changes: the author's stable address.
      ...(r.channelId ? { url: `${c.origin}/channel/${r.channelId}` } : r.path ? { url: `${c.origin}${r.path}` } : {}),
      avatar: !isDefaultAvatar(r.avatarUrl),
      ...(r.avatarUrl ? { avatarUrl: r.avatarUrl } : {}),
    },
    text: r.text,
    ...(age && Number.isFinite(c.fetchedAt) ? { at: new Date(ageBounds(age, c.fetchedAt).latest).toISOString(), atShown: r.time } : {}),
    // A reply's id is `<parent id>.<own>` (yt-dlp: `'.' in cid`).
    ...(dot > 0 ? { replyTo: { key: r.id.slice(0, dot) } } : {}),
  };
}

/** The comments an answer lists (the channel's own left out), or undefined when it holds no item list. */
export function commentsOf(data: Json, c: Ctx): { interactions: Interaction[] } | undefined {
  const lists = itemLists(data);
  if (lists.length === 0) return undefined;
  const byKey = new Map<string, Json>();
  const byId = new Map<string, Json>();
  for (const m of arr(at(data, 'frameworkUpdates', 'entityBatchUpdate', 'mutations'))) {
    const e = at(m, 'payload', 'commentEntityPayload');
    if (!isObj(e)) continue;
    for (const k of [at(m, 'entityKey'), e.key]) if (typeof k === 'string') byKey.set(k, e);
    const id = at(e, 'properties', 'commentId');
    if (typeof id === 'string') byId.set(id, e);
  }
  const out: Interaction[] = [];
  const seen = new Set<string>();
  for (const item of lists.flat()) {
    const thread = at(item, 'commentThreadRenderer');
    const vm = at(thread, 'commentViewModel', 'commentViewModel') ?? at(item, 'commentViewModel');
    const renderer = at(thread, 'comment', 'commentRenderer') ?? at(item, 'commentRenderer');
    let raw: Raw | undefined;
    if (isObj(vm)) {
      const key = str(vm.commentKey);
      raw = fromEntity(vm, (key ? byKey.get(key) : undefined) ?? (typeof vm.commentId === 'string' ? byId.get(vm.commentId) : undefined));
    } else if (isObj(renderer)) raw = fromRenderer(renderer);
    if (!raw?.id || raw.own || seen.has(raw.id)) continue; // yt-dlp: pinned comments may repeat
    seen.add(raw.id);
    out.push(toInteraction(raw as Raw & { id: string }, c));
  }
  return { interactions: out };
}
