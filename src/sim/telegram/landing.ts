// Landing pages t.me/<name>: existing channel (C01), free/deleted username (C02), and the
// modelled ToS block stub (no real capture; see src/sim/README.md). Pure.
import type { SimChannel } from './model.js';
import type { RenderCtx } from './message.js';
import { esc, formatExact } from './format.js';
import * as S from './shell.js';

interface LandingBody {
  title: string;
  ogTitle: string;
  ogImage: string;
  ogDescription: string;
  robots: boolean;
  body: string;
}

function landingShell(username: string, b: LandingBody): string {
  const u = esc(username);
  return `<!DOCTYPE html>
<html>
  <head>
    <meta charset="utf-8">
    <title>${esc(b.title)}</title>
    <meta name="viewport" content="width=device-width, initial-scale=1.0">
    <script>location.hash=''</script>
    <script>try{if(window.parent!=null&&window!=window.parent){window.parent.postMessage(JSON.stringify({eventType:'web_app_open_tg_link',eventData:{path_full:"\\/${u}"}}),'https://web.telegram.org');}}catch(e){}</script>
    ${b.robots ? '<meta name="robots" content="noindex, nofollow">' : ''}<meta property="og:title" content="${esc(b.ogTitle)}">
<meta property="og:image" content="${b.ogImage}">
<meta property="og:site_name" content="Telegram">
<meta property="og:description" content="${esc(b.ogDescription)}">

<meta property="twitter:title" content="${esc(b.ogTitle)}">
<meta property="twitter:image" content="${b.ogImage}">
<meta property="twitter:site" content="@Telegram">

<meta name="twitter:card" content="summary">
<meta name="twitter:site" content="@Telegram">
<meta name="twitter:description" content="${esc(b.ogDescription)}
">
<meta property="al:ios:app_store_id" content="686449807">
<meta property="al:ios:app_name" content="Telegram Messenger">
<meta property="al:ios:url" content="tg://resolve?domain=${u}">

<meta property="al:android:url" content="tg://resolve?domain=${u}">
<meta property="al:android:app_name" content="Telegram">
<meta property="al:android:package" content="org.telegram.messenger">

<meta name="apple-itunes-app" content="app-id=686449807, app-argument: tg://resolve?domain=${u}">
    <script>window.matchMedia&&window.matchMedia('(prefers-color-scheme: dark)').matches&&document.documentElement&&document.documentElement.classList&&document.documentElement.classList.add('theme_dark');</script>
    ${S.ICON_LINKS}
    <link href="//telegram.org/css/font-roboto.css?1" rel="stylesheet" type="text/css">
    <!--link href="/css/myriad.css" rel="stylesheet"-->
    <link href="//telegram.org/css/bootstrap.min.css?3" rel="stylesheet">
    <link href="//telegram.org/css/telegram.css?254" rel="stylesheet" media="screen">
  </head>
  <body class="no_transition">
      <div class="tgme_background_wrap">
    <canvas id="tgme_background" class="tgme_background default" width="50" height="50" data-colors="dbddbb,6ba587,d5d88d,88b884"></canvas>
    <div class="tgme_background_pattern default"></div>
  </div>
    <div class="tgme_page_wrap">
      <div class="tgme_head_wrap">
        <div class="tgme_head">
          <a href="//telegram.org/" class="tgme_head_brand">
            ${S.TME_LOGO}
          </a>
          <a class="tgme_head_right_btn" href="//telegram.org/dl?tme=sim">
            Download
          </a>
        </div>
      </div>
      <div class="tgme_body_wrap">
        <div class="tgme_page">
          ${b.body}
        </div>
        
      </div>
    </div>

    <div id="tgme_frame_cont"></div>

    <script src="//telegram.org/js/tgwallpaper.min.js?3"></script>

    <script type="text/javascript">

var protoUrl = "tg:\\/\\/resolve?domain=${u}";
${S.LANDING_TAIL_SCRIPT}
    </script>
  </body>
</html>
<!-- page generated in 3.25ms -->
`;
}

