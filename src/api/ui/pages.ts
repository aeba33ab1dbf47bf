// Pure page renderers for report authors: values in, HTML string out.
import type { EventRow, PostRow, SearchPage, TargetRow } from '../../catalog/types.js';
import { EVENT_STATUSES, EVENT_TYPES } from '../../detect/vocabulary.js';
import { specExamples } from '../../scrapers/registry.js';
import { badge, h, layout, raw, type Html } from './html.js';

const blobLink = (sha256: string, label: string): Html => h`<a href="/api/blobs/${sha256}">${label}</a>`;
/** Only http(s) links from archived data (a `javascript:` URL must never become clickable). */
const safeUrl = (u: string): string => (/^https?:\/\//i.test(u) ? u : '#');
const time = (t?: string): Html => (t ? h`<time datetime="${t}">${t.replace('T', ' ').replace(/\.\d+Z$/, 'Z')}</time>` : h`–`);

export function targetsPage(targets: TargetRow[]): string {
  const rows = targets.map(
    (t) => h`<tr><td><a href="/t/${encodeURIComponent(t.id)}">${t.id}</a></td><td>${t.spec}</td><td>${badge(t.state)}
      ${t.stateReason ? h`<small>${t.stateReason}</small>` : ''}</td><td>${t.postCount}</td><td>${time(t.lastObservedAt)}</td>
      <td>${t.tags.join(', ')}</td></tr>`,
  );
  return layout(
    'Targets',
    h`<table><tr><th>id</th><th>spec</th><th>state</th><th>posts</th><th>last observed</th><th>tags</th></tr>${rows}</table>
    ${targets.length ? '' : h`<p>No targets yet. Add one with ${specExamples().map((e, i) => h`${i ? ', ' : ''}<code>vigil targets add ${e}</code>`)}.</p>`}`,
  );
}

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

export function targetPage(t: TargetRow, posts: PostRow[], events: EventRow[]): string {
  return layout(
    t.id,
    h`<p>${t.spec} ${badge(t.state)} ${t.stateReason ?? ''} <small>since ${time(t.stateSince)} · last ok ${time(t.lastOkAt)}</small></p>
    ${t.channel?.title ? h`<p><b>${t.channel.title}</b> <small>${t.channel.description ?? ''}</small></p>` : ''}
    <p><a href="/events?target=${encodeURIComponent(t.id)}">${events.length} event(s)</a></p>
    <h2>Posts</h2>${posts.map(postBlock)}${posts.length ? '' : h`<p>No posts recorded yet.</p>`}`,
  );
}

const option = (value: string, current?: string): Html => h`<option${current === value ? h` selected` : ''}>${value}</option>`;

export function eventsPage(events: EventRow[], f: { target?: string; type?: string; status?: string }): string {
  const rows = events.map(
    (e) => h`<tr id="${e.id}"><td>${time(e.detectedAt)}<div class="sha">${e.id}</div></td><td>${badge(e.status)}</td><td>${e.type}</td>
      <td><a href="/t/${encodeURIComponent(e.target)}">${e.target}</a>${e.postId ? h` <small>${e.postId}</small>` : ''}</td>
      <td>${Math.round(e.confidence * 100)}% <small>${e.rule}</small></td>
      <td><small>last ok ${time(e.window.lastOkAt)}<br>changed ${time(e.window.firstChangedAt)}</small></td>
      <td>${e.evidence.map((id) => h`<div class="sha"><a href="/api/captures/${id}">${id}</a></div>`)}</td></tr>`,
  );
  return layout(
    'Events',
    h`<form class="inline" method="get" action="/events">
      <input name="target" placeholder="target id" value="${f.target ?? ''}">
      <select name="type"><option value="">any type</option>${EVENT_TYPES.map((t) => option(t, f.type))}</select>
      <select name="status"><option value="">any status</option>${EVENT_STATUSES.map((s) => option(s, f.status))}</select>
      <button>Filter</button></form>
    <table><tr><th>detected</th><th>status</th><th>type</th><th>target</th><th>confidence</th><th>window</th><th>evidence</th></tr>${rows}</table>`,
  );
}

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

export function searchPage(f: SearchForm, page: SearchPage | null): string {
  const field = (name: keyof SearchForm, placeholder: string, size = 12) =>
    h`<input name="${name}" placeholder="${placeholder}" size="${size}" value="${String(f[name] ?? '')}">`;
  const deleted = f.deleted === undefined ? '' : String(f.deleted);
  const form = h`<form class="inline" method="get" action="/search">
    <input name="q" size="40" value="${f.q ?? ''}" placeholder="words, &quot;a phrase&quot;, -exclude" autofocus>
    ${field('target', 'target id')}${field('platform', 'platform', 8)}${field('tag', 'tag', 8)}
    ${field('since', 'since 2024-11-01', 14)}${field('until', 'until 2024-11-30', 14)}
    <select name="deleted"><option value=""${deleted === '' ? h` selected` : ''}>any post</option>
      <option value="true"${deleted === 'true' ? h` selected` : ''}>deleted only</option>
      <option value="false"${deleted === 'false' ? h` selected` : ''}>not deleted</option></select>
    <button>Search</button></form>`;
  if (!page) return layout('Search', form);
  // Snippets are HTML made by the catalog: archived text escaped, matches in <mark>.
  const hits = page.hits.map(
    (x) => h`<div class="post${x.deleted ? ' deleted' : ''}"><div><a href="/t/${encodeURIComponent(x.targetId)}">${x.targetId}</a>
      · <a href="${safeUrl(x.url)}" rel="noreferrer noopener">${x.postId}</a> ${x.deleted ? badge('deleted') : ''}
      <small>published ${time(x.publishedAt)}</small></div><div class="snippet">${raw(x.snippet)}</div></div>`,
  );
  return layout(
    'Search',
    h`${form}<p>${page.hits.length ? h`${page.hits.length} post(s) on this page, newest first` : 'No posts match.'}
      · <a href="/api/export?${searchParams(f)}" download>Export these results</a> (a verifiable case package)</p>
    ${hits}${page.next ? h`<p><a href="/search?${searchParams(f, { ...(f.limit ? { limit: String(f.limit) } : {}), cursor: page.next })}">Next page</a></p>` : ''}`,
  );
}

export function loginPage(failed: boolean, next: string): string {
  return layout(
    'Sign in',
    h`${failed ? h`<p><b>Wrong user name, password or token.</b></p>` : ''}<form method="post" action="/login">
      <input type="hidden" name="next" value="${next}"><input name="user" placeholder="user name" autocomplete="username" autofocus>
      <input type="password" name="password" placeholder="password" autocomplete="current-password"><button>Sign in</button></form>
      <form method="post" action="/login"><input type="hidden" name="next" value="${next}"><input type="password" name="token" placeholder="or the API token" size="40">
      <button>Sign in with token</button></form><p><small>Users are made with <code>vigil users add</code>; the API token is the server's VIGIL_API_TOKEN. Either is kept in an HttpOnly cookie.</small></p>`,
  );
}

export function errorPage(status: number, message: string): string {
  return layout(`Error ${status}`, h`<p>${message}</p>`);
}
