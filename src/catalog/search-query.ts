// Pure parts of search: the request, what a query means for trigram matching, the paging
// cursor, the time bounds, and the highlighted snippet. No I/O; src/catalog/search.ts runs SQL.
import { z } from 'zod';
import { VigilError } from '../errors.js';

/** One search: the words plus filters; `cursor` is a previous answer's `next`. */
export interface SearchRequest {
  q: string;
  target?: string;
  platform?: string;
  tag?: string;
  /** true: deleted posts only; false: posts not (yet) deleted; absent: both. */
  deleted?: boolean;
  /** ISO date or date-time; compared with the post's published time (first seen when unknown). */
  since?: string;
  /** ISO date or date-time; a date alone covers that whole day (UTC). */
  until?: string;
  limit?: number;
  cursor?: string;
}

export const SEARCH_DEFAULT_LIMIT = 20;
export const SEARCH_MAX_LIMIT = 500;

/**
 * Words for trigram (substring) matching, or null when the query uses websearch syntax
 * ("quoted phrases", `or`), which only full-text matching understands. A word after `-` must
 * be absent. Null too when no word has 3 letters: trigrams need 3 to find anything.
 */
export function substringTerms(q: string): { include: string[]; exclude: string[] } | null {
  if (/["“”«»]/.test(q) || /(^|\s)or(\s|$)/i.test(q)) return null;
  const include: string[] = [];
  const exclude: string[] = [];
  for (const token of q.split(/\s+/).filter(Boolean)) {
    const negated = token.startsWith('-');
    const words = token.match(/[\p{L}\p{N}]+/gu) ?? [];
    (negated ? exclude : include).push(...words);
  }
  if (!include.some((w) => [...w].length >= 3)) return null;
  return { include, exclude };
}

/** True when the query has something to search for (a letter or a digit). */
export const hasWords = (q: string): boolean => /[\p{L}\p{N}]/u.test(q);

const DAY_MS = 86_400_000;
const DATE_ONLY = /^\d{4}-\d\d-\d\d$/;

/** since/until as ISO instants, inclusive; a date-only `until` runs to the end of that UTC day. */
export function searchBounds(since?: string, until?: string): { from?: string; to?: string } {
  const parse = (s: string, name: string): number => {
    const t = Date.parse(s);
    if (Number.isNaN(t)) throw new VigilError('VGL_BAD_REQUEST', `search: ${name} "${s}" is not an ISO date/time (e.g. 2024-11-12 or 2024-11-12T10:00:00Z)`);
    return t;
  };
  const from = since === undefined ? undefined : parse(since, 'since');
  const to = until === undefined ? undefined : parse(until, 'until') + (DATE_ONLY.test(until) ? DAY_MS - 1 : 0);
  if (from !== undefined && to !== undefined && from > to) throw new VigilError('VGL_BAD_REQUEST', `search: since (${since}) is after until (${until})`);
  return { ...(from !== undefined ? { from: new Date(from).toISOString() } : {}), ...(to !== undefined ? { to: new Date(to).toISOString() } : {}) };
}

/** Where a page ended: the last hit's sort time (µs since the epoch, exact), target and post id. */
export interface Cursor {
  sortUs: string;
  target: string;
  id: string;
}

const CursorJson = z.tuple([z.string().regex(/^-?\d{1,16}$/), z.string().min(1).max(200), z.string().min(1).max(2000)]);

export const encodeCursor = (c: Cursor): string => Buffer.from(JSON.stringify([c.sortUs, c.target, c.id]), 'utf8').toString('base64url');

export function decodeCursor(s: string): Cursor {
  try {
    const [sortUs, target, id] = CursorJson.parse(JSON.parse(Buffer.from(s, 'base64url').toString('utf8')));
    return { sortUs, target, id };
  } catch (e) {
    throw new VigilError('VGL_BAD_REQUEST', 'search: cursor is not a `next` value from a previous answer; start again without it', { cause: e });
  }
}

/** ts_headline marks matches with these; they are removed from the text first, so a post cannot forge a highlight. */
export const MARK_START = '\uE000';
export const MARK_STOP = '\uE001';
export const HEADLINE_OPTIONS = `StartSel=${MARK_START}, StopSel=${MARK_STOP}, MaxWords=30, MinWords=12, ShortWord=2, MaxFragments=2, FragmentDelimiter=" … "`;

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => ESC[c]);
const escRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();
const SNIPPET_BEFORE = 80;
const SNIPPET_AFTER = 160;

/**
 * The snippet as HTML: the archived text escaped, matches in <mark>…</mark>. Full-text matches
 * come marked by ts_headline (it knows word forms); a post found by substring (Kazakh) gets a
 * window around the first occurrence with every occurrence marked.
 */
export function renderSnippet(headline: string, text: string, substrings: readonly string[] = []): string {
  const clean = (s: string) => s.split(MARK_START).join('').split(MARK_STOP).join('');
  if (headline.includes(MARK_START)) {
    return esc(oneLine(headline)).split(MARK_START).join('<mark>').split(MARK_STOP).join('</mark>');
  }
  const words = [...new Set(substrings.filter((w) => w.length > 0))].sort((a, b) => b.length - a.length);
  const body = oneLine(clean(text));
  const re = words.length ? new RegExp(words.map(escRe).join('|'), 'giu') : null;
  const first = re ? body.search(re) : -1;
  if (!re || first < 0) return esc(oneLine(clean(headline)));
  let start = Math.max(0, first - SNIPPET_BEFORE);
  let end = Math.min(body.length, first + SNIPPET_AFTER);
  // Whole words at both ends, never cutting into the first match.
  const before = start > 0 ? body.indexOf(' ', start) : -1;
  if (before >= 0 && before < first) start = before + 1;
  const after = end < body.length ? body.lastIndexOf(' ', end) : -1;
  if (after > first) end = after;
  const window = body.slice(start, end);
  let out = '';
  let at = 0;
  for (const m of window.matchAll(re)) {
    out += `${esc(window.slice(at, m.index))}<mark>${esc(m[0])}</mark>`;
    at = m.index + m[0].length;
  }
  out += esc(window.slice(at));
  return `${start > 0 ? '… ' : ''}${out}${end < body.length ? ' …' : ''}`;
}
