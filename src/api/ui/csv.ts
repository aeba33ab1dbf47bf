// CSV import of targets (the Targets screen): one target a line, `spec,every,tags`. Pure.
// Tags inside one cell are separated by spaces or `|` (a comma would start a new cell).
// A first line whose first cell is `spec` is a header. Quoted cells ("a,b") are understood.
import type { TargetInput } from '../deps.js';

export interface CsvTargets {
  rows: TargetInput[];
  /** `line N: problem`, for the lines skipped. */
  errors: string[];
}

/** Splits one CSV line into cells (RFC 4180 quotes, "" is a quote). */
export function csvCells(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (cur += '"'), i++;
      else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') out.push(cur), (cur = '');
    else cur += c;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

const EVERY = /^\d+(ms|s|m|h|d)$/;

export function parseTargetsCsv(text: string, maxRows = 10_000): CsvTargets {
  const rows: TargetInput[] = [];
  const errors: string[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((line, i) => {
    if (!line.trim() || line.trim().startsWith('#')) return;
    const [spec = '', every = '', tags = ''] = csvCells(line);
    if (i === 0 && spec.toLowerCase() === 'spec') return;
    if (rows.length >= maxRows) return void errors.push(`line ${i + 1}: more than ${maxRows} targets in one import`);
    if (spec.length < 3) return void errors.push(`line ${i + 1}: no target spec (a platform:account spec or a URL)`);
    if (every && !EVERY.test(every)) return void errors.push(`line ${i + 1}: every "${every}" is not a duration like 30s, 5m, 1h`);
    const tagList = tags.split(/[\s|]+/).filter(Boolean);
    rows.push({ spec, ...(every ? { every } : {}), ...(tagList.length ? { tags: tagList } : {}) });
  });
  return { rows, errors };
}

/** 300000 -> "5m": the shortest exact unit. */
export function fmtEvery(ms: number): string {
  for (const [u, n] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) if (ms % n === 0) return `${ms / n}${u}`;
  return `${ms}ms`;
}
