// Whole m.vk.com pages for the simulator, shaped like the 2022 capture (vk_life.html): the owner
// panel, the wall (`div.wall_item`, 5 per page, newest first, the pinned post on top), "Show more".
// Pages of states no capture shows (blocked, deleted, private, geo-blocked, rate limit, login)
// carry VK's documented texts in a `div.service_msg` (src/sim/vk/README.md). Pure.
import { ownerOf, type VkSimAccount, type VkSimPost } from './model.js';
import { esc, grouped, shortCount, vkDate } from './format.js';
import { page, serviceMsg } from './shell.js';

export const WALL_PAGE = 5;

export interface VkRenderCtx {
  /** Origin of the sim (media URLs must be fetchable). */
  origin: string;
  now: number;
}

/** The wall in VK's order: pinned first, then newest first. */
export function wallOrder(a: VkSimAccount): VkSimPost[] {
  const desc = [...a.posts].sort((x, y) => y.num - x.num);
  const pin = desc.find((p) => p.num === a.pinned);
  return pin ? [pin, ...desc.filter((p) => p !== pin)] : desc;
}

const canonical = (a: VkSimAccount): string => `https://vk.com/${a.name}`;

function ownerPanel(a: VkSimAccount, ctx: VkRenderCtx): string {
  const avatar = `${ctx.origin}/media/vk-avatar-${a.id}.jpg`;
  const counters =
    a.kind === 'community'
      ? `<li><a class="pm_item" href="/${a.name}?act=members">Followers <em class="pm_counter">${grouped(a.followers)}</em></a></li>`
      : `<li><a class="pm_item" href="/friends?id=${a.id}">Followers <em class="pm_counter">${grouped(a.followers)}</em></a></li>`;
  const about = a.about ? `<div class="profile_info"><h3 class="slim_header">Info</h3><div class="profile_info_cont"><div><dl class="pinfo_row"><dt>About:</dt><dd>${esc(a.about).replace(/\n/g, '<br/>')}</dd></dl></div></div></div>` : '';
  return `    <div class="basisGroup pcont fit_box">
            <div class="PageBlock PageBlock--row">
        <div class="basisGroup__main owner_panel profile_panel">
          <div class="basisGroup__mainInfoRow">
            <a href="/photo${ownerOf(a)}_1?rev=1&from=profile" rel="noopener"><div class="pp_img"><div class="Avatar Avatar--loaded Avatar--mode-both Avatar--images-1 Avatar--borderRadius-full Avatar--theme-4 Avatar--size-72" role="img"   aria-label="${esc(a.title)}"><div class="Avatar__content"><div class="Avatar__image Avatar__image-1" style="background-image: url(&#39;${avatar}&#39;)"><div></div></div><div class="Avatar__text">${esc(a.title.slice(0, 1))}</div></div></div></div></a>
            <div class="basisGroup__mainInfo pp_cont">
              <h2 class="basisGroup__groupTitle op_header">${esc(a.title)}${a.verified ? '<b class="verified"></b>' : ''}</h2>
            </div>
          </div>
          <div class="basisGroup__buttonsRow">
            <div class="op_block"><a class="wide_link pp_auth_link" href="/login?to=${Buffer.from(a.name).toString('base64url')}" rel="noopener">Please <b>sign in</b> to start following this page.</a></div>
          </div>
        </div>
        <div class="ipanel">
          <a name="info"></a>${about}<ul class="profile_menu">
  ${counters}
</ul><a name="actions"></a><div class="profile_info"><h3 class="slim_header">Actions</h3><div class="profile_info_cont profile_info_custom"><ul class="context_menu">
  <li ><a href="/wall?act=toggle_subscribe&amp;owner_id=${ownerOf(a)}&amp;subscribe=1&amp;from=group" class="cm_item bli" id="wall_a_s"><span class="cm_label">Notify about posts</span></a></li>
</ul></div></div>
        </div>
      </div>
      </div>`;
}

