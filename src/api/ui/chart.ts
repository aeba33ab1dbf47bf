// Inline SVG charts (no script, no network). Pure.
import { h, raw, type Html } from './html.js';

export interface Point {
  t: number; // ms since epoch
  v: number;
  label?: string;
  /** CSS colour of the dot. */
  color?: string;
}

const fmtDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);
const fmtNum = (n: number): string => (n >= 1e6 ? `${(n / 1e6).toFixed(1)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : String(Math.round(n)));

/** Dots over a time axis, joined by a line when `line`; `title` names the chart for screen readers. */
export function timeChart(points: readonly Point[], opts: { title: string; width?: number; height?: number; line?: boolean; yLabel?: boolean } = { title: '' }): Html {
  const W = opts.width ?? 720;
  const H = opts.height ?? 180;
  const pad = { l: 46, r: 10, t: 10, b: 22 };
  if (!points.length) return h``;
  const ts = points.map((p) => p.t);
  const vs = points.map((p) => p.v);
  const t0 = Math.min(...ts);
  const t1 = Math.max(...ts, t0 + 1);
  const vMax = Math.max(...vs, 1);
  const x = (t: number) => pad.l + ((t - t0) / (t1 - t0)) * (W - pad.l - pad.r);
  const y = (v: number) => H - pad.b - (v / vMax) * (H - pad.t - pad.b);
  const sorted = [...points].sort((a, b) => a.t - b.t);
  // A span under two days (a campaign's minutes, a burst) is labelled to the minute.
  const short = t1 - t0 < 2 * 86_400_000;
  const edge = (ms: number) => (short ? new Date(ms).toISOString().slice(0, 16).replace('T', ' ') : fmtDay(ms));
  const path = opts.line ? sorted.map((p, i) => `${i ? 'L' : 'M'}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ') : '';
  const dots = sorted.map(
    (p) => h`<circle cx="${x(p.t).toFixed(1)}" cy="${y(p.v).toFixed(1)}" r="3" fill="${p.color ?? '#36c'}"><title>${p.label ?? ''} ${fmtDay(p.t)}: ${fmtNum(p.v)}</title></circle>`,
  );
  return h`<svg class="chart" role="img" aria-label="${opts.title}" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" xmlns="http://www.w3.org/2000/svg">
    <line x1="${pad.l}" y1="${H - pad.b}" x2="${W - pad.r}" y2="${H - pad.b}" stroke="#999"/><line x1="${pad.l}" y1="${pad.t}" x2="${pad.l}" y2="${H - pad.b}" stroke="#999"/>
    ${opts.yLabel === false ? '' : h`<text x="4" y="${pad.t + 8}">${fmtNum(vMax)}</text><text x="4" y="${H - pad.b}">0</text>`}
    <text x="${pad.l}" y="${H - 6}">${edge(t0)}</text><text x="${W - pad.r - (short ? 95 : 60)}" y="${H - 6}">${edge(t1)}</text>
    ${path ? raw(`<path d="${path}" fill="none" stroke="#9ab" stroke-width="1"/>`) : ''}${dots}</svg>`;
}
