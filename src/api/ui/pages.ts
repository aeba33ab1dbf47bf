// Pure page renderers for report authors: values in, HTML string out.
import type { PostRow, SearchPage } from '../../catalog/types.js';
import { badge, h, layout, raw, type Html } from './html.js';
import { EN, type Ui } from './i18n.js';

import { blobLink, safeUrl, time } from './bits.js';

export function postBlock(p: PostRow): Html {
  const marks = [p.deleted ? badge('deleted') : '', p.edited ? badge('edited') : ''];
  const versions =
    p.versions.length > 1
      ? h`<div class="versions">${p.versions.map(
          (v, i) => h`<div><small>version ${i + 1} · seen ${time(v.observedAt)}</small><div class="text">${v.text}</div>
            <div class="sha">sha256 ${blobLink(v.sha256, v.sha256)}</div></div>`,
        )}</div>`
      : h`<div class="text">${p.text}</div>${p.versions[0] ? h`<div class="sha">record sha256 ${blobLink(p.versions[0].sha256, p.versions[0].sha256)}</div>` : ''}`;
  const arts = p.artifacts.length
    ? h`<ul>${p.artifacts.map((a) => h`<li>${blobLink(a.sha256, a.name)} <small>${a.type}, ${a.size} bytes, capture
        <a href="/api/captures/${a.captureId}">${a.captureId}</a></small><div class="sha">sha256 ${a.sha256}</div></li>`)}</ul>`
    : '';
  return h`<div class="post${p.deleted ? ' deleted' : ''}${p.edited ? ' edited' : ''}" id="p${p.numKey}">
    <div><a href="${safeUrl(p.url)}" rel="noreferrer noopener">${p.id}</a> ${marks} <small>published ${time(p.publishedAt)} ·
    first seen ${time(p.firstSeenAt)} · last seen ${time(p.lastSeenAt)}${p.deletedAt ? h` · deleted ${time(p.deletedAt)}` : ''}
    ${p.views !== undefined ? h` · ${p.views} views` : ''}</small></div>${versions}${arts}</div>`;
}

// The targets, target and events screens live in pages-targets.ts, pages-target.ts, pages-events.ts.
export { targetsPage } from './pages-targets.js';
export { targetPage } from './pages-target.js';
export { eventsPage } from './pages-events.js';

/** The search form's fields, as GET /api/search takes them. */
export interface SearchForm {
  q?: string;
  target?: string;
  platform?: string;
  tag?: string;
  since?: string;
  until?: string;
  deleted?: boolean;
  limit?: number;
  cursor?: string;
}

const searchParams = (f: SearchForm, extra: Record<string, string> = {}): string => {
  const p = new URLSearchParams();
  for (const k of ['q', 'target', 'platform', 'tag', 'since', 'until'] as const) if (f[k]) p.set(k, f[k]!);
  if (f.deleted !== undefined) p.set('deleted', String(f.deleted));
  for (const [k, v] of Object.entries(extra)) p.set(k, v);
  return p.toString();
};

export function searchPage(f: SearchForm, page: SearchPage | null, ui: Ui = EN): string {
  const { t } = ui;
  const field = (name: keyof SearchForm, placeholder: string, size = 12) =>
    h`<input name="${name}" placeholder="${placeholder}" size="${size}" value="${String(f[name] ?? '')}">`;
  const deleted = f.deleted === undefined ? '' : String(f.deleted);
  const form = h`<form class="inline" method="get" action="/search">
    <input name="q" size="40" value="${f.q ?? ''}" placeholder="words, &quot;a phrase&quot;, -exclude" autofocus>
    ${field('target', t('target'))}${field('platform', t('platform'), 8)}${field('tag', t('tag'), 8)}
    ${field('since', `${t('since')} 2024-11-01`, 14)}${field('until', `${t('until')} 2024-11-30`, 14)}
    <select name="deleted"><option value=""${deleted === '' ? h` selected` : ''}>${t('anyPost')}</option>
      <option value="true"${deleted === 'true' ? h` selected` : ''}>${t('deletedOnly')}</option>
      <option value="false"${deleted === 'false' ? h` selected` : ''}>${t('notDeleted')}</option></select>
    <button>${t('search')}</button></form>`;
  const here = `/search${searchParams(f) ? `?${searchParams(f)}` : ''}`;
  if (!page) return layout(t('search'), form, ui, { here });
  // Snippets are HTML made by the catalog: archived text escaped, matches in <mark>.
  const hits = page.hits.map(
    (x) => h`<div class="post${x.deleted ? ' deleted' : ''}"><div><input type="checkbox" form="pick" name="post" value="${x.targetId}|${x.postId}" aria-label="${t('addToDossier')}">
      <a href="/t/${encodeURIComponent(x.targetId)}">${x.targetId}</a>
      · <a href="${safeUrl(x.url)}" rel="noreferrer noopener">${x.postId}</a> ${x.deleted ? badge('deleted') : ''}
      <small>${t('published')} ${time(x.publishedAt)}</small></div><div class="snippet">${raw(x.snippet)}</div></div>`,
  );
  return layout(
    t('search'),
    h`${form}<p>${page.hits.length ? h`${page.hits.length} ${t('postsOnPage')}` : t('noMatch')}
      · <a href="/api/export?${searchParams(f)}" download>${t('exportResults')}</a> ${t('exportHint')}
      · <a href="/dossier?q=${encodeURIComponent(f.q ?? '')}">${t('makeDossier')}</a></p>
    <form id="pick" method="get" action="/dossier"></form>${page.hits.length ? h`<p><small>${t('chooseHint')}</small> <button form="pick">${t('makeDossier')}</button></p>` : ''}
    ${hits}<p class="pager">${f.cursor ? h`<a href="/search?${searchParams(f, f.limit ? { limit: String(f.limit) } : {})}">${t('newestFirst')}</a> ` : ''}${page.next ? h`<a class="next" href="/search?${searchParams(f, { ...(f.limit ? { limit: String(f.limit) } : {}), cursor: page.next })}">${t('nextPage')}</a>` : ''}</p>`,
    ui,
    { here },
  );
}

export function loginPage(failed: boolean, next: string, ui: Ui = EN): string {
  const { t } = ui;
  return layout(
    t('signIn'),
    h`${failed ? h`<p><b>${t('wrongLogin')}</b></p>` : ''}<form method="post" action="/login">
      <input type="hidden" name="next" value="${next}"><input name="user" placeholder="${t('userName')}" autocomplete="username" autofocus>
      <input type="password" name="password" placeholder="${t('password')}" autocomplete="current-password"><button>${t('signIn')}</button></form>
      <form method="post" action="/login"><input type="hidden" name="next" value="${next}"><input type="password" name="token" placeholder="${t('orApiToken')}" size="40">
      <button>${t('signInToken')}</button></form><p><small>${t('loginHint')}</small></p>`,
    ui,
    { here: '/login' },
  );
}

export function errorPage(status: number, message: string, ui: Ui = EN): string {
  return layout(`${ui.t('error')} ${status}`, h`<p class="error">${message}</p>`, ui);
}
