// Media attached to one message: photos, videos, GIFs, round videos, voice, files,
// stickers, polls, link previews. Works on both the 2023 and the 2026 markup.
import type { MediaRef } from '../types.js';
import { attr, backgroundUrl, findFirst, byClass, hasClass, normaliseUrl, textOf, type Element } from './dom.js';

export const MEDIA_CLASSES = [
  'tgme_widget_message_photo_wrap',
  'tgme_widget_message_video_player',
  'tgme_widget_message_roundvideo_player',
  'tgme_widget_message_voice_player',
  'tgme_widget_message_document_wrap',
  'tgme_widget_message_sticker_wrap',
  'tgme_widget_message_poll',
  'tgme_widget_message_link_preview',
] as const;

type Lookup = (cls: string) => Element[];

/** Media in document order of kind; `all` looks up indexed elements of the message. */
export function extractMedia(all: Lookup): MediaRef[] {
  const out: MediaRef[] = [];
  for (const el of all('tgme_widget_message_photo_wrap')) {
    out.push(clean({ type: 'photo', url: backgroundUrl(el) ?? backgroundUrl(findFirst(el, byClass('tgme_widget_message_photo'))) }));
  }
  for (const el of all('tgme_widget_message_video_player')) out.push(video(el));
  for (const el of all('tgme_widget_message_roundvideo_player')) {
    out.push(
      clean({
        type: 'roundvideo',
        url: srcOf(findFirst(el, (e) => e.name === 'video')),
        thumbUrl: backgroundUrl(findFirst(el, byClass('tgme_widget_message_roundvideo_thumb'))),
        duration: textOf(findFirst(el, byClass('tgme_widget_message_roundvideo_duration'))) || undefined,
      }),
    );
  }
  for (const el of all('tgme_widget_message_voice_player')) {
    out.push(
      clean({
        type: 'voice',
        url: srcOf(findFirst(el, (e) => e.name === 'audio')),
        duration: textOf(findFirst(el, byClass('tgme_widget_message_voice_duration'))) || undefined,
      }),
    );
  }
  for (const el of all('tgme_widget_message_document_wrap')) {
    const isAudio = hasClass(el, 'audio') || findFirst(el, byClass('audio_file')) !== undefined;
    out.push(
      clean({
        type: isAudio ? 'audio' : 'document',
        url: attr(el, 'href'),
        title: textOf(findFirst(el, byClass('tgme_widget_message_document_title'))) || undefined,
      }),
    );
  }
  for (const el of all('tgme_widget_message_sticker_wrap')) out.push(sticker(el));
  for (const el of all('tgme_widget_message_poll')) {
    out.push(clean({ type: 'poll', title: textOf(findFirst(el, byClass('tgme_widget_message_poll_question'))) || undefined }));
  }
  for (const el of all('tgme_widget_message_link_preview')) {
    const image = findFirst(el, (e) => hasClass(e, 'link_preview_image') || hasClass(e, 'link_preview_right_image'));
    out.push(
      clean({
        type: 'link_preview',
        url: attr(el, 'href'),
        thumbUrl: backgroundUrl(image),
        title:
          textOf(findFirst(el, byClass('link_preview_title'))) ||
          textOf(findFirst(el, byClass('link_preview_site_name'))) ||
          undefined,
      }),
    );
  }
  return out;
}

function video(el: Element): MediaRef {
  const v = findFirst(el, (e) => e.name === 'video');
  const durationEl = findFirst(el, byClass('message_video_duration'));
  const label = textOf(findFirst(el, byClass('message_media_not_supported_label')));
  const tooBig = /too big/i.test(label);
  // GIFs (MPEG-4 animations) autoplay in a loop with neither a duration nor a play button.
  const isGif =
    hasClass(el, 'playing') ||
    (v !== undefined && 'loop' in v.attribs && !durationEl && !findFirst(el, byClass('message_video_play')));
  return clean({
    type: isGif && !tooBig ? 'gif' : 'video',
    url: srcOf(v),
    thumbUrl: backgroundUrl(findFirst(el, byClass('tgme_widget_message_video_thumb'))),
    duration: textOf(durationEl) || undefined,
    tooBig: tooBig || undefined,
  });
}

function sticker(el: Element): MediaRef {
  const img = findFirst(el, (e) => hasClass(e, 'tgme_widget_message_sticker'));
  const source = findFirst(el, (e) => e.name === 'source' && e.attribs.srcset !== undefined);
  const vid = findFirst(el, (e) => e.name === 'video');
  const url =
    attr(img, 'data-webp') ?? backgroundUrl(img) ?? srcOf(vid) ?? (source ? normaliseUrl((attr(source, 'srcset') ?? '').split(/\s+/)[0]) : undefined);
  const thumb = findFirst(el, (e) => e.name === 'img' || (e.name === 'i' && backgroundUrl(e) !== undefined));
  return clean({ type: 'sticker', url, thumbUrl: thumb ? (attr(thumb, 'src') ?? backgroundUrl(thumb)) : undefined });
}

const srcOf = (el: Element | undefined): string | undefined => {
  const s = attr(el, 'src');
  return s ? normaliseUrl(s) : undefined;
};

/** Drop undefined keys so records compare and serialise cleanly. */
function clean(m: MediaRef): MediaRef {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(m)) if (v !== undefined && v !== '') out[k] = v;
  return out as MediaRef;
}
