// Pure: aggregate per-page results into a tool row, render rows as a markdown table and
// the benchmark's JSON figures.
import type { PageKept, PeerRow, Runner, RunOutcome } from './types.js';

export function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : Math.round((s[m - 1] + s[m]) / 2);
}

/** One row from a tool's successful runs (time = median) and its failures. */
export function toRow(r: Pick<Runner, 'id' | 'label' | 'domHow' | 'replayHow' | 'note'>, ok: RunOutcome[], errors: string[]): PeerRow {
  const last: PageKept[] = ok.at(-1)?.pages ?? [];
  const byType: Record<string, number> = {};
  for (const p of last) for (const [k, v] of Object.entries(p.warcByType)) byType[k] = (byType[k] ?? 0) + v;
  const have = last.reduce((n, p) => n + p.coverage.have, 0);
  const need = last.reduce((n, p) => n + p.coverage.need, 0);
  const any = last.length > 0;
  return {
    id: r.id,
    label: r.label,
    runs: ok.length + errors.length,
    failures: errors.length,
    error: errors[0],
    ms: median(ok.map((o) => o.ms)),
    pageMs: (ok[0]?.pageMs ?? []).map((_, i) => median(ok.map((o) => o.pageMs[i]))),
    retried: ok.flatMap((o) => o.retried ?? []),
    screenshot: any && last.every((p) => p.screenshot),
    dom: any && last.every((p) => p.dom),
    domHow: r.domHow,
    warcRecords: any && last.every((p) => p.warcRecords !== null) ? last.reduce((n, p) => n + (p.warcRecords ?? 0), 0) : null,
    warcByType: byType,
    media: last.reduce((n, p) => n + p.media, 0),
    replayable: any && need > 0 && have === need,
    replayHow: r.replayHow,
    coverage: { have, need, missing: last.flatMap((p) => p.coverage.missing) },
    note: r.note,
  };
}

const yn = (b: boolean): string => (b ? 'y' : 'n');
const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function warcCell(r: PeerRow): string {
  if (r.warcRecords === null) return '0 (no WARC)';
  const parts = Object.entries(r.warcByType).map(([k, v]) => `${v} ${k}`);
  return `${r.warcRecords} (${parts.join(', ')})`;
}

/** Markdown table: one row per tool; a failed tool shows why in every column it could not fill. */
export function renderTable(rows: PeerRow[], pageList: string[]): string {
  const head = [
    `Capture peers on ${pageList.join(', ')} (times: median total for the ${pageList.length} pages; kept: summed over pages)`,
    '',
    '| tool | time (ms) | screenshot | DOM/HTML kept | WARC records | media files kept | replayable offline |',
    '| --- | ---: | :---: | --- | --- | ---: | --- |',
  ];
  const body = rows.map((r) => {
    if (r.ms === null) {
      const why = cell(`FAILED (${r.failures}/${r.runs} runs): ${r.error ?? 'unknown'}`);
      return `| ${cell(r.label)} | ${why} | - | - | - | - | - |`;
    }
    const runs = r.failures ? ` (${r.failures}/${r.runs} runs failed)` : '';
    const replay = `${yn(r.replayable)} (${r.replayHow}; ${r.coverage.have}/${r.coverage.need} page resources)`;
    return `| ${cell(r.label)} | ${r.ms}${runs} | ${yn(r.screenshot)} | ${yn(r.dom)} (${cell(r.domHow)}) | ${warcCell(r)} | ${r.media} | ${cell(replay)} |`;
  });
  const notes = rows
    .map((r) => {
      const parts = [
        r.note,
        r.ms !== null ? `per page ms: ${r.pageMs.join(' / ')}` : '',
        r.failures && r.ms !== null ? `first failed run: ${r.error}` : '',
        r.retried.length ? `${r.retried.length} page attempt(s) failed and were retried, e.g. ${r.retried[0]}` : '',
      ].filter(Boolean);
      return parts.length ? `- ${r.label}: ${cell(parts.join('; '))}` : '';
    })
    .filter(Boolean);
  return [...head, ...body, ...(notes.length ? ['', ...notes] : [])].join('\n');
}

/** Figures for the final JSON line: `<id>_ms` plus what each tool kept. */
export function figures(rows: PeerRow[], extra: Record<string, number | string>): Record<string, unknown> {
  const out: Record<string, unknown> = { bench: 'capture-peers' };
  for (const r of rows) out[`${r.id}_ms`] = r.ms;
  for (const r of rows) out[`${r.id}_pages_ms`] = r.pageMs;
  Object.assign(out, extra);
  for (const r of rows) {
    out[r.id] = {
      ok_runs: r.runs - r.failures,
      failed_runs: r.failures,
      ...(r.error ? { error: r.error } : {}),
      retried_pages: r.retried.length,
      screenshot: r.screenshot,
      dom: r.dom,
      warc_records: r.warcRecords,
      media: r.media,
      replayable: r.replayable,
      resources: `${r.coverage.have}/${r.coverage.need}`,
    };
  }
  return out;
}
