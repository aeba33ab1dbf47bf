// Whole t.me pages for the simulator, following the 2026 captures: t.me/s/<name> (shell of
// live-2026-08-24-s-durov-q-nohits), landing t.me/<name> (C01/C02), embed ?embed=1 (C05/C08).
// Pure functions: a channel (or null) in, an HTML string out.
import { postSpan, type SimChannel, type SimPost } from './model.js';
import type { RenderCtx } from './message.js';
import { avatarHtml, renderMessage } from './message.js';
import { esc, formatCount } from './format.js';
import * as S from './shell.js';

export { renderLanding, renderBlocked } from './landing.js';

export type { RenderCtx } from './message.js';
export const PAGE_SIZE = 20;

export interface ChannelPageOpts {
  /** Show posts with num < before (the "load more" cursor). */
  before?: number;
  /** Render the "No posts found" history even if the channel has posts (transient fault). */
  noPosts?: boolean;
}

const TME = 'https://t.me';
const META = `    <meta name="viewport" content="width=device-width, initial-scale=1.0, minimum-scale=1.0, maximum-scale=1.0, user-scalable=no" />
    <meta name="format-detection" content="telephone=no" />
    <meta http-equiv="X-UA-Compatible"
     content="IE=edge" />
    <meta name="MobileOptimized" content="176" />
    <meta name="HandheldFriendly" content="True" />`;

/** The 20 blocks shown for a cursor, oldest first, like Telegram. */
export function pagePosts(ch: SimChannel, before?: number): SimPost[] {
  const eligible = before === undefined ? ch.posts : ch.posts.filter((p) => p.num < before);
  return eligible.slice(Math.max(0, eligible.length - PAGE_SIZE));
}

function ogMeta(ch: SimChannel, ctx: RenderCtx): string {
  const img = `${ctx.mediaBase}/media/avatar-${ch.channelId}.jpg`;
  return `<meta property="og:title" content="${esc(ch.title)}">
<meta property="og:image" content="${img}">
<meta property="og:site_name" content="Telegram">
<meta property="og:description" content="${esc(ch.description)}">

<meta property="twitter:title" content="${esc(ch.title)}">
<meta property="twitter:image" content="${img}">
<meta property="twitter:site" content="@Telegram">

<meta property="al:ios:app_store_id" content="686449807">
<meta property="al:ios:app_name" content="Telegram Messenger">
<meta property="al:ios:url" content="tg://resolve?domain=${ch.username}">

<meta property="al:android:url" content="tg://resolve?domain=${ch.username}">
<meta property="al:android:app_name" content="Telegram">
<meta property="al:android:package" content="org.telegram.messenger">

<meta name="twitter:card" content="summary">
<meta name="twitter:site" content="@Telegram">
<meta name="twitter:description" content="${esc(ch.description)}
">`;
}

function counters(ch: SimChannel): string {
  const c = ch.counters;
  const items: Array<[number, string]> = [
    [c.subscribers, 'subscribers'],
    [c.photos, 'photos'],
    [c.videos, 'videos'],
    [c.links, 'links'],
  ];
  return items
    .filter(([n], i) => i === 0 || n > 0)
    .map(([n, t]) => `<div class="tgme_channel_info_counter"><span class="counter_value">${formatCount(n)}</span> <span class="counter_type">${n === 1 ? t.slice(0, -1) : t}</span></div>`)
    .join('');
}

function header(ch: SimChannel, ctx: RenderCtx): string {
  const verified = ch.verified ? '<i class="verified-icon"> ✔</i>' : '';
  const dl = `//telegram.org/dl?tme=${ch.channelId.toString(16)}_sim`;
  return `<header class="tgme_header search_collapsed">
  <div class="tgme_container">
    <div class="tgme_header_search">
      <form class="tgme_header_search_form" action="/s/${ch.username}">
        ${S.SEARCH_ICON}
        <input class="tgme_header_search_form_input js-header_search" placeholder="Search" name="q" autocomplete="off" value="" />
        <a href="/s/${ch.username}" class="tgme_header_search_form_clear">${S.CLEAR_ICON}</a>
      </form>
    </div>
    <div class="tgme_header_right_column">
      <section class="tgme_right_column">
        <div class="tgme_channel_info">
          <div class="tgme_channel_info_header">
            ${avatarHtml(ch, ctx, 'tgme_page_photo_image')}
            <div class="tgme_channel_info_header_title_wrap">
              <div class="tgme_channel_info_header_title"><span dir="auto">${esc(ch.title)}</span></div>
              <div class="tgme_channel_info_header_labels">${verified}</div>
            </div>
            <div class="tgme_channel_info_header_username"><a href="${TME}/${ch.username}">@${ch.username}</a></div>
          </div>
          <div class="tgme_channel_info_counters">${counters(ch)}</div>
          <div class="tgme_channel_info_description">${esc(ch.description).replace(/\n/g, '<br/>')}</div>
          <a class="tgme_channel_download_telegram" href="${dl}">
            ${S.DOWNLOAD_ICON}Download Telegram
          </a>
          ${S.FOOTER}
        </div>
      </section>
    </div>
    <div class="tgme_header_info">
      <a class="tgme_channel_join_telegram" href="${dl}">
        ${S.JOIN_ICON}Join
      </a>
      <a class="tgme_header_link" href="${TME}/${ch.username}">
        ${avatarHtml(ch, ctx, 'tgme_page_photo_image')}
        <div class="tgme_header_title_wrap">
          <div class="tgme_header_title"><span dir="auto">${esc(ch.title)}</span></div>
          <div class="tgme_header_labels">${verified}</div>
        </div>
        <div class="tgme_header_counter">${formatCount(ch.counters.subscribers)} subscribers</div>
      </a>
    </div>
  </div>
</header>`;
}

