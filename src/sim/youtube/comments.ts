// The simulated YouTube's comments: a watch page's ytInitialData names the comment section's
// continuation token (itemSectionRenderer `comment-item-section`, as yt-dlp `_get_comments` and
// NewPipeExtractor's YoutubeCommentsExtractor read it), and `POST /youtubei/v1/next` with that
// token answers the header (count, sort menu "Top" / "Newest") and a page of comment threads, in
// the current entity shape (commentViewModel keys + frameworkUpdates.entityBatchUpdate.mutations
// commentEntityPayload) or, behind the world's `commentShape: 'renderer'` toggle, the older
// commentThreadRenderer.comment.commentRenderer. Tokens are the sim's own opaque strings (the real
// ones are protobufs). Modelled: 20 comments per page, no replies.
import { createHash } from 'node:crypto';
import { ageText } from './format.js';
import type { YtChannel, YtVideo } from './model.js';

type Json = Record<string, unknown>;

export interface YtCommenter {
  /** `@handle` (lower-case). */
  handle: string;
  name: string;
  /** Has an own picture (false: YouTube's default-user picture). */
  avatar: boolean;
}

export interface YtComment {
  id: string;
  author: YtCommenter;
  text: string;
  /** ms */
  at: number;
}

export type CommentShape = 'entity' | 'renderer';

/** What the world tells the comment routes about one video. */
export interface VideoComments {
  off: boolean;
  comments: readonly YtComment[];
}

export const CLIENT_VERSION = '2.20260520.01.00';
export const COMMENTS_OFF_TEXT = 'Comments are turned off. ';
export const PAGE_SIZE = 20;
const DEFAULT_PICTURE = 'https://yt3.ggpht.com/a/default-user=s88-c-k-c0x00ffffff-no-rj';

const hash = (seed: string, n: number): string => createHash('sha256').update(seed).digest('base64url').slice(0, n);

/** A comment id shaped like YouTube's (`Ugz…AaABAg`). */
export const commentId = (videoId: string, seq: number): string => `Ugz${hash(`comment:${videoId}:${seq}`, 17)}4AaABAg`;
/** The commenter's channel id (`UC` + 22). */
export const commenterChannelId = (handle: string): string => `UC${hash(`commenter:${handle.toLowerCase()}`, 22)}`;
const avatarUrl = (a: YtCommenter): string => (a.avatar ? `https://yt3.ggpht.com/${hash(`pic:${a.handle}`, 40)}=s88-c-k-c0x00ffffff-no-rj` : DEFAULT_PICTURE);

/** `{v, s}`: the video and the sort (top or new), as an opaque token. */
export function commentToken(videoId: string, sort: 'top' | 'new'): string {
  return Buffer.from(JSON.stringify({ v: videoId, s: sort })).toString('base64url');
}

export function readToken(token: unknown): { v: string; s: 'top' | 'new' } | undefined {
  if (typeof token !== 'string') return undefined;
  try {
    const o = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { v?: unknown; s?: unknown };
    return typeof o.v === 'string' && (o.s === 'top' || o.s === 'new') ? { v: o.v, s: o.s } : undefined;
  } catch {
    return undefined;
  }
}

const continuation = (token: string): Json => ({
  continuationItemRenderer: {
    trigger: 'CONTINUATION_TRIGGER_ON_ITEM_SHOWN',
    continuationEndpoint: { commandMetadata: { webCommandMetadata: { sendPost: true, apiUrl: '/youtubei/v1/next' } }, continuationCommand: { token, request: 'CONTINUATION_REQUEST_TYPE_WATCH_NEXT' } },
  },
});

/** A watch page's ytInitialData: the title and the comment section (a token, or "turned off"). */
export function watchData(c: YtChannel, v: YtVideo, comments: VideoComments): Json {
  const section = comments.off
    ? [{ messageRenderer: { text: { runs: [{ text: COMMENTS_OFF_TEXT }, { text: 'Learn more', navigationEndpoint: { urlEndpoint: { url: 'https://support.google.com/youtube/answer/9706180' } } }] } } }]
    : [continuation(commentToken(v.id, 'top'))];
  return {
    responseContext: { serviceTrackingParams: [{ service: 'CSI', params: [{ key: 'c', value: 'WEB' }, { key: 'cver', value: CLIENT_VERSION }] }] },
    contents: {
      twoColumnWatchNextResults: {
        results: {
          results: {
            contents: [
              { videoPrimaryInfoRenderer: { title: { runs: [{ text: v.title }] } } },
              { videoSecondaryInfoRenderer: { owner: { videoOwnerRenderer: { title: { runs: [{ text: c.title, navigationEndpoint: { browseEndpoint: { browseId: c.id, canonicalBaseUrl: `/${c.handle}` } } }] } } } } },
              { itemSectionRenderer: { contents: section, trackingParams: 'CAAQ', sectionIdentifier: 'comment-item-section', targetId: 'comments-section' } },
            ],
          },
        },
      },
    },
  };
}

