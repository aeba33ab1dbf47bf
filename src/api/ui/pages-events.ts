// The Events screen (filters: type, status, platform, tag, time; each opens its evidence) and
// one event's screen. Pure renderers and the pure filter.
import type { EventRow, PostRow, TargetRow } from '../../catalog/types.js';
import { EVENT_STATUSES, EVENT_TYPES } from '../../detect/vocabulary.js';
import { captureHref, eventHref, evidenceHref, postHref, time } from './bits.js';
import { badge, h, layout, type Html } from './html.js';
import { EN, type Ui } from './i18n.js';
import { editSides } from './word-diff.js';
import { linkNote } from './pages-target.js';

export interface EventsForm {
  target?: string;
  type?: string;
  status?: string;
  platform?: string;
  tag?: string;
  since?: string;
  until?: string;
  /** This page's cursor (absent: the newest events). */
  cursor?: string;
}

/** Platform, tag and time filters over events already filtered by target/type/status in the catalog. */
export function filterEvents(events: readonly EventRow[], targets: readonly Pick<TargetRow, 'id' | 'platform' | 'tags'>[], f: EventsForm): EventRow[] {
  const byId = new Map(targets.map((t) => [t.id, t]));
  const since = f.since ? Date.parse(f.since) : undefined;
  // A bare date as `until` means the whole day.
  const until = f.until ? Date.parse(f.until) + (/^\d{4}-\d{2}-\d{2}$/.test(f.until) ? 86_400_000 - 1 : 0) : undefined;
  return events.filter((e) => {
    const t = byId.get(e.target);
    if (f.platform && t?.platform !== f.platform) return false;
    if (f.tag && !t?.tags.includes(f.tag)) return false;
    const at = Date.parse(e.detectedAt);
    if (since !== undefined && !(at >= since)) return false;
    if (until !== undefined && !(at <= until)) return false;
    return true;
  });
}

const option = (value: string, current?: string): Html => h`<option${current === value ? h` selected` : ''}>${value}</option>`;

export function eventsPage(events: EventRow[], f: EventsForm, ui: Ui = EN, platforms: string[] = [], next: string | null = null): string {
  const { t } = ui;
  const rows = events.map(
    (e) => h`<tr id="${e.id}"><td><input type="checkbox" name="event" value="${e.id}" form="pick" aria-label="${t('addToDossier')}"></td>
      <td>${time(e.detectedAt)}<div class="sha"><a href="${eventHref(e.id)}">${e.id}</a></div></td><td>${badge(e.status)}</td><td><a href="${eventHref(e.id)}">${e.type}</a>${linkNote(e, ui)}</td>
      <td><a href="/t/${encodeURIComponent(e.target)}">${e.target}</a>${e.postId ? h` <small><a href="${postHref(e.target, e.postId)}">${e.postId}</a></small>` : ''}</td>
      <td>${Math.round(e.confidence * 100)}% <small>${e.rule}</small></td>
      <td><small>${t('lastOk')} ${time(e.window.lastOkAt)}<br>${t('changed')} ${time(e.window.firstChangedAt)}</small></td>
      <td>${e.evidence.map((id) => h`<div class="sha"><a href="${evidenceHref(id)}">${id}</a></div>`)}</td></tr>`,
  );
  const { cursor, ...filters } = f;
  const q = new URLSearchParams(Object.entries(filters).filter(([, v]) => v) as [string, string][]).toString();
  const base = q ? `/events?${q}` : '/events';
  const join = q ? '&' : '?';
  const nav = h`<p class="pager">${cursor ? h`<a href="${base}">${t('newestFirst')}</a> ` : ''}${next ? h`<a class="next" href="${base}${join}cursor=${encodeURIComponent(next)}">${t('nextPage')}</a>` : ''}</p>`;
  return layout(
    t('events'),
    h`<form class="inline" method="get" action="/events">
      <input name="target" placeholder="${t('target')}" value="${f.target ?? ''}" size="12">
      <select name="type"><option value="">${t('anyType')}</option>${EVENT_TYPES.map((x) => option(x, f.type))}</select>
      <select name="status"><option value="">${t('anyStatus')}</option>${EVENT_STATUSES.map((x) => option(x, f.status))}</select>
      <select name="platform"><option value="">${t('anyPlatform')}</option>${platforms.map((x) => option(x, f.platform))}</select>
      <input name="tag" placeholder="${t('tag')}" value="${f.tag ?? ''}" size="8">
      <input name="since" placeholder="${t('since')} 2024-11-01" value="${f.since ?? ''}" size="14">
      <input name="until" placeholder="${t('until')} 2024-11-30" value="${f.until ?? ''}" size="14">
      <button>${t('filter')}</button></form>
    <form id="pick" method="get" action="/dossier"></form><p><small>${t('chooseHint')}</small> <button form="pick">${t('makeDossier')}</button></p>
    <table><tr><th></th><th>${t('detected')}</th><th>${t('status')}</th><th>${t('type')}</th><th>${t('target')}</th><th>${t('confidence')}</th><th>${t('window')}</th><th>${t('evidence')}</th></tr>${rows}</table>${nav}`,
    ui,
    { here: cursor ? `${base}${join}cursor=${encodeURIComponent(cursor)}` : base },
  );
}

export interface EvidenceLink {
  id: string;
  /** A browser or page capture this server can show (else an observation or another record). */
  capture: boolean;
}

export function eventPage(e: EventRow, post: PostRow | null, evidence: EvidenceLink[], ui: Ui = EN): string {
  const { t } = ui;
  const diff = e.type === 'post_edited' ? editSides(e.details?.diff, post?.versions.at(-2)?.text ?? '', post?.versions.at(-1)?.text ?? post?.text ?? '') : null;
  const { diff: _d, ...rest } = e.details ?? {};
  return layout(
    `${t('event')} ${e.type}`,
    h`<p>${badge(e.status)} <a href="/t/${encodeURIComponent(e.target)}">${e.target}</a>${e.postId ? h` · <a class="post-link" href="${postHref(e.target, e.postId)}">${e.postId}</a>` : ''}
      · ${Math.round(e.confidence * 100)}% · ${t('rule')} <code>${e.rule}</code></p>
    <p><small>${t('detected')} ${time(e.detectedAt)}${e.confirmedAt ? h` · confirmed ${time(e.confirmedAt)}` : ''} · ${t('lastOk')} ${time(e.window.lastOkAt)} · ${t('changed')} ${time(e.window.firstChangedAt)}</small></p>
    ${diff ? h`<h2>${t('editDiff')}</h2><div class="cols"><div><b>${t('before')}</b><div class="text before">${diff.before}</div></div><div><b>${t('after')}</b><div class="text after">${diff.after}</div></div></div>` : ''}
    ${post ? h`<h2>${t('post')}</h2><div class="post${post.deleted ? ' deleted' : ''}"><div class="text">${post.text}</div></div>` : ''}
    <h2>${t('evidence')}</h2><ul>${evidence.map((x) => h`<li class="sha">${x.capture ? h`<a href="${captureHref(x.id)}">${x.id}</a>` : x.id}</li>`)}</ul>
    <p><a href="/api/export?event=${encodeURIComponent(e.id)}" download>${t('dossierPackage')}</a> · <a href="/dossier?event=${encodeURIComponent(e.id)}">${t('addToDossier')}</a></p>
    ${Object.keys(rest).length ? h`<details><summary>details</summary><pre>${JSON.stringify(rest, null, 2)}</pre></details>` : ''}`,
    ui,
    { here: eventHref(e.id) },
  );
}
