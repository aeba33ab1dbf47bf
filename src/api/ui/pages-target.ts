// A target's screen (timeline of posts with deleted/edited marks, edits side by side, views
// chart, account state history, pagination) and one post's screen. Pure renderers.
import type { EventRow, PostRow, TargetRow } from '../../catalog/types.js';
import { blobLink, captureHref, eventHref, postHref, safeUrl, time } from './bits.js';
import { timeChart } from './chart.js';
import { fmtEvery } from './csv.js';
import { badge, h, layout, type Html } from './html.js';
import { EN, type Ui } from './i18n.js';
import { statusBadges } from './pages-targets.js';
import { editSides } from './word-diff.js';

/** Events that describe the account rather than one post: its state history, attacks, campaigns. */
const ACCOUNT_LEVEL = (e: EventRow) => !e.postId || e.type.startsWith('account_') || e.type === 'attack_suspected' || e.type === 'campaign';

/**
 * Events this one is "consistent with" (never "caused by"): a takedown's `details.consistentWith`
 * names the attack before it ({attackEventId, lagSeconds}); a campaign lists its attacks.
 */
export const relatedIds = (e: EventRow): string[] => {
  const d = e.details ?? {};
  const link = d.consistentWith as { attackEventId?: unknown } | unknown[] | undefined;
  if (link && !Array.isArray(link) && typeof link.attackEventId === 'string') return [link.attackEventId];
  const v = (Array.isArray(link) ? link : (d.attacks ?? d.related ?? d.events)) as unknown;
  if (!Array.isArray(v)) return [];
  return v.map((x) => (typeof x === 'string' ? x : (x as { eventId?: unknown; id?: unknown })?.eventId ?? (x as { id?: unknown })?.id)).filter((x): x is string => typeof x === 'string').slice(0, 20);
};

/** "consistent with <attack> · N h after": the events this one follows, never worded as a cause. */
export function linkNote(e: EventRow, ui: Ui): Html | string {
  const ids = relatedIds(e);
  if (!ids.length) return '';
  const lag = (e.details?.consistentWith as { lagSeconds?: unknown } | undefined)?.lagSeconds;
  // Under an hour in minutes (a farm often precedes a takedown by minutes: "0 h" would hide it).
  const after = typeof lag !== 'number' ? '' : lag < 3600 ? ` · ${Math.max(1, Math.round(lag / 60))} ${ui.t('minAfter')}` : ` · ${Math.round(lag / 360) / 10} ${ui.t('hAfter')}`;
  return h`<div><small>${ui.t('consistentWith')}: ${ids.map((r) => h`<a href="${eventHref(r)}">${r}</a> `)}${after}</small></div>`;
}

export function editBlock(p: PostRow, edit: EventRow | undefined, ui: Ui): Html {
  if (p.versions.length < 2 && !edit?.details?.diff) return h``;
  const prev = p.versions[p.versions.length - 2];
  const last = p.versions[p.versions.length - 1];
  const s = editSides(edit?.details?.diff, prev?.text ?? '', last?.text ?? p.text);
  return h`<div class="edit"><small>${ui.t('editDiff')}${edit ? h` · <a href="${eventHref(edit.id)}">${edit.type}</a>` : ''}</small><div class="cols">
    <div><b>${ui.t('before')}</b> ${prev ? h`<small>${time(prev.observedAt)}</small>` : ''}<div class="text before">${s.before}</div></div>
    <div><b>${ui.t('after')}</b> ${last ? h`<small>${time(last.observedAt)}</small>` : ''}<div class="text after">${s.after}</div></div></div></div>`;
}

export function postCard(p: PostRow, events: readonly EventRow[], ui: Ui, opts: { full?: boolean } = {}): Html {
  const { t } = ui;
  const edit = [...events].reverse().find((e) => e.type === 'post_edited' && e.postId === p.id && e.status !== 'dismissed');
  const del = events.find((e) => e.type === 'post_deleted' && e.postId === p.id && e.status !== 'dismissed');
  const marks = h`${p.deleted ? badge('deleted', t('deleted')) : ''} ${p.edited ? badge('edited', t('edited')) : ''}`;
  const versions = opts.full
    ? h`<ol>${p.versions.map((v, i) => h`<li><small>${t('version')} ${i + 1} · ${t('seen')} ${time(v.observedAt)} · sha256 ${blobLink(v.sha256, v.sha256)}</small><div class="text">${v.text}</div></li>`)}</ol>`
    : h``;
  const caps = [...new Set(p.artifacts.map((a) => a.captureId))];
  return h`<div class="post${p.deleted ? ' deleted' : ''}${p.edited ? ' edited' : ''}" id="p${p.numKey}">
    <div><a href="${postHref(p.targetId, p.id)}">${p.id}</a> ${marks} <small>${t('published')} ${time(p.publishedAt)} · ${t('firstSeen')} ${time(p.firstSeenAt)} ·
    ${t('lastSeenAt')} ${time(p.lastSeenAt)}${p.deletedAt ? h` · ${t('deletedAt')} ${time(p.deletedAt)}` : ''}${p.views !== undefined ? h` · ${p.views} ${t('views')}` : ''}
    · <a href="${safeUrl(p.url)}" rel="noreferrer noopener">${p.url}</a></small>${del ? h` · <a href="${eventHref(del.id)}">${del.type}</a>` : ''}</div>
    <div class="text">${p.text}</div>${editBlock(p, edit, ui)}${versions}
    ${caps.length ? h`<div><small>${t('captures')}: ${caps.map((c) => h`<a href="${captureHref(c)}">${c}</a> `)} ·
      ${p.artifacts.map((a) => h`${blobLink(a.sha256, a.name)} `)}</small></div>` : ''}</div>`;
}

