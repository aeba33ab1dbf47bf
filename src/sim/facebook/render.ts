// What the simulated Facebook serves: the 2021 mobile site's markup as recorded in the
// facebook-scraper cassettes (test/fixtures/facebook): a Page's posts tab, its "more" batches
// (`for (;;);{"payload":…}`), a story page, and (modelled on quoted strings, README) the
// "unavailable" page, the login page and the country block. Pure.
import type { FbSimComment, FbSimPage, FbSimPost } from './model.js';

export interface FbRenderCtx {
  /** Origin media URLs point at (the sim's own, so archiving media works). */
  origin: string;
  country: string;
  /** The sim's clock (ms): comment times are printed relative to it. Default: the real clock. */
  now?: number;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#039;');
/** data-ft/data-store attribute values are JSON with quotes and braces as character references. */
const attrJson = (v: unknown): string => JSON.stringify(v).replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/\{/g, '&#123;').replace(/\}/g, '&#125;');
const signed = (id: string): string => `_nc_cat=104&amp;ccb=1-3&amp;_nc_sid=dd9801&amp;_nc_ohc=${Buffer.from(id).toString('base64url').slice(0, 11)}&amp;_nc_ht=sim&amp;oh=${id.slice(-8)}f0&amp;oe=60E521E1`;

const HEAD =
  '<meta name="viewport" content="user-scalable=no,initial-scale=1,maximum-scale=1" /><link href="https://static.xx.fbcdn.net/rsrc.php/v3/yj/r/gB76kJXPYJV.png" rel="shortcut icon" sizes="196x196" /><meta name="referrer" content="origin-when-crossorigin" id="meta_referrer" /><meta name="theme-color" content="#3b5998" />';

const shell = (title: string, head: string, body: string): string =>
  `<!DOCTYPE html><html lang="en"><head><title>${title}</title>${HEAD}${head}</head><body tabindex="0" class="touch x2 android _fzu _50-3 iframe _2v9s"><div id="viewport"><div class="_2v9s" id="root" role="main" data-sigil="context-layer-root content-pane">${body}</div></div></body></html>`;

function loginBar(p: FbSimPage, next: string): string {
  return (
    `<div class="_3-rk _4n41 _2o1n" id="mobile_login_bar"><div class="_3-rl _7om2"><div class="_8q13"><strong>${esc(p.name)} is on Facebook.</strong> To connect with ${esc(p.name)}, log in or create an account.</div></div>` +
    `<div><div class="_3-rj"><a href="/login.php?next=${encodeURIComponent(next)}&amp;ref=104" role="button" data-sigil="touchable"><span class="_55sr">Log In</span></a><a href="/r.php?next=${encodeURIComponent(next)}&amp;cid=104" role="button" data-sigil="touchable"><span class="_55sr">Create New Account</span></a></div></div></div>`
  );
}

function ft(p: FbSimPage, s: FbSimPost): object {
  const style = s.attachment === 'photo' ? 'photo' : s.attachment === 'video' ? 'video_inline' : 'status';
  return {
    mf_story_key: s.id,
    top_level_post_id: s.id,
    tl_objid: s.id,
    content_owner_id_new: p.pageId,
    throwback_story_fbid: s.id,
    page_id: p.pageId,
    story_location: 4,
    story_attachment_style: style,
    tds_flgs: 3,
    ott: `AX${Buffer.from(s.id).toString('base64url').slice(0, 14)}`,
    page_insights: {
      [p.pageId]: {
        page_id: p.pageId,
        page_id_type: 'page',
        actor_id: p.pageId,
        dm: { isShare: 0, originalPostOwnerID: 0 },
        psn: 'EntStatusCreationStory',
        post_context: { object_fbtype: 266, publish_time: s.publishTime, story_name: 'EntStatusCreationStory', story_fbid: [s.id] },
        role: 1,
        sl: 4,
      },
    },
    tn: '-R',
  };
}

