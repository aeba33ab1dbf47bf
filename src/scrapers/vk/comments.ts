// A wall post's comments as interactions: read from the post's own page in VK's recorded reply
// markup (test/fixtures/vk/group_profile_page.html: `div.reply#post<owner>_<id>` with `a.author`,
// `img.reply_image`, `div.wall_reply_text`, `span.rel_date[time]`). VK shows no account age or
// followers there; a default picture (`camera_50.png`, `deactivated_50.png`) is "no avatar". Pure.
import type { FetchedPage, FetchStep, Interaction, InteractionsProbe, PostRecord, TargetRef } from '../types.js';
import { classifyVk } from './classify.js';
import { scanPage, squash } from './page.js';

/** VK's default pictures for accounts without one (and for deleted/blocked ones). */
const DEFAULT_PICTURE = /\/images\/(camera|deactivated|community)_\d+|\/images\/camera_[a-z]\.gif/;

/** The post's own page (it lists the comments): `<base>/wall<owner>_<post>`. */
export function planInteractionsVk(_t: TargetRef, s: { baseUrl: string }, post: PostRecord): FetchStep | undefined {
  return { via: 'http', url: `${s.baseUrl.replace(/\/+$/, '')}/wall${encodeURIComponent(post.key)}`, purpose: 'interactions' };
}

export function parseInteractionsVk(p: FetchedPage, _t: TargetRef, post: PostRecord): InteractionsProbe {
  if (p.status !== 200) return { state: 'no_verdict', interactions: [], reason: `HTTP ${p.status}` };
  const verdict = classifyVk(p);
  if (verdict.state !== 'ok') return { state: 'no_verdict', interactions: [], reason: verdict.reason ?? verdict.state };
  const s = scanPage(p);
  const $ = s.$;
  const origin = new URL(p.finalUrl || p.url).origin;
  const interactions: Interaction[] = [];
  $('div.reply[id^="post"]').each((_, el) => {
    const r = $(el);
    const id = /^post(-?\d+_\d+)$/.exec(r.attr('id') ?? '')?.[1];
    const a = r.find('a.author').first();
    if (!id || a.length === 0) return;
    const href = a.attr('href') ?? '';
    const handle = /^\/([A-Za-z0-9_.]{2,64})$/.exec(href)?.[1];
    const pic = r.find('img.reply_image').attr('src');
    const unix = Number(r.find('.rel_date[time]').attr('time'));
    interactions.push({
      kind: 'comment',
      key: id,
      url: `https://vk.com/wall${post.key}?reply=${id.split('_')[1]}`,
      author: {
        name: squash(a.text()),
        ...(handle ? { username: handle.toLowerCase(), url: `https://vk.com/${handle}` } : {}),
        avatar: pic !== undefined && !DEFAULT_PICTURE.test(pic),
        ...(pic ? { avatarUrl: new URL(pic, origin).toString() } : {}),
      },
      text: squash(r.find('.wall_reply_text').first().text()),
      ...(Number.isFinite(unix) && unix > 0 ? { at: new Date(unix * 1000).toISOString() } : {}),
    });
  });
  return { state: 'ok', interactions, total: interactions.length };
}