export function stateHistory(events: readonly EventRow[], ui: Ui): Html {
  const rows = events.filter(ACCOUNT_LEVEL).sort((a, b) => a.detectedAt.localeCompare(b.detectedAt));
  if (!rows.length) return h`<p><small>${ui.t('noStateEvents')}</small></p>`;
  return h`<table class="history"><tr><th>${ui.t('detected')}</th><th>${ui.t('type')}</th><th>${ui.t('status')}</th><th>${ui.t('window')}</th></tr>${rows.map(
    (e) => h`<tr><td>${time(e.detectedAt)}</td><td><a href="${eventHref(e.id)}">${e.type}</a>${linkNote(e, ui)}</td>
      <td>${badge(e.status)}</td><td><small>${ui.t('lastOk')} ${time(e.window.lastOkAt)} → ${time(e.window.firstChangedAt)}</small></td></tr>`,
  )}</table>`;
}

export function viewsChart(posts: readonly PostRow[], ui: Ui): Html {
  const points = posts
    .filter((p) => p.views !== undefined)
    .map((p) => ({ t: Date.parse(p.publishedAt ?? p.firstSeenAt), v: p.views!, label: p.id, color: p.deleted ? '#d33' : p.edited ? '#36c' : '#4a8' }))
    .filter((p) => Number.isFinite(p.t));
  return points.length ? timeChart(points, { title: ui.t('viewsChart'), line: true }) : h`<p><small>${ui.t('noViews')}</small></p>`;
}

export interface PostsPage {
  posts: PostRow[];
  /** Cursor of the next (older) page, as GET /api/targets/<id>/posts answers `next`. */
  next?: string;
  /** This page's own cursor (absent: the newest page). */
  cursor?: string;
}

export function targetPage(tg: TargetRow, page: PostsPage, events: EventRow[], ui: Ui = EN): string {
  const { t } = ui;
  const base = `/t/${encodeURIComponent(tg.id)}`;
  const nav = h`<p class="pager">${page.cursor ? h`<a href="${base}">${t('newestPosts')}</a> ` : ''}${page.next ? h`<a class="older" href="${base}?cursor=${encodeURIComponent(page.next)}">${t('olderPosts')}</a>` : ''}</p>`;
  return layout(
    tg.id,
    h`<p>${tg.spec} · ${tg.platform} · ${fmtEvery(tg.everyMs)} ${statusBadges(tg, events, ui)} ${tg.stateReason ?? ''}
      <small>${t('since')} ${time(tg.stateSince)} · ${t('lastOk')} ${time(tg.lastOkAt)}</small>${tg.tags.length ? h` · ${t('tags')}: ${tg.tags.join(', ')}` : ''}</p>
    ${tg.channel?.title ? h`<p><b>${tg.channel.title}</b> <small>${tg.channel.description ?? ''}</small></p>` : ''}
    <p><a href="/events?target=${encodeURIComponent(tg.id)}">${events.length} ${t('eventsN')}</a></p>
    <h2>${t('stateHistory')}</h2>${stateHistory(events, ui)}
    <h2>${t('viewsChart')}</h2>${viewsChart(page.posts, ui)}
    <h2>${t('timeline')}</h2>${nav}${page.posts.map((p) => postCard(p, events, ui))}${page.posts.length ? nav : h`<p>${t('noPosts')}</p>`}`,
    ui,
    { here: page.cursor ? `${base}?cursor=${encodeURIComponent(page.cursor)}` : base },
  );
}

export function postPage(p: PostRow, events: EventRow[], ui: Ui = EN): string {
  const mine = events.filter((e) => e.postId === p.id);
  return layout(
    `${ui.t('post')} ${p.id}`,
    h`<p><a href="/t/${encodeURIComponent(p.targetId)}">${p.targetId}</a></p>${postCard(p, mine, ui, { full: true })}
    <h2>${ui.t('events')}</h2><ul>${mine.map((e) => h`<li><a href="${eventHref(e.id)}">${e.type}</a> ${badge(e.status)} ${time(e.detectedAt)}</li>`)}</ul>`,
    ui,
    { here: postHref(p.targetId, p.id) },
  );
}
