// One message block in the 2026 t.me markup (structure from C05 and feedjam/page_example;
// media blocks from any2feed/full.html). Pure: values in, HTML string out.
import type { SimChannel, SimMedia, SimPost } from './model.js';
import { BUBBLE_TAIL } from './shell.js';
import { avatarFile, mediaFile, thumbFile } from './media.js';
import { dataPeer, dataView, duration, esc, formatCount, initials, isoDate, shortDate, textHtml } from './format.js';

export interface RenderCtx {
  /** Origin the sim serves media from, e.g. http://127.0.0.1:5555 (media URLs must be fetchable). */
  mediaBase: string;
}

const TME = 'https://t.me';

const NOT_SUPPORTED = (label: string): string => `<div class="message_media_not_supported_wrap">
  <div class="message_media_not_supported">
    <div class="message_media_not_supported_label">${label}</div>
    <span class="message_media_view_in_telegram">VIEW IN TELEGRAM</span>
  </div>
</div>`;

export function avatarHtml(ch: SimChannel, ctx: RenderCtx, cls: string): string {
  return `<i class="${cls} bgcolor${ch.channelId % 7}" data-content="${esc(initials(ch.title, 1))}"><img src="${ctx.mediaBase}/media/${avatarFile(ch.channelId)}"></i>`;
}

function photoHtml(m: SimMedia, href: string, ctx: RenderCtx): string {
  const pad = ((m.height / m.width) * 100).toFixed(2).replace(/\.?0+$/, '');
  return `<a class="tgme_widget_message_photo_wrap ${m.id.replace(/\D/g, '') || '1'}" href="${href}" style="width:${m.width}px;background-image:url('${ctx.mediaBase}/media/${mediaFile(m)}')">
  <div class="tgme_widget_message_photo" style="padding-top:${pad}%"></div>
</a>`;
}

function videoHtml(m: SimMedia, href: string, ctx: RenderCtx, extraCls = '', style = ''): string {
  const pad = ((m.height / m.width) * 100).toFixed(3).replace(/\.?0+$/, '');
  const thumb = `<i class="tgme_widget_message_video_thumb" style="background-image:url('${ctx.mediaBase}/media/${thumbFile(m)}')"></i>`;
  const video = m.tooBig
    ? ''
    : `\n  <video src="${ctx.mediaBase}/media/${mediaFile(m)}" class="tgme_widget_message_video js-message_video" width="100%" height="100%"></video>\n`;
  const cls = `tgme_widget_message_video_player${m.tooBig ? ' not_supported' : ''}${extraCls} js-message_video_player`;
  return `<a class="${cls}"${style} href="${href}">${thumb}
<div class="tgme_widget_message_video_wrap" style="width:${m.width}px;padding-top:${pad}%">${video}</div>
<div class="message_video_play js-message_video_play"></div>
<time class="message_video_duration js-message_video_duration">${duration(m.duration ?? 10)}</time>
${NOT_SUPPORTED(m.tooBig ? 'Media is too big' : 'This media is not supported in your browser')}</a>`;
}

function groupedHtml(p: SimPost, url: string, ctx: RenderCtx): string {
  const w = 453;
  const items = p.media
    .map((m, i) => {
      const href = `${url.replace(/\/\d+$/, '')}/${p.num + i}?single`;
      const style = ` style="left:0px;top:${i * 130}px;width:${w}px;height:128px;margin-right:0px;margin-bottom:2px;"`;
      if (m.kind === 'video') return videoHtml(m, href, ctx, ' grouped_media_wrap blured', style).replace(' href=', ` data-ratio="1.775" href=`);
      return `<a class="tgme_widget_message_photo_wrap grouped_media_wrap blured js-message_photo" style="left:0px;top:${i * 130}px;width:${w}px;height:128px;margin-right:0px;margin-bottom:2px;background-image:url('${ctx.mediaBase}/media/${mediaFile(m)}')" data-ratio="1" href="${href}">
  <div class="grouped_media_helper" style="left:0;right:0;top:0px;bottom:0px;">
    <div class="tgme_widget_message_photo grouped_media" style="left:0;right:0;top:0px;bottom:0px;"></div>
  </div>
</a>`;
    })
    .join('');
  return `<div class="tgme_widget_message_grouped_wrap js-message_grouped_wrap" data-margin-w="2" data-margin-h="2" style="width:${w}px;">
  <div class="tgme_widget_message_grouped js-message_grouped" style="padding-top:${(p.media.length * 130 * 100) / w}%">
    <div class="tgme_widget_message_grouped_layer js-message_grouped_layer" style="width:${w}px;height:${p.media.length * 130 - 2}px">${items}</div>
  </div>
</div>`;
}

