// The case dossier: chosen events, captures, posts and search results, printable (HTML, and PDF
// printed by Chromium from the same HTML) with a timeline chart, screenshots, texts in the
// original language, hashes, ledger positions and citations. Pure renderer.
import { captureHref, eventHref, postHref, safeUrl, time } from './bits.js';
import { timeChart } from './chart.js';
import { badge, h, layout, type Html } from './html.js';
import { EN, type Ui } from './i18n.js';

export interface DossierItem {
  kind: 'event' | 'capture' | 'post';
  id: string;
  target?: string;
  title: string;
  /** When it happened: detected, captured, published. */
  at: string;
  status?: string;
  url?: string;
  /** The archived text, in its original language. */
  text?: string;
  /** Screenshot: a URL on this server (page) or a data: URI (PDF). */
  screenshot?: string;
  hashes: { label: string; sha256: string }[];
  ledger: { key: string; seq?: number }[];
  citation?: string;
}

export interface DossierSelection {
  event: string[];
  capture: string[];
  post: string[];
  q?: string;
}

const KIND_COLOR = { event: '#d33', capture: '#36c', post: '#4a8' } as const;

export function selectionQuery(s: DossierSelection): string {
  const p = new URLSearchParams();
  for (const k of ['event', 'capture', 'post'] as const) for (const v of s[k]) p.append(k, v);
  if (s.q) p.set('q', s.q);
  return p.toString();
}

function itemBlock(x: DossierItem, ui: Ui, print: boolean): Html {
  const { t } = ui;
  const href = x.kind === 'event' ? eventHref(x.id) : x.kind === 'capture' ? captureHref(x.id) : postHref(x.target ?? '', x.id);
  return h`<section class="post item" data-kind="${x.kind}"><h3>${t(x.kind)}: ${print ? x.title : h`<a href="${href}">${x.title}</a>`} ${x.status ? badge(x.status) : ''}</h3>
    <p><small>${time(x.at)}${x.target ? h` · ${x.target}` : ''}${x.url ? h` · ${safeUrl(x.url)}` : ''}</small></p>
    ${x.text ? h`<div class="text">${x.text}</div>` : ''}
    ${x.screenshot ? h`<p><img class="shot" src="${x.screenshot}" alt="${t('screenshot')}"></p>` : ''}
    <table>${x.hashes.map((s) => h`<tr><td>${s.label}</td><td class="sha">sha256 ${s.sha256}</td></tr>`)}
    ${x.ledger.map((l) => h`<tr><td>${t('ledgerSeq')}</td><td class="sha">${l.seq !== undefined ? `#${l.seq}` : t('notLedgered')} · ${l.key}</td></tr>`)}</table>
    ${x.citation ? h`<p><small>${t('citation')}:</small></p><div class="sha cite">${x.citation}</div>` : ''}</section>`;
}

export function dossierPage(sel: DossierSelection, items: DossierItem[], ui: Ui = EN, opts: { print?: boolean; generatedAt?: string; pdf?: boolean; pkg?: boolean } = {}): string {
  const { t } = ui;
  const sorted = [...items].sort((a, b) => a.at.localeCompare(b.at));
  const points = sorted.map((x) => ({ t: Date.parse(x.at), v: x.kind === 'event' ? 3 : x.kind === 'capture' ? 2 : 1, label: `${x.kind} ${x.title}`, color: KIND_COLOR[x.kind] })).filter((p) => Number.isFinite(p.t));
  const q = selectionQuery(sel);
  const chooser = h`<form class="inline noprint" method="get" action="/dossier">
    ${sel.event.map((v) => h`<input type="hidden" name="event" value="${v}">`)}${sel.capture.map((v) => h`<input type="hidden" name="capture" value="${v}">`)}
    ${sel.post.map((v) => h`<input type="hidden" name="post" value="${v}">`)}
    <input name="event" placeholder="${t('event')} id" size="28"><input name="capture" placeholder="${t('capture')} id" size="28">
    <input name="q" placeholder="${t('search')}" value="${sel.q ?? ''}" size="20"><button>${t('makeDossier')}</button></form>`;
  // One evidence package for every item shown (chosen events, captures, posts, and the search's posts).
  const actions = q
    ? h`<p class="noprint"><a href="/dossier/print?${q}">${t('printable')}</a>${opts.pdf ? h` · <a href="/dossier.pdf?${q}" download>${t('dossierPdf')}</a>` : ''}
      ${opts.pkg ? h` · <a class="package" href="/dossier.zip?${q}" download>${t('dossierPackage')}</a> <small>${t('dossierPackageHint')}</small>` : ''}</p>`
    : h`<p>${t('dossierEmpty')}</p>`;
  const body = h`${opts.print ? '' : chooser}${actions}
    <p><small>${t('generated')} ${time(opts.generatedAt)} · ${sorted.length} ${t('items')}</small></p>
    ${points.length ? timeChart(points, { title: t('dossierTitle'), height: 120, yLabel: false }) : ''}
    ${sorted.map((x) => itemBlock(x, ui, opts.print === true))}`;
  return layout(t('dossierTitle'), body, ui, { here: q ? `/dossier?${q}` : '/dossier' });
}
