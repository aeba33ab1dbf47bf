// The comments widget of a post (t.me/<channel>/<num>?embed=1&discussion=1), shaped after the
// documented markup (src/sim/README.md "Modelling notes"): `body.body_widget_discussion`, the
// "N comments on this post" header, one `div.tgme_widget_message[data-post-id]` per comment, or a
// `div.tme_no_messages_found` notice when the discussion is off or its group is not public. Pure.
import type { SimChannel, SimComment, SimPost } from './model.js';
import { esc, initials, isoDate, textHtml } from './format.js';

const TME = 'https://t.me';

export const DISCUSSION_OFF_TEXT = 'Discussion is not available at the moment.';
export const DISCUSSION_PRIVATE_TEXT = 'Please open Telegram to view this discussion from';

function shell(body: string, title = 'Telegram Widget'): string {
  return `
<!DOCTYPE html>
<html>
  <head>
    <meta charset="utf-8">
    <title>${title}</title>
    <base target="_blank">
    <meta name="viewport" content="width=device-width, initial-scale=1.0, minimum-scale=1.0, maximum-scale=1.0, user-scalable=no" />
    <meta name="format-detection" content="telephone=no" />
    <meta http-equiv="X-UA-Compatible" content="IE=edge" />
    <meta name="MobileOptimized" content="176" />
    <meta name="HandheldFriendly" content="True" />
    <meta name="robots" content="noindex, nofollow" />
  </head>
  <body class="widget_frame_base tgme_widget body_widget_discussion emoji_image force_userpic nodark name_nocolor dark_accent_light">
${body}
  </body>
</html>
`;
}

const dateLabel = (unix: number): string => new Date(unix * 1000).toUTCString().slice(8, 11) + ' ' + new Date(unix * 1000).getUTCDate();

function commentHtml(ch: SimChannel, post: SimPost, c: SimComment, all: readonly SimComment[], mediaBase: string): string {
  const photo = c.avatar ? `\n              <img src="${mediaBase}/media/userpic-${c.id}.jpg">` : '';
  const name = c.username
    ? `<a class="tgme_widget_message_author_name" href="${TME}/${esc(c.username)}" dir="auto">${esc(c.author)}</a>`
    : `<span class="tgme_widget_message_author_name">
                 <span dir="auto" class="name color${c.id % 7}">${esc(c.author)}</span>
             </span>`;
  const to = c.replyTo !== undefined ? all.find((x) => x.id === c.replyTo) : undefined;
  const reply = to
    ? `\n         <a class="tgme_widget_message_reply" href="${TME}/${ch.username}/${post.num}?comment=${to.id}">
            <div class="tgme_widget_message_author accent_color"><span class="tgme_widget_message_author_name" dir="auto">${esc(to.author)}</span></div>
            <div class="tgme_widget_message_metatext js-message_reply_text" dir="auto">${esc(to.text.slice(0, 100))}</div>
         </a>`
    : '';
  return `<div class="tgme_widget_message_wrap js-widget_message_wrap">
   <div class="tgme_widget_message text_not_supported_wrap js-widget_message" data-peer="c${ch.channelId + 1}_-4765483067351133987" data-peer-hash="09611dba39d960a6ca" data-post-id="${c.id}">
      <div class="tgme_widget_message_user">
          <i class="tgme_widget_message_user_photo bgcolor${c.id % 7}" data-content="${esc(initials(c.author, 1))}">${photo}
          </i>
      </div>
      <div class="tgme_widget_message_bubble">
         <div class="tgme_widget_message_author accent_color">
             ${name}
         </div>${reply}
         <div class="tgme_widget_message_reply_template js-reply_tpl">

            <div class="tgme_widget_message_author accent_color">
               <span class="tgme_widget_message_author_name" dir="auto">${esc(c.author)}</span>
            </div>
            <div class="tgme_widget_message_text js-message_reply_text" dir="auto">${esc(c.text)}</div>
         </div>
         <div class="tgme_widget_message_text js-message_text" dir="auto">${textHtml(c.text)}</div>
         <div class="tgme_widget_message_footer js-message_footer">
            <a class="tgme_widget_message_date" href="${TME}/${ch.username}/${post.num}?comment=${c.id}"><time datetime="${isoDate(c.date)}">${dateLabel(c.date)}</time></a>
         </div>
      </div>
   </div>
</div>
`;
}

/** The widget for a post of a channel whose discussion is public; `limit` newest comments are listed. */
export function renderDiscussion(ch: SimChannel, post: SimPost, mediaBase: string, limit = 50): string {
  if (ch.discussion === 'off') return shell(`<div class="tgme_post_discussion js-message_history">\n  <div class="tme_no_messages_found">${DISCUSSION_OFF_TEXT}</div>\n</div>`);
  if (ch.discussion === 'private') {
    return shell(`<div class="tgme_post_discussion js-message_history">\n  <div class="tme_no_messages_found">${DISCUSSION_PRIVATE_TEXT} <b>${esc(ch.title)} Chat</b>.</div>\n</div>`);
  }
  const all = post.comments ?? [];
  const shown = all.slice(Math.max(0, all.length - limit));
  const hidden = all.length - shown.length;
  const header = all.length === 0 ? 'Comments' : `${all.length} comment${all.length === 1 ? '' : 's'}`;
  const more = hidden > 0 ? `\n  <div class="tme_messages_more accent_bghover js-messages_more" data-before="${shown[0]!.id}">Show ${hidden} more comment${hidden === 1 ? '' : 's'}</div>` : '';
  return shell(`<div class="tgme_post_discussion_header_wrap">
  <a class="tgme_widget_message_bubble_logo" href="//core.telegram.org/widgets" target="_blank"></a>
  <h3 class="tgme_post_discussion_header"><span class="js-header">${header}</span> on <a href="${TME}/${ch.username}/${post.num}">this post</a></h3>
</div>
<div class="tgme_post_discussion js-message_history">${more}
${shown.map((c) => commentHtml(ch, post, c, all, mediaBase)).join('\n')}
<div class="tme_messages_more accent_bghover js-messages_more autoload hide" data-after="${(all.at(-1)?.id ?? 0) + 1}"></div>
</div>
<div class="tgme_post_discussion_footer">
    <div class="tgme_post_discussion_login">
  <div class="tgme_post_discussion_login_btn accent_bghover js-login_btn">Log in to comment</div>
</div>
</div>`);
}
