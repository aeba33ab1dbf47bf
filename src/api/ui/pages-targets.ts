// The Targets screen: status badges, tags, platform, last seen; add one, import CSV, pause,
// change the interval, tag. Pure renderer.
import type { EventRow, TargetRow } from '../../catalog/types.js';
import { specExamples } from '../../scrapers/registry.js';
import { fmtEvery } from './csv.js';
import { badge, h, layout, type Html } from './html.js';
import { EN, type Ui } from './i18n.js';
import { statusLabel, targetStatus } from './status.js';
import { time } from './bits.js';

export function statusBadges(t: TargetRow, events: readonly EventRow[], ui: Ui, now?: number): Html {
  const s = targetStatus(t, events, now);
  return h`<span class="status" data-target="${t.id}">${badge(s.status, statusLabel(s.status, ui.lang))}${s.extra.map((x) => h` ${badge(x, statusLabel(x, ui.lang))}`)}</span>`;
}

export interface TargetsNotice {
  added?: number;
  errors?: string[];
}

/** Where the targets list is: the page's own cursor and the next one (GET /api/targets' `next`). */
export interface TargetsPager {
  cursor?: string;
  next?: string | null;
}

export function targetsPage(targets: TargetRow[], events: EventRow[] = [], ui: Ui = EN, notice: TargetsNotice = {}, now?: number, pager: TargetsPager = {}): string {
  const { t } = ui;
  const nav = h`<p class="pager">${pager.cursor ? h`<a href="/">${t('newestFirst')}</a> ` : ''}${pager.next ? h`<a class="next" href="/?cursor=${encodeURIComponent(pager.next)}">${t('nextPage')}</a>` : ''}</p>`;
  const byTarget = new Map<string, EventRow[]>();
  for (const e of events) byTarget.set(e.target, [...(byTarget.get(e.target) ?? []), e]);
  const rows = targets.map((x) => {
    const path = `/targets/${encodeURIComponent(x.id)}`;
    return h`<tr><td><a href="/t/${encodeURIComponent(x.id)}">${x.id}</a><div><small>${x.spec}</small></div></td><td>${x.platform}</td>
      <td>${statusBadges(x, byTarget.get(x.id) ?? [], ui, now)}${x.stateReason ? h`<div><small>${x.stateReason}</small></div>` : ''}</td>
      <td>${x.postCount}</td><td>${time(x.lastObservedAt)}</td>
      <td><form class="inline" method="post" action="${path}/tags"><input name="tags" size="14" value="${x.tags.join(' ')}" aria-label="${t('tags')}"><button>${t('save')}</button></form></td>
      <td><form class="inline" method="post" action="${path}/every"><input name="every" size="5" value="${fmtEvery(x.everyMs)}" aria-label="${t('every')}"><button>${t('save')}</button></form></td>
      <td><form method="post" action="${path}/${x.paused ? 'resume' : 'pause'}"><button>${x.paused ? t('resume') : t('pause')}</button></form></td></tr>`;
  });
  const notes = h`${notice.added ? h`<p class="notice">${notice.added} ${t('addedN')}</p>` : ''}${(notice.errors ?? []).length ? h`<ul class="errors">${(notice.errors ?? []).map((e) => h`<li>${e}</li>`)}</ul>` : ''}`;
  return layout(
    t('targets'),
    h`${notes}<details${targets.length ? '' : h` open`}><summary>${t('addTarget')} · ${t('importCsv')}</summary>
    <form class="inline" method="post" action="/targets/add"><input name="spec" size="36" placeholder="${specExamples()[0] ?? 'spec'}" required>
      <input name="every" size="5" placeholder="5m"><input name="tags" size="16" placeholder="${t('tags')}"><button>${t('add')}</button></form>
    <form method="post" action="/targets/import"><p><small>${t('importHint')}</small></p>
      <textarea name="csv" rows="4" cols="70" placeholder="spec,every,tags"></textarea><div><button>${t('import')}</button></div></form></details>
    ${nav}<table><tr><th>${t('id')}</th><th>${t('platform')}</th><th>${t('status')}</th><th>${t('posts')}</th><th>${t('lastSeen')}</th><th>${t('tags')}</th><th>${t('every')}</th><th>${t('actions')}</th></tr>${rows}</table>${nav}
    ${targets.length || pager.cursor ? '' : h`<p>${t('noTargets')} ${specExamples().map((e, i) => h`${i ? ', ' : ''}<code>vigil targets add ${e}</code>`)}.</p>`}`,
    ui,
    { here: pager.cursor ? `/?cursor=${encodeURIComponent(pager.cursor)}` : '/', scripts: ['/ui/assets/ui.js'] },
  );
}