const when = (t: number): string => {
  const d = new Date(t * 1000);
  return `${d.getUTCDate()} ${d.toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' })} at ${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
};

function textBlock(p: FbSimPage, s: FbSimPost): string {
  const paras = s.text.split('\n').map((l) => `<p>${esc(l)}</p>`);
  const links = s.links.map((u) => `<p><a href="https://lm.facebook.com/l.php?u=${encodeURIComponent(u)}&amp;h=AT0q3jO85VjZ3gQoEFp600syJPbLiHrzPN1CCPJe3f" target="_blank" rel="noopener" data-sigil="MLynx_asynclazy">${esc(u)}</a></p>`);
  return `<div class="_5rgt _5nk5 _5msi" style="" data-gt="{&quot;tn&quot;:&quot;*s&quot;}" ><div><span>${[...paras, ...links].join('')}</span></div><a href="/story.php?story_fbid=${s.id}&amp;id=${p.pageId}&amp;__tn__=%2As%2As-R" aria-label="Open story" class="_5msj"></a></div>`;
}

function attachment(p: FbSimPage, s: FbSimPost, ctx: FbRenderCtx): string {
  if (s.attachment === 'photo' && s.photoId) {
    return `<div class="_5rgu _7dc9 _27x0" ><div class="_5uso _5t8z" data-gt="{&quot;tn&quot;:&quot;E&quot;}"><a href="/${p.vanity}/photos/a.${p.pageId}/${s.photoId}/?type=3&amp;source=48&amp;__tn__=EH-R" class="_39pi"><div class="_7ab_"><div class="_50xr _4g6 _4prr _11cc _-_b _403j" style="max-width:360px;max-height:240px;"><img src="${ctx.origin}/media/${s.photoId}.jpg?${signed(s.photoId)}" width="360" height="240" class="_5sgi img _4s0y" style="height: auto" alt="May be an image"></div></div></a></div><div></div><div></div></div>`;
  }
  if (s.attachment === 'video') {
    return `<div class="_5rgu _7dc9 _27x0" ><section class="_2rea _24e1 _412_ _bpa _vyy _5t8z"><div class="_2zi_ _zgm _2zj0"><div class="_53mw"  data-sigil="inlineVideo"><i class="img _lt3 _4s0y" style="background: url('${ctx.origin}/media/v${s.id}.jpg') no-repeat center;background-size:100% auto;padding-bottom:56.111%;" data-sigil="playInlineVideo"></i><div class="_1o0y" data-sigil="m-video-play-button playInlineVideo"><span style="display:block;height:0;overflow:hidden;position:absolute;width:0;padding:0">Play Video</span></div></div></div></section><div></div><div></div></div>`;
  }
  return '<div class="_5rgu _7dc9 _27x0" ></div>';
}

/** One story: `<article data-ft>` with header, text block, attachment and counts, as in the cassettes. */
export function renderStory(p: FbSimPage, s: FbSimPost, ctx: FbRenderCtx, n: number): string {
  const verified = p.verified ? '<span class="_56_f _5dzy _5dz- _3twv" role="img" aria-label="Verified Page"></span>' : '';
  const link = s.attachment === 'photo' && s.photoId ? `/${p.vanity}/photos/a.${p.pageId}/${s.photoId}/?type=3&amp;__tn__=-R` : `/story.php?story_fbid=${s.id}&amp;id=${p.pageId}&amp;__tn__=-R`;
  return (
    `<article class="_55wo _5rgr _5gh8 _3drq async_like" data-store="${attrJson({ linkdata: `mf_story_key.${s.id}:top_level_post_id.${s.id}:page_id.${p.pageId}`, feedback_target: Number(s.id), feedback_source: 0, action_source: 0, actor_id: null })}" data-ft="${attrJson(ft(p, s))}" id="u_0_${n.toString(36)}_sm" data-sigil="story-div story-popup-metadata feed-ufi-metadata">` +
    `<div class="story_body_container"><header class="_7om2 _1o88 _77kd _5qc1"><div class="_4g34 _5i2i _52we"><div class="_5xu4"><div class="_7om2 _52wc"><div class="_4g34"><h3 class="_52jd _52jb _52jh _5qc3 _4vc- _3rc4 _4vc-" data-gt="{&quot;tn&quot;:&quot;C&quot;}"><span><strong><a href="/${p.vanity}/?__tn__=C-R">${esc(p.name)}</a></strong>${verified}</span></h3>` +
    `<div class="_52jc _5qc4 _78cz _24u0 _36xo" data-sigil="m-feed-voice-subtitle"><a href="${link}"><abbr>${when(s.publishTime)}</abbr></a><span aria-hidden="true"> · </span><span><div class="_7jwi"><span data-sigil="audience-icon"><i class="feedAudienceIcon img sp_NBcq5ssshs7_3x sx_72c868" aria-label="Public" role="img"></i></span></div></span></div></div></div></div></div></header>` +
    textBlock(p, s) +
    attachment(p, s, ctx) +
    `</div><footer class="_22rc" ><div class="_2ip_ _4b44" id="feedback_inline_${s.id}" data-sigil="mufi-inline"><div class="_2og4 slimLike _15kj _34qc _4b45" id="counts_feedback_inline_${s.id}"><a href="/story.php?story_fbid=${s.id}&amp;id=${p.pageId}&amp;__tn__=%2AW-R" data-sigil="feed-ufi-trigger"><span class="_28-d"><span class="like_def _28wy">${s.likes} Likes</span><span class="cmt_def _28wy">${s.comments} comments</span></span></a></div></div></footer></article>`
  );
}

/** The "more" URL of the batch after the first `offset` stories (start_cursor as the real one: JSON, URL-encoded). */
export const moreHref = (p: FbSimPage, offset: number): string =>
  `/page_content_list_view/more/?page_id=${p.pageId}&start_cursor=${encodeURIComponent(JSON.stringify({ timeline_cursor: Buffer.from(`sim:${offset}`).toString('base64url'), timeline_section_cursor: null, has_next_page: true }))}&num_to_fetch=4&surface_type=posts_tab`;

export const offsetOf = (startCursor: string | null): number | undefined => {
  try {
    const c = JSON.parse(startCursor ?? '') as { timeline_cursor?: string };
    const m = /^sim:(\d+)$/.exec(Buffer.from(c.timeline_cursor ?? '', 'base64url').toString());
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
};

const moreScript = (href: string | undefined): string =>
  href ? `<script nonce="sim">(function(){requireLazy(["ServerJS"],function(s){(new s()).handle({require:[["InitMMoreItemAutomatic","main",[],[{id:"see_more_cards_id",href:${JSON.stringify(href)},proximity_pages:5,persist_on_reload:false}]]]})})})();</script>` : '';

/** The Page's posts tab (`/<page>/posts/`), logged out, as `ctx.country` sees it. */
export function renderPostsTab(p: FbSimPage, stories: FbSimPost[], more: string | undefined, ctx: FbRenderCtx, loggedIn: boolean): string {
  const d = `${esc(p.name)}. ${p.likes.toLocaleString('en-US')} likes &#xb7; ${p.talking.toLocaleString('en-US')} talking about this. ${esc(p.about)}`;
  const head = `<meta name="description" content="${d}" /><meta property="og:title" content="${esc(p.name)}" /><meta property="og:description" content="${d}" /><meta property="og:image" content="${ctx.origin}/media/avatar-${p.pageId}.png?${signed(p.pageId)}" /><meta property="og:url" content="https://www.facebook.com/${p.vanity}/posts/" />`;
  const body =
    `<div class="_7om2"><div class="_4g34 _4_xl"><div id="msite-pages-header-contents">${loggedIn ? '' : loginBar(p, `https://m.facebook.com/${p.vanity}/posts/`)}</div></div></div>` +
    `<div id="pages_msite_body_contents"><div><div id="page_suggestions_on_liking" style="display:none"></div><div style="padding-top:8px"><div><div class="_3drp">${stories.map((s, i) => renderStory(p, s, ctx, i)).join('')}</div></div><div class="_721v"><div class="_721w"></div></div></div>` +
    (more ? '<div class="apl" id="see_more_cards_id" data-sigil="marea"><div style="text-align:center;" class="centeredIndicator"></div></div>' : '') +
    `</div></div>${loggedIn ? '' : '<div class="_56be _2cju" data-sigil="loggedout_mobile_cta_footer"></div>'}${moreScript(more)}`;
  return shell(`${esc(p.name)} - Posts | Facebook`, head, body);
}

