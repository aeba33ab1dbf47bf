// The m.vk.com page frame, following the 2022 capture test/fixtures/vk/spevktator/vk_life.html:
// its head meta tags and layout wrappers (`.layout`, `#vk_wrap`, `.basis`, `#mcont[data-canonical]`).
// Scripts, stylesheets and counters of the capture are left out (nothing Vigil reads).
import { esc } from './format.js';

export function page(o: { title: string; description?: string; canonical?: string; body: string }): string {
  const desc = o.description ? `\n        <meta name="description" content="${esc(o.description)}" />\n        <meta property="og:description" content="${esc(o.description)}" />` : '';
  const canonical = o.canonical ? `\n        <link rel="canonical" href="${esc(o.canonical)}" />` : '';
  return `            <!DOCTYPE html>
      <html lang="en" class="vk vk_js_no vk_1x vk_flex_no r d h  vk_appAuth_no n vk_old  vk_schemes_no   ">
      <head>
              <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1.0, minimum-scale=1.0, maximum-scale=1.0, minimal-ui, user-scalable=no" />
        <meta name="format-detection" content="telephone=no" />
        <meta http-equiv="X-UA-Compatible" content="IE=edge" />
        <meta name="MobileOptimized" content="176" />
        <meta name="HandheldFriendly" content="True" />
        <base id="base">
        ${desc}
        <link rel="shortcut icon" href="/images/icons/favicons/fav_logo.ico?8"></link>
    <meta name="apple-mobile-web-app-title" content="VK">
    <meta name="application-name" content="VK">
        <meta name="theme-color" content="#ffffff">
<meta name="color-scheme" content="light">
        <title>${esc(o.title)} | VK</title>${canonical}
      </head>

      <body  class="vk__page _ivk _hover vk_ios_no _hfixed vk_stickers_hints_support_no opera_mini_no vk_safari_no vk__page_group vk_tabbar_bottom    vk_al_no ">
            <div class="layout">
          <div class="layout__header mhead" id="vk_head">
      <div class="hb_wrap">
        <div class="hb_btn">&nbsp;</div>
      </div>
    </div>
      <div class="layout__body " id="vk_wrap">
        <div class="layout__leftMenu" id="l">
        </div>
        <div class="layout__basis" id="m" role="main">
              <div class="basis">
      <div class="basis__header mhead basis__header_noBottomMenu basis__header_noshadow basis__header_noshadowAnim basis__header_unauthorized basis__header_nohide" id="mhead"><div class="UnauthorizedHeader"><div class="UnauthorizedHeader__row"><div class="UnauthorizedHeader__logoWrapper"><div><div class="mhi_logo hb_btn"><div aria-hidden="true" class="svgIcon svgIcon-vk_logo_24"></div></div><span class="visually-hidden">VK</span></div></div></div></div></div>
      <div class="basis__menu"><div class="AudioPlayerBottomContainer"></div><div class="VideoFilterBadgeFiller"></div></div>
      <div class="basis__content mcont " id="mcont"${o.canonical ? ` data-canonical="${esc(o.canonical)}"` : ''}>${o.body}
    </div>
    </div>
        </div>
      </div>
    </div>
        <div id="vk_utils"></div>
        <div id="z"></div>
      </body>
    </html>`;
}

/** A notice instead of content: `div.service_msg` (the class VK's per-second limit text comes in). */
export const serviceMsg = (text: string, kind: 'error' | 'null' = 'null'): string =>
  `<div class="service_msg_box"><div class="service_msg service_msg_${kind}">${esc(text)}</div></div>`;
