// Where YouTube's data sits in an answer. Its web client's API (/youtubei/v1/browse, /player)
// answers JSON; its pages (/@handle/videos, /channel/<id>, /watch?v=) carry the very same objects
// assigned in a <script>: `var ytInitialData = {…};` and `var ytInitialPlayerResponse = {…};`.
// Both forms read the same here, so classify and parse never care which one was fetched. Pure.
import type { FetchedPage } from '../types.js';

export type Json = Record<string, unknown>;

export interface Answer {
  form: 'json' | 'html' | 'other';
  /** The browse object: the JSON body, or a page's ytInitialData. */
  data?: Json;
  /** The player object: a /player JSON body (or its `playerResponse` wrapper), or a page's ytInitialPlayerResponse. */
  player?: Json;
  /** A JSON body that is an API error (`{"error":{"code":404,"status":"NOT_FOUND"}}`). */
  apiError?: { code: number; status: string; message: string };
  /** The body looks like a YouTube page or answer at all (ytcfg, ytInitialData, innertube JSON). */
  youtube: boolean;
  /** Decoded body text (HTML pages), for interstitial markers. */
  text: string;
}

const memo = new WeakMap<Buffer, Answer>();

export const headerValue = (h: Record<string, string>, name: string): string | undefined => {
  for (const k of Object.keys(h)) if (k.toLowerCase() === name) return h[k];
  return undefined;
};

/** Read a fetched answer once (classify and parse share the result). */
export function readAnswer(p: Pick<FetchedPage, 'body' | 'headers'>): Answer {
  const hit = memo.get(p.body);
  if (hit) return hit;
  const a = read(p);
  memo.set(p.body, a);
  return a;
}

function read(p: Pick<FetchedPage, 'body' | 'headers'>): Answer {
  const text = p.body.toString('utf8');
  const type = headerValue(p.headers, 'content-type') ?? '';
  const trimmed = text.trimStart();
  if (/json/i.test(type) || (!/html/i.test(type) && trimmed.startsWith('{'))) {
    let v: unknown;
    try {
      v = JSON.parse(text);
    } catch {
      return { form: 'other', youtube: false, text: '' };
    }
    if (!isObj(v)) return { form: 'other', youtube: false, text: '' };
    return fromJson(v);
  }
  if (!/<html|<!doctype/i.test(trimmed.slice(0, 512))) return { form: 'other', youtube: false, text };
  const data = assigned(text, 'ytInitialData');
  const player = assigned(text, 'ytInitialPlayerResponse');
  const youtube = data !== undefined || player !== undefined || /ytcfg\.set\(|\bytInitialData\b/.test(text);
  return { form: 'html', ...(data ? { data } : {}), ...(player ? { player } : {}), youtube, text };
}

function fromJson(v: Json): Answer {
  const err = isObj(v.error) ? v.error : undefined;
  if (err && typeof err.code === 'number') {
    return { form: 'json', apiError: { code: err.code, status: String(err.status ?? ''), message: String(err.message ?? '') }, youtube: true, text: '' };
  }
  // The reel endpoint wraps the player object: {"playerResponse": {...}}.
  const wrapped = isObj(v.playerResponse) ? v.playerResponse : undefined;
  if (wrapped) return { form: 'json', player: wrapped, youtube: true, text: '' };
  if (isObj(v.playabilityStatus) || isObj(v.videoDetails)) return { form: 'json', player: v, youtube: true, text: '' };
  // An innertube answer always carries one of these; `{"ok":true}` from anywhere else does not.
  const youtube = isObj(v.responseContext) || isObj(v.contents) || Array.isArray(v.alerts) || isObj(v.header) || isObj(v.metadata);
  return { form: 'json', ...(youtube ? { data: v } : {}), youtube, text: '' };
}

export const isObj = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

const ASSIGN = (name: string): RegExp => new RegExp(`(?:var\\s+${name}|window\\[["']${name}["']\\]|\\b${name})\\s*=\\s*`, 'g');

/** The object a page assigns to `name` (an object literal, or a JS string holding the JSON). */
export function assigned(src: string, name: string): Json | undefined {
  const re = ASSIGN(name);
  for (let m = re.exec(src); m; m = re.exec(src)) {
    const start = m.index + m[0].length;
    const ch = src[start];
    let json: string | undefined;
    if (ch === '{') json = objectLiteral(src, start);
    else if (ch === "'" || ch === '"') json = jsString(src, start);
    if (json === undefined) continue;
    try {
      const v: unknown = JSON.parse(json);
      if (isObj(v)) return v;
    } catch {
      // not this one (e.g. a reference inside another script); keep looking
    }
  }
  return undefined;
}

/** The balanced `{…}` starting at `at`, aware of JSON strings; undefined when it never closes. */
function objectLiteral(src: string, at: number): string | undefined {
  let depth = 0;
  let inStr = false;
  for (let i = at; i < src.length; i++) {
    const c = src.charCodeAt(i);
    if (inStr) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inStr = false;
      continue;
    }
    if (c === 34) inStr = true;
    else if (c === 123) depth++;
    else if (c === 125 && --depth === 0) return src.slice(at, i + 1);
  }
  return undefined;
}

/** A quoted JS string literal at `at` (`'\x7b\x22…'`), decoded; undefined when malformed. */
function jsString(src: string, at: number): string | undefined {
  const q = src[at];
  let out = '';
  for (let i = at + 1; i < src.length; i++) {
    const c = src[i];
    if (c === q) return out;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = src[++i];
    if (n === 'x') {
      out += String.fromCharCode(parseInt(src.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (n === 'u') {
      out += String.fromCharCode(parseInt(src.slice(i + 1, i + 5), 16));
      i += 4;
    } else out += n === 'n' ? '\n' : n === 't' ? '\t' : n === 'r' ? '\r' : n;
  }
  return undefined;
}

/** Text of a YouTube text object: `{simpleText}`, `{runs:[{text}]}` or a view model's `{content}`. */
export function textOf(v: unknown): string {
  if (typeof v === 'string') return v;
  if (!isObj(v)) return '';
  if (typeof v.simpleText === 'string') return v.simpleText;
  if (typeof v.content === 'string') return v.content;
  if (Array.isArray(v.runs)) return v.runs.map((r) => (isObj(r) && typeof r.text === 'string' ? r.text : '')).join('');
  return '';
}

/** `o.a.b.c` without throwing; undefined when any step is missing. */
export function at(o: unknown, ...path: (string | number)[]): unknown {
  let cur: unknown = o;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}

export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