const GENERIC_LOGO = 'https://telegram.org/img/t_logo_2x.png';

/**
 * t.me/<name>: the channel's landing page, or (channel null: free/deleted username) the
 * generic "Telegram: Contact @name" page of C02. Private channels have no "Preview channel" link.
 */
export function renderLanding(ch: SimChannel | null, username: string, ctx: RenderCtx): string {
  if (!ch) {
    const u = esc(username);
    return landingShell(username, {
      title: `Telegram: Contact @${username}`,
      ogTitle: `Telegram: Contact @${username}`,
      ogImage: GENERIC_LOGO,
      ogDescription: '',
      robots: true,
      body: `<div class="tgme_page_icon">
  <i class="tgme_icon_user"></i>
</div>
<div class="tgme_page_description">
  If you have <strong>Telegram</strong>, you can contact <a class="tgme_username_link" href="tg://resolve?domain=${u}">@${u}</a> right away.
</div>
<div class="tgme_page_action">
  <a class="tgme_action_button_new" href="tg://resolve?domain=${u}">Send Message</a>
</div>
<!-- WEBOGRAM_BTN -->
<!-- PRIVACY_BTN -->`,
    });
  }
  const img = `${ctx.mediaBase}/media/avatar-${ch.channelId}.jpg`;
  const preview =
    ch.state === 'ok' ? `\n<div class="tgme_page_context_link_wrap"><a class="tgme_page_context_link" href="/s/${ch.username}">Preview channel</a></div>` : '';
  return landingShell(ch.username, {
    title: `Telegram: View @${ch.username}`,
    ogTitle: ch.title,
    ogImage: img,
    ogDescription: ch.description,
    robots: false,
    body: `<div class="tgme_page_photo">
  <a href="tg://resolve?domain=${ch.username}"><img class="tgme_page_photo_image" src="${img}"></a>
</div>
<div class="tgme_page_title" dir="auto">
  <span dir="auto">${esc(ch.title)}</span>${ch.verified ? '<i class="verified-icon"> ✔</i>' : ''}
</div>
<div class="tgme_page_extra">${formatExact(ch.counters.subscribers)} subscribers</div>
<div class="tgme_page_description" dir="auto">${esc(ch.description).replace(/\n/g, '<br/>')}</div>
<div class="tgme_page_action">
  <a class="tgme_action_button_new shine" href="tg://resolve?domain=${ch.username}">View in Telegram</a>
</div>
<!-- WEBOGRAM_BTN -->${preview}
<div class="tgme_page_additional">
  If you have <strong>Telegram</strong>, you can view and join <br><strong>${esc(ch.title)}</strong> right away.
</div>`,
  });
}

/**
 * A channel blocked by Telegram. No real capture exists: modelled on the landing page
 * (C01 structure) with the block notice in `tgme_page_description` (see src/sim/README.md).
 */
export function renderBlocked(ch: SimChannel, ctx: RenderCtx): string {
  const img = `${ctx.mediaBase}/media/avatar-${ch.channelId}.jpg`;
  return landingShell(ch.username, {
    title: `Telegram: View @${ch.username}`,
    ogTitle: ch.title,
    ogImage: img,
    ogDescription: ch.blockReason,
    robots: false,
    body: `<div class="tgme_page_photo">
  <a href="tg://resolve?domain=${ch.username}"><img class="tgme_page_photo_image" src="${img}"></a>
</div>
<div class="tgme_page_title" dir="auto">
  <span dir="auto">${esc(ch.title)}</span>
</div>
<div class="tgme_page_extra">${formatExact(ch.counters.subscribers)} subscribers</div>
<div class="tgme_page_description" dir="auto">${esc(ch.blockReason)}</div>
<div class="tgme_page_action">
  <a class="tgme_action_button_new shine" href="tg://resolve?domain=${ch.username}">View in Telegram</a>
</div>
<!-- WEBOGRAM_BTN -->`,
  });
}