/** A "more" batch: `for (;;);` + JSON whose actions carry the stories' HTML and the next "more" script. */
export function renderMore(p: FbSimPage, stories: FbSimPost[], more: string | undefined, ctx: FbRenderCtx, offset: number): string {
  const html = `<div><div id="page_suggestions_on_liking" style="display:none"></div><div style="padding-top:8px"><div><div class="_3drp">${stories.map((s, i) => renderStory(p, s, ctx, offset + i)).join('')}</div></div></div>${more ? '<div class="apl" id="see_more_cards_id" data-sigil="marea"></div>' : ''}</div>`;
  const actions: object[] = [{ cmd: 'replace', target: 'see_more_cards_id', html }];
  if (more) actions.push({ cmd: 'script', code: `(new (require("ServerJS"))()).handle({"require":[["InitMMoreItemAutomatic","main",[],[{"id":"see_more_cards_id","href":${JSON.stringify(more)},"proximity_pages":5}]]]});` });
  // Facebook escapes "<" and "/" inside the payload's strings.
  const json = JSON.stringify({ payload: { actions, contentless_response: false } }).replace(/</g, '\\u003C').replace(/\//g, '\\/');
  return `for (;;);${json}`;
}

/** Comments shown on a story page (the recorded pages list 30, then "View more comments…"). */
export const COMMENTS_SHOWN = 50;
/** Facebook's default profile picture (src/scrapers/facebook/comments.ts DEFAULT_PICTURE), served by the sim. */
const SILHOUETTE = '84628273_176159830277856_972693363922829312_n.jpg';

/** The time under a comment as the mobile site prints it: "Just now", "5 mins", "3 hrs", "on Fri", "2 wks", "4 mths", "1 yr". */
export function commentAge(at: number, now: number): string {
  const s = Math.max(0, Math.floor((now - at) / 1000));
  const n = (v: number, one: string, many: string) => `${v} ${v === 1 ? one : many}`;
  if (s < 60) return 'Just now';
  if (s < 3600) return n(Math.floor(s / 60), 'min', 'mins');
  if (s < 86_400) return n(Math.floor(s / 3600), 'hr', 'hrs');
  if (s < 7 * 86_400) return `on ${new Date(at).toLocaleString('en-GB', { weekday: 'short', timeZone: 'UTC' })}`;
  if (s < 30 * 86_400) return n(Math.floor(s / (7 * 86_400)), 'wk', 'wks');
  if (s < 365 * 86_400) return n(Math.floor(s / (30 * 86_400)), 'mth', 'mths');
  return n(Math.floor(s / (365 * 86_400)), 'yr', 'yrs');
}

/** One comment as in the recorded pages; logged in, the picture links to the commenter's profile. */
export function renderComment(s: FbSimPost, c: FbSimComment, ctx: FbRenderCtx, loggedIn: boolean): string {
  const src = c.avatar ? `${ctx.origin}/media/p${c.userId}.jpg?${signed(c.userId)}` : `${ctx.origin}/media/${SILHOUETTE}?_nc_cat=1&amp;ccb=1-3&amp;_nc_sid=7206a8`;
  const img = `<img src="${src}" width="36" height="36" class="_1-yc profpic img" alt="${esc(c.name)}, profile picture" />`;
  const pic = loggedIn ? `<a href="/${c.username}?refid=52&amp;__tn__=R">${img}</a>` : img;
  const token = attrJson({ token: `${s.id}_${c.id}` });
  return (
    `<div class="_2a_i" data-store="${token}" id="${c.id}" data-uniqueid="${c.id}" data-gt="&#123;&quot;tn&quot;:&quot;R&quot;&#125;" data-sigil="comment">` +
    `<div class="_2a_j" data-sigil="feed_story_ring${c.userId}"><div class="_2b00"><div>${pic}</div><div class="_2b03"></div></div></div>` +
    `<div class="_2b04"><div class="_14v5"><div class="_2b06"><div class="_2b05">${esc(c.name)}</div><div data-commentid="${s.id}_${c.id}" data-sigil="comment-body">${esc(c.text)}</div></div></div>` +
    `<div class="_2b08 _4ghu" data-sigil="ufi-inline-comment-actions"><abbr class="_4ghv _2b0a">${commentAge(c.at, ctx.now ?? Date.now())}</abbr><a class="_1l26 _2b0a">Report</a></div></div></div>`
  );
}

/** The comments area under a story (`div.ufi`): the newest COMMENTS_SHOWN, and "View more comments…" with the total. */
function renderUfi(p: FbSimPage, s: FbSimPost, ctx: FbRenderCtx, loggedIn: boolean): string {
  const shown = s.commentList.slice(-COMMENTS_SHOWN);
  const more = s.commentList.length > shown.length
    ? `<div class="async_elem" id="see_next_${s.id}"><a href="/story.php?story_fbid=${s.id}&amp;id=${p.pageId}&amp;p=${COMMENTS_SHOWN}" class="_108_" data-ajaxify-href="/ajax/ufi.php?count=${s.commentList.length}&amp;pc=1&amp;prev&amp;p=${COMMENTS_SHOWN}&amp;oldIndex=0${loggedIn ? '' : '&amp;isLoggedoutUFI'}&amp;ft_ent_identifier=${s.id}" data-sigil="ajaxify">View more comments…</a></div>`
    : '';
  return `<div class="_59e9 _1-ut _2a_g _34oh" id="ufi_${s.id}" data-sigil="m-photo-ufi"><div class="_45kb ufi" data-sigil="m-ufi"><div class="_333v _45kb">${shown.map((c) => renderComment(s, c, ctx, loggedIn)).join('')}${more}</div></div></div>`;
}

/** A post's story page (where `/<page>/posts/<id>` leads for a text post), with its comments. */
export function renderStoryPage(p: FbSimPage, s: FbSimPost, ctx: FbRenderCtx, loggedIn = false): string {
  const first = esc(s.text.split(/\s+/).slice(0, 8).join(' '));
  const head = `<meta property="og:title" content="${esc(p.name)}" /><meta property="og:description" content="${esc(s.text)}" /><meta property="og:url" content="https://www.facebook.com/story.php?story_fbid=${s.id}&amp;id=${p.pageId}" />`;
  return shell(`${esc(p.name)} - ${first}... | Facebook`, head, `<div id="m_story_permalink_view">${renderStory(p, s, ctx, 0)}${renderUfi(p, s, ctx, loggedIn)}</div>`);
}

/** Facebook's one answer for deleted, unpublished, restricted and removed Pages and posts (modelled, README). */
export const renderUnavailable = (): string =>
  shell(
    'Facebook',
    '',
    '<div class="_4-u2 _4-u8"><div class="_4-u3"><h2 class="_4-u9">This content isn&#039;t available right now</h2><div class="_4-ua">When this happens, it&#039;s usually because the owner only shared it with a small group of people, changed who can see it or it&#039;s been deleted.</div><a href="/home.php" data-sigil="touchable">Go to News Feed</a></div></div>',
  );

/** A country block (modelled on the quoted post-level string, README). */
export const renderWithheld = (what: 'post' | 'content'): string =>
  shell('Facebook', '', `<div class="_4-u2 _4-u8"><div class="_4-u3"><h2 class="_4-u9">This ${what} is not available in your country.</h2></div></div>`);

/** The login page a logged-out or expired session is sent to. */
export const renderLogin = (): string =>
  shell(
    'Log into Facebook | Facebook',
    '',
    '<div class="_5soa acw"><div class="_52jj">You must log in to continue.</div><form method="post" action="/login/device-based/regular/login/?refsrc=deprecated" class="mobile-login-form _9hp- _5spm" id="login_form" novalidate="1" data-sigil="m_login_form"><input type="text" class="_56bg _4u9z _5ruq" autocomplete="on" id="m_login_email" name="email" placeholder="Mobile number or email address" /><input type="password" class="_56bg _4u9z _27z2" name="pass" placeholder="Password" /><button type="button" value="Log In" class="_54k8 _52jh _56bs _56b_ _28lf _9cow _56bw _56bu" name="login" data-sigil="touchable m_login_button"><span class="_55sr">Log In</span></button></form></div>',
  );

export const renderConsent = (): string =>
  shell('Facebook', '', '<div class="_9xo5"><h2>Allow the use of cookies from Facebook on this browser?</h2><button data-cookiebanner="accept_button">Allow all cookies</button></div>');

export const JPEG = Buffer.from('/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=', 'base64');