export function renderPost(a: VkSimAccount, p: VkSimPost, ctx: VkRenderCtx): string {
  const id = `${ownerOf(a)}_${p.num}`;
  const text = esc(p.text).replace(/\n/g, '<br/>');
  const link = p.link ? ` <a href="/away.php?to=${encodeURIComponent(p.link)}&post=${id}" target="_blank" rel="noopener nofollow">${esc(p.link)}</a>` : '';
  const media: string[] = [];
  for (let i = 0; i < p.photos; i++) {
    const src = `${ctx.origin}/media/vk${id}-${i}.jpg`;
    media.push(`<div class="thumb_map thumb_map_wide thumb_map_l al_photo"><a  href="/photo${ownerOf(a)}_${p.num * 100 + i}?rev=1&post=${id}&from=group"  aria-label="photo" class="thumb_link "><div style="background-image: url(${src});"  class="thumb_map_img thumb_map_img_as_div"  data-id="${ownerOf(a)}_${p.num * 100 + i}" data-src_big="${src}|604|431" data-restriction="null"></div></a></div>`);
  }
  if (p.video) {
    const s = p.video.seconds;
    const dur = `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
    media.push(`<div class="thumb_map thumb_map_wide thumb_map_l"><a  href="/video${ownerOf(a)}_${p.num}?from=wall${id}"  aria-label="${esc(p.video.title)} is ${Math.floor(s / 60)} minutes ${s % 60} seconds long " class="thumb_link "><span class="mt_label mt_dur">${dur}</span><div style="background-image: url(${ctx.origin}/media/vk${id}-poster.jpg);"  class="thumb_map_img thumb_map_img_as_div" ></div></a></div>`);
  }
  const medias = media.length ? `\n    <div class="pi_medias thumbs_list thumbs_list1">  <div class="medias_thumbs medias_thumbs_map"><div class="thumbs_map_wrap" style="width: 100%;"><div class="thumbs_map fill">${media.join('')}</div></div></div></div>` : '';
  const pinned = a.pinned === p.num ? '\n        <div class="wi_explain"><span class="explain">pinned post</span></div>' : '';
  return `<div class="wall_item">
          <a class="post__anchor anchor" name="post${id}"></a>
      <div class="wi_head">
        <a href="/${a.name}?from=group" data-post-id="${id}" data-post-click-type="post_owner_img" rel="noopener"><div class="PostHeader__avatarWrapper PostHeader__avatarWrapper--default"></div></a>
<div class="PostHeader__contentWrapper ">
  <div class="wi_cont">
        <div class="wi_author"><a class="pi_author" href="/${a.name}?from=group" rel="noopener" data-post-id="${id}" data-post-click-type="post_owner_link"data-post-owner-type="${a.kind === 'community' ? 'group' : 'user'}">${esc(a.title)}</a>${a.verified ? '<b class="verified"></b>' : ''} </div>
    <div class="wi_info"><a class="wi_date" href="/wall${id}" rel="noopener">${vkDate(p.date, ctx.now)}</a></div>
  </div>
</div>
      </div>
      <div class="wi_body">${pinned}
              <div class="pi_text">${text}${link}</div>${medias}
        <div class="PostRowBottomButtons Post__row _wi_buttons"><div class="PostRowBottomButtons__buttons"></div><div class="PostRowBottomButtons__views"><span class=" wall_item_views" aria-label="${p.views} views"><span class="Socials__icon Socials__icon_views"></span><span class="Socials__count Socials__viewsCount">${shortCount(p.views)}</span></span></div></div>
      </div>
    </div>`;
}

/** The account page with its wall from `offset` (VK's "Show more" pages: `?offset=N&own=1`). */
export function renderWall(a: VkSimAccount, ctx: VkRenderCtx, offset = 0, opts: { noPosts?: boolean } = {}): string {
  const all = opts.noPosts ? [] : wallOrder(a);
  const shown = all.slice(offset, offset + WALL_PAGE);
  const more = offset + WALL_PAGE < all.length ? `\n      <div class="show_more_wrap"><a class="show_more" href="/${a.name}?offset=${offset + WALL_PAGE}&own=1" rel="noopener">Show more</a></div>` : '';
  const body = `${ownerPanel(a, ctx)}
          <a name="wall"></a>
    <a name="posts"></a>
    <div class="WallSearchBtn__wrapper"><h3 class="slim_header slim_header_block_top">${grouped(a.posts.length)} posts</h3></div>
    <div id="posts_container" class="wall_posts upanel bl_cont  mark_top " data-stat-container="group_wall">
          ${shown.map((p) => renderPost(a, p, ctx)).join('    ')}${more}
    </div>`;
  return page({ title: a.title, description: a.about, canonical: canonical(a), body });
}

/** One post's own page (m.vk.com/wall<owner>_<num>). */
export function renderPostPage(a: VkSimAccount, p: VkSimPost, ctx: VkRenderCtx): string {
  return page({ title: `Post by ${a.title}`, canonical: `https://vk.com/wall${ownerOf(a)}_${p.num}`, body: `\n    <div class="wall_posts upanel">${renderPost(a, p, ctx)}</div>${renderComments(a, p)}` });
}

/**
 * The post's comments. Modelled on the recorded desktop reply markup (test/fixtures/vk/
 * group_profile_page.html: `div.reply#post<owner>_<id>`, `a.author`, `img.reply_image`,
 * `div.wall_reply_text`, `span.rel_date[time]`); no recording of m.vk.com's comments exists.
 * Commenters without a picture get VK's default `camera_50.png`.
 */
function renderComments(a: VkSimAccount, p: VkSimPost): string {
  const cs = p.comments ?? [];
  if (cs.length === 0) return '';
  const owner = ownerOf(a);
  const one = (c: NonNullable<VkSimPost['comments']>[number]) => `<div id="post${owner}_${c.id}" class="reply reply_dived clear">
  <div class="reply_table">
    <a class="reply_image" href="/${esc(c.handle)}"><img src="${c.avatar ? `https://sun9-1.userapi.com/c${c.id}/avatar_50.jpg` : 'https://vk.com/images/camera_50.png'}" width="50" height="50" class="reply_image" /></a>
    <div class="reply_info">
      <div class="reply_text">
        <a class="author" href="/${esc(c.handle)}">${esc(c.name)}</a>
        <div class="wall_reply_text">${esc(c.text)}</div>
      </div>
      <div class="info_footer"><a class="wd_lnk" href="/wall${owner}_${p.num}?reply=${c.id}"><span class="rel_date" time="${c.date}">${new Date(c.date * 1000).toISOString()}</span></a></div>
    </div>
  </div>
</div>`;
  return `\n    <div class="replies_wrap clear" id="replies_wrap${owner}_${p.num}"><div id="replies${owner}_${p.num}"><div class="wrh_text">${cs.length} comments</div>\n${cs.map(one).join('\n')}\n</div></div>`;
}

/** A page whose content is one of VK's notices; `withOwner` keeps the header (private accounts). */
export function renderNotice(text: string, opts: { account?: VkSimAccount; ctx?: VkRenderCtx; kind?: 'error' | 'null' } = {}): string {
  const head = opts.account && opts.ctx ? ownerPanel(opts.account, opts.ctx) : '';
  return page({ title: opts.account?.title ?? 'VK', ...(opts.account ? { canonical: canonical(opts.account) } : {}), body: `${head}\n    ${serviceMsg(text, opts.kind ?? 'null')}` });
}

/** The login page visitors without a session are sent to (`/login?to=…`). */
export function renderLogin(): string {
  return page({ title: 'Log in', body: `\n    <div class="login_page"><form method="post" action="https://login.vk.com/?act=login&_origin=https://m.vk.com&ip_h=0&lg_h=0&role=pda&utf8=1"><input type="text" name="email" /><input type="password" name="pass" /><input type="submit" value="Log in" /></form></div>` });
}