function header(videoId: string, total: number, sort: 'top' | 'new'): Json {
  const item = (title: string, s: 'top' | 'new') => ({ title, selected: sort === s, serviceEndpoint: { continuationCommand: { token: commentToken(videoId, s), request: 'CONTINUATION_REQUEST_TYPE_WATCH_NEXT' } } });
  return {
    commentsHeaderRenderer: {
      countText: { runs: [{ text: total.toLocaleString('en-US') }, { text: total === 1 ? ' Comment' : ' Comments' }] },
      sortMenu: { sortFilterSubMenuRenderer: { subMenuItems: [item('Top', 'top'), item('Newest', 'new')], title: 'Sort by' } },
    },
  };
}

const entityKey = (id: string): string => `Eg0S${Buffer.from(id).toString('base64url')}`;

function entityThread(cm: YtComment, now: number): { item: Json; mutation: Json } {
  const key = entityKey(cm.id);
  const cid = commenterChannelId(cm.author.handle);
  const pic = avatarUrl(cm.author);
  return {
    item: { commentThreadRenderer: { commentViewModel: { commentViewModel: { commentKey: key, toolbarStateKey: `${key}-t`, commentId: cm.id, commentSurfaceKey: `${key}-s` } }, renderingPriority: 'RENDERING_PRIORITY_UNKNOWN', isModeratedElqComment: false } },
    mutation: {
      entityKey: key,
      type: 'ENTITY_MUTATION_TYPE_REPLACE',
      payload: {
        commentEntityPayload: {
          key,
          properties: { commentId: cm.id, content: { content: cm.text }, publishedTime: ageText(cm.at, now), replyLevel: 0, authorButtonA11y: cm.author.handle, toolbarStateKey: `${key}-t` },
          author: {
            channelId: cid,
            displayName: cm.author.handle,
            avatarThumbnailUrl: pic,
            isVerified: false,
            isCurrentUser: false,
            isCreator: false,
            isArtist: false,
            channelCommand: { innertubeCommand: { commandMetadata: { webCommandMetadata: { url: `/${cm.author.handle}`, webPageType: 'WEB_PAGE_TYPE_CHANNEL' } }, browseEndpoint: { browseId: cid, canonicalBaseUrl: `/${cm.author.handle}` } } },
          },
          avatar: { image: { sources: [{ url: pic, width: 88, height: 88 }] } },
          toolbar: { likeCountNotliked: '', replyCount: '' },
        },
      },
    },
  };
}

function rendererThread(cm: YtComment, now: number): Json {
  const cid = commenterChannelId(cm.author.handle);
  const pic = avatarUrl(cm.author);
  return {
    commentThreadRenderer: {
      comment: {
        commentRenderer: {
          authorText: { simpleText: cm.author.handle },
          authorThumbnail: { thumbnails: [{ url: pic.replace('=s88', '=s48'), width: 48, height: 48 }, { url: pic, width: 88, height: 88 }] },
          authorEndpoint: { browseEndpoint: { browseId: cid, canonicalBaseUrl: `/${cm.author.handle}` } },
          contentText: { runs: [{ text: cm.text }] },
          publishedTimeText: { runs: [{ text: ageText(cm.at, now) }] },
          isLiked: false,
          commentId: cm.id,
          authorIsChannelOwner: false,
          voteCount: { simpleText: '0' },
        },
      },
      renderingPriority: 'RENDERING_PRIORITY_UNKNOWN',
    },
  };
}

/** The `/youtubei/v1/next` answer for a comments token: header, then a page of threads. */
export function commentsAnswer(videoId: string, comments: VideoComments, sort: 'top' | 'new', now: number, shape: CommentShape): Json {
  // "Top" is modelled as oldest first (no likes in the sim); "Newest" as newest first.
  const listed = [...comments.comments].filter((c) => c.at <= now).sort((a, b) => (sort === 'new' ? b.at - a.at : a.at - b.at));
  const page = listed.slice(0, PAGE_SIZE);
  const threads = page.map((c) => (shape === 'entity' ? entityThread(c, now) : { item: rendererThread(c, now), mutation: undefined }));
  const body: unknown[] = threads.map((t) => t.item);
  if (listed.length > PAGE_SIZE) body.push(continuation(`${commentToken(videoId, sort)}.p2`));
  const mutations = threads.flatMap((t) => (t.mutation ? [t.mutation] : []));
  return {
    responseContext: { serviceTrackingParams: [{ service: 'CSI', params: [{ key: 'c', value: 'WEB' }, { key: 'cver', value: CLIENT_VERSION }] }] },
    onResponseReceivedEndpoints: [
      { reloadContinuationItemsCommand: { targetId: 'comments-section', continuationItems: [header(videoId, listed.length, sort)], slot: 'RELOAD_CONTINUATION_SLOT_HEADER' } },
      { reloadContinuationItemsCommand: { targetId: 'comments-section', continuationItems: body, slot: 'RELOAD_CONTINUATION_SLOT_BODY' } },
    ],
    ...(mutations.length ? { frameworkUpdates: { entityBatchUpdate: { mutations, timestamp: { seconds: String(Math.floor(now / 1000)), nanos: 0 } } } } : {}),
  };
}
