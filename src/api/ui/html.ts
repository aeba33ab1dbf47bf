// Minimal server-side HTML: every interpolated value goes through `esc` (or `h` templates).
// No build step, no external CDN: CSS is inline, scripts are files Vigil serves itself.
import { EN, type Ui } from './i18n.js';

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (v: unknown): string => String(v ?? '').replace(/[&<>"']/g, (c) => ESC[c]);

/** Already-escaped HTML. */
export class Html {
  constructor(readonly s: string) {}
  toString(): string {
    return this.s;
  }
}
export const raw = (s: string): Html => new Html(s);

/** Tagged template: interpolations are escaped unless they are Html (or arrays of Html). */
export function h(strings: TemplateStringsArray, ...vals: unknown[]): Html {
  let out = strings[0];
  vals.forEach((v, i) => {
    const part = Array.isArray(v) ? v.map((x) => (x instanceof Html ? x.s : esc(x))).join('') : v instanceof Html ? v.s : esc(v);
    out += part + strings[i + 1];
  });
  return new Html(out);
}

const CSS = `
body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1d1d1f;background:#fafafa}
header{background:#1d2a3a;color:#fff;padding:.6em 1.2em;display:flex;gap:1.2em;align-items:center}
header a{color:#dfe8f5;text-decoration:none}header b{font-size:1.1em;margin-right:1em}
main{padding:1em 1.4em;max-width:1200px}table{border-collapse:collapse;width:100%;background:#fff}
td,th{border-bottom:1px solid #e3e3e3;padding:.35em .5em;text-align:left;vertical-align:top}
.badge{display:inline-block;padding:0 .5em;border-radius:.8em;font-size:.85em;background:#ddd}
.b-ok,.b-empty,.b-confirmed{background:#cfeecf}.b-pending,.b-candidate{background:#fff1b8}
.b-not_found,.b-suspended,.b-restricted,.b-geo_blocked,.b-private,.b-deleted{background:#ffd0d0}
.b-edited{background:#d8e4ff}.post{background:#fff;border:1px solid #e3e3e3;margin:.6em 0;padding:.6em .8em}
.post.deleted{border-left:4px solid #d33}.post.edited{border-left:4px solid #36c}
.versions{display:flex;gap:.8em;overflow-x:auto}.versions>div{flex:1;min-width:240px;background:#f4f6fa;padding:.4em}
.text{white-space:pre-wrap}.sha{font-family:monospace;font-size:.8em;word-break:break-all}
form.inline{display:flex;gap:.5em;margin:.5em 0 1em;flex-wrap:wrap}small{color:#666}
.b-candidate,.b-under_attack{background:#ffe0a8}.b-blocked,.b-geo-blocked,.b-shadow-banned,.b-paused{background:#f0d0ff}
.b-paused{background:#e4e4e4}.cols{display:flex;gap:1em}.cols>div{flex:1;min-width:0;background:#fff;border:1px solid #e3e3e3;padding:.5em}
del.w{background:#ffd0d0;text-decoration:line-through}ins.w{background:#c8f2c8;text-decoration:none}
.shot{max-width:100%;border:1px solid #ccc}textarea.cite{width:100%;font-family:monospace;font-size:.85em}
replay-web-page{display:block;height:640px;border:1px solid #ccc}header .lang{margin-left:auto}
svg.chart{background:#fff;border:1px solid #e3e3e3}svg.chart text{font-size:10px;fill:#555}
@media print{header,form,.noprint{display:none}body{background:#fff}.post{break-inside:avoid}}
`;

export interface LayoutOptions {
  /** Script files served by Vigil (same origin), e.g. /ui/assets/ui.js. */
  scripts?: string[];
  /** The page's own path and query, for the language links. */
  here?: string;
}

export function layout(title: string, body: Html, ui: Ui = EN, opts: LayoutOptions = {}): string {
  const { t } = ui;
  const next = encodeURIComponent(opts.here ?? '/');
  const other = ui.lang === 'en' ? 'ru' : 'en';
  return h`<!doctype html><html lang="${ui.lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>${title} · Vigil</title><style>${raw(CSS)}</style>${(opts.scripts ?? []).map((s) => h`<script src="${s}" defer></script>`)}</head><body>
<header><b>Vigil</b><a href="/">${t('targets')}</a><a href="/events">${t('events')}</a><a href="/search">${t('search')}</a>
<a href="/campaigns">${t('campaigns')}</a><a href="/dossier">${t('dossier')}</a><a href="/ops">${t('ops')}</a>
<a class="lang" href="/lang/${other}?next=${next}" hreflang="${other}">${other === 'ru' ? 'Русский' : 'English'}</a></header>
<main><h1>${title}</h1>${body}</main></body></html>`.s;
}

export const badge = (label: string, text: string = label): Html => h`<span class="badge b-${label.replace(/[^a-z_-]/g, '')}">${text}</span>`;