function mediaHtml(p: SimPost, url: string, ctx: RenderCtx): string {
  if (p.media.length === 0) return '';
  if (p.grouped && p.media.length > 1) return groupedHtml(p, url, ctx);
  return p.media.map((m) => (m.kind === 'photo' ? photoHtml(m, url, ctx) : videoHtml(m, url, ctx))).join('\n');
}

function metaHtml(p: SimPost, url: string): string {
  const author = p.author ? `<span class="tgme_widget_message_from_author" dir="auto">${esc(p.author)}</span>,&nbsp;` : '';
  const edited = p.edited ? 'edited &nbsp;' : '';
  return `<span class="tgme_widget_message_meta">${author}${edited}<a class="tgme_widget_message_date" href="${url}"><time datetime="${isoDate(p.date)}" class="datetime">${shortDate(p.date)}</time></a></span>`;
}

/** The `div.tgme_widget_message` block; `embed` switches to the widget footer of C05. */
export function renderMessage(ch: SimChannel, p: SimPost, ctx: RenderCtx, embed = false): string {
  const url = `${TME}/${ch.username}/${p.num}`;
  const ref = p.grouped && p.media.length > 1 ? `${p.num}g` : p.num;
  const { peer, hash } = dataPeer(ch.channelId);
  const cls = `tgme_widget_message text_not_supported_wrap${p.service ? ' service_message' : ''} user-color-${10 + (ch.channelId % 7)} js-widget_message`;
  const head = `<div class="${cls}" data-post="${ch.username}/${p.num}" data-view="${dataView(ch.channelId, ref, p.date)}" data-peer="${peer}" data-peer-hash="${hash}" data-post-id="${p.num}">`;
  const owner = `<div class="tgme_widget_message_author accent_color"><a class="tgme_widget_message_owner_name" href="${TME}/${ch.username}"><span dir="auto">${esc(ch.title)}</span></a>${ch.verified ? `<a class="tgme_widget_message_owner_labels" href="${TME}/${ch.username}"><i class="verified-icon"> ✔</i></a>` : ''}</div>`;
  const fwd = p.forwardedFrom
    ? `\n<div class="tgme_widget_message_forwarded_from accent_color">Forwarded from&nbsp;<a class="tgme_widget_message_forwarded_from_name" href="${esc(p.forwardedFrom.url)}"><span dir="auto">${esc(p.forwardedFrom.name)}</span></a></div>`
    : '';
  const reply = p.replyTo
    ? `\n<a class="tgme_widget_message_reply" href="${TME}/${ch.username}/${p.replyTo.num}"><div class="tgme_widget_message_author accent_color"><span class="tgme_widget_message_author_name" dir="auto">${esc(ch.title)}</span></div><div class="tgme_widget_message_metatext js-message_reply_text" dir="auto">${esc(p.replyTo.text)}</div></a>`
    : '';
  const text = p.text ? `\n<div class="tgme_widget_message_text js-message_text" dir="auto">${textHtml(p.text)}</div>` : '';
  const views = p.service ? '' : `<span class="tgme_widget_message_views">${formatCount(p.views)}</span><span class="copyonly"> views</span>`;
  const footer = embed
    ? `<div class="tgme_widget_message_footer js-message_footer">
  <div class="tgme_widget_message_link accent_color"><a href="${url}" class="link_anchor flex_ellipsis"><span class="ellipsis">t.me/${ch.username}</span>/${p.num}</a></div>
  <div class="tgme_widget_message_info js-message_info">
    ${views}${metaHtml(p, url)}
  </div>
</div>`
    : `<div class="tgme_widget_message_footer compact js-message_footer">
  
  <div class="tgme_widget_message_info short js-message_info">
    ${views}${metaHtml(p, url)}
  </div>
</div>`;
  return `${head}
  <div class="tgme_widget_message_user"><a href="${TME}/${ch.username}">${avatarHtml(ch, ctx, 'tgme_widget_message_user_photo')}</a></div>
  <div class="tgme_widget_message_bubble">
    ${embed ? '<a class="tgme_widget_message_bubble_logo" href="//core.telegram.org/widgets"></a>' : ''}
        ${BUBBLE_TAIL}
    ${owner}${fwd}${reply}

${mediaHtml(p, url, ctx)}${text}

${footer}
  </div>
  
</div>`;
}