const NO_POSTS = `<div class="tgme_widget_message_wrap js-widget_message_wrap"><div class="tgme_widget_message_centered"><div class="tme_no_messages_found">No posts found</div></div></div>`;

/** t.me/s/<name>[?before=N]: header, up to 20 posts newest last, "load more" when older posts exist. */
export function renderChannelPage(ch: SimChannel, ctx: RenderCtx, opts: ChannelPageOpts = {}): string {
  const posts = opts.noPosts ? [] : pagePosts(ch, opts.before);
  const first = posts[0];
  const last = posts[posts.length - 1];
  const hasOlder = first !== undefined && ch.posts[0] !== undefined && ch.posts[0].num < first.num;
  const links: string[] = [];
  if (hasOlder) links.push(`<link rel="prev" href="/s/${ch.username}?before=${first.num}">`);
  if (last) links.push(`<link rel="canonical" href="/s/${ch.username}?before=${last.num + postSpan(last)}">`);
  const more = hasOlder
    ? `<div class="tgme_widget_message_centered js-messages_more_wrap"><a href="/s/${ch.username}?before=${first.num}" class="tme_messages_more js-messages_more" data-before="${first.num}"></a></div>`
    : '';
  const history =
    posts.length === 0
      ? NO_POSTS
      : more + posts.map((p) => `<div class="tgme_widget_message_wrap js-widget_message_wrap">${renderMessage(ch, p, ctx)}</div>`).join('');
  return `<!DOCTYPE html>
<html>
  <head>
    <meta charset="utf-8">
    <title>${esc(ch.title)} – Telegram</title>
${META}
    
${ogMeta(ch, ctx)}
${links.length ? `\n    ${links.join('\n    ')}\n` : ''}
    
    <script>window.matchMedia&&window.matchMedia('(prefers-color-scheme: dark)').matches&&document.documentElement&&document.documentElement.classList&&document.documentElement.classList.add('theme_dark');</script>
    ${S.ICON_LINKS}
    <link href="//telegram.org/css/font-roboto.css?1" rel="stylesheet" type="text/css">
    <link href="//telegram.org/css/widget-frame.css?75" rel="stylesheet" media="screen">
    <link href="//telegram.org/css/telegram-web.css?39" rel="stylesheet" media="screen">
    <script>TBaseUrl='/';</script>
    ${S.USER_COLORS_STYLE}
  </head>
  <body class="widget_frame_base tgme_webpreview emoji_image thin_box_shadow tme_mode no_transitions">
    <div class="tgme_background_wrap">
      <canvas id="tgme_background" class="tgme_background" width="50" height="50" data-colors="dbddbb,6ba587,d5d88d,88b884"></canvas>
      <div class="tgme_background_pattern"></div>
    </div>
    ${header(ch, ctx)}
<main class="tgme_main" data-url="/${ch.username}">
  <div class="tgme_container">
    <section class="tgme_channel_history js-message_history">
      ${history}
    </section>
  </div>
</main>
${S.PAGE_SCRIPTS}
    
  </body>
</html>
<!-- page generated in 12.34ms -->
`;
}

/** The t.me/s page with the "No posts found" marker (Telegram also serves it transiently). */
export const renderNoPosts = (ch: SimChannel, ctx: RenderCtx): string => renderChannelPage(ch, ctx, { noPosts: true });

/** t.me/<name>/<num>?embed=1: the widget with the post, or "Post not found" (C08). */
export function renderEmbed(ch: SimChannel | null, post: SimPost | null, ctx: RenderCtx): string {
  const body =
    ch && post
      ? renderMessage(ch, post, ctx, true)
      : `<div class="tgme_widget_message text_not_supported_wrap err_message js-widget_message">
  <div class="tgme_widget_message_user"><i class="tgme_widget_message_user_photo" data-content="!"></i></div>
  <div class="tgme_widget_message_bubble">
    <a class="tgme_widget_message_bubble_logo" href="//core.telegram.org/widgets"></a>
        ${S.BUBBLE_TAIL}
    <div class="tgme_widget_message_error" dir="auto">Post not found</div>
  </div>
  
</div>`;
  return `<!DOCTYPE html>
<html>
  <head>
    <meta charset="utf-8">
    <title>Telegram Widget</title>
    <base target="_blank">
    ${S.RELOGIN_SCRIPT}
    <meta name="viewport" content="width=device-width, initial-scale=1.0, minimum-scale=1.0, maximum-scale=1.0, user-scalable=no" />
    <meta name="format-detection" content="telephone=no" />
    <meta http-equiv="X-UA-Compatible" content="IE=edge" />
    <meta name="MobileOptimized" content="176" />
    <meta name="HandheldFriendly" content="True" />
    <meta name="robots" content="noindex, nofollow" />
    
    ${S.ICON_LINKS}
    <link href="//telegram.org/css/font-roboto.css?1" rel="stylesheet" type="text/css">
    <link href="//telegram.org/css/widget-frame.css?75" rel="stylesheet" media="screen">
    
    ${S.EMBED_ROOT_STYLE}
    <script>TBaseUrl='//telegram.org/';</script>
  </head>
  <body class="widget_frame_base tgme_widget body_widget_post emoji_image nodark">
    ${body}
${S.EMBED_SCRIPTS}
  </body>
</html>
<!-- page generated in 8.02ms -->
`;
}

/** A non-Telegram answer (captive portal / CDN error) for the "garbage" fault. */
export const renderGarbage = (): string =>
  '<!DOCTYPE html><html><head><title>Service temporarily unavailable</title></head><body><h1>502 Bad Gateway</h1><p>upstream connect error or disconnect/reset before headers</p><div>';
