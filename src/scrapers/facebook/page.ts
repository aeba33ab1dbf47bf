// One Facebook mobile answer, loaded once: the HTML page, or the HTML inside a "more" payload
// (`for (;;);{"payload":{"actions":[{"html":…},{"code":…}]}}`), and the "more" URL it offers. Pure.
import * as cheerio from 'cheerio';
import type { Cheerio, CheerioAPI } from 'cheerio';
import type { Element } from 'domhandler';
import type { FetchedPage } from '../types.js';
import { PAYLOAD_PREFIX } from './markers.js';

export interface FbPage {
  kind: 'html' | 'payload' | 'other';
  /** The HTML (the page, or the payload's HTML joined). */
  html: string;
  $: CheerioAPI;
  /** Top-level stories (`<article data-ft>` not inside another story). */
  stories: Cheerio<Element>;
  /** Relative "more" URL of the next (older) batch, if offered. */
  more?: string;
}

const memo = new WeakMap<Buffer, FbPage>();

export function loadPage(p: Pick<FetchedPage, 'body'>): FbPage {
  const hit = memo.get(p.body);
  if (hit) return hit;
  const text = p.body.toString('utf8');
  let kind: FbPage['kind'] = 'html';
  let html = text;
  let scripts = text;
  if (text.startsWith(PAYLOAD_PREFIX)) {
    const actions = payloadActions(text.slice(PAYLOAD_PREFIX.length));
    kind = actions ? 'payload' : 'other';
    html = (actions ?? []).map((a) => (typeof a.html === 'string' ? a.html : '')).join('');
    scripts = (actions ?? []).map((a) => (typeof a.code === 'string' ? a.code : '')).join('\n') + html;
  }
  const $ = cheerio.load(html);
  const stories = $('article[data-ft]').filter((_, el) => $(el).parents('article').length === 0);
  const page: FbPage = { kind, html, $, stories, ...moreOf(scripts) };
  memo.set(p.body, page);
  return page;
}

function payloadActions(json: string): Record<string, unknown>[] | undefined {
  try {
    const v = JSON.parse(json) as { payload?: { actions?: unknown } };
    return Array.isArray(v.payload?.actions) ? (v.payload.actions.filter((a) => a !== null && typeof a === 'object') as Record<string, unknown>[]) : undefined;
  } catch {
    return undefined;
  }
}

// The "more" URL sits in a script: plain (`href:"/page_content_list_view/more/?…"`) on the page,
// JSON-escaped (`"href":"\/page_content_list_view\/more\/?…\u00257B…"`) inside a payload.
const MORE = /(\\?\/page_content_list_view\\?\/more\\?\/\?[^"'\s<>]*)/;

function moreOf(scripts: string): { more?: string } {
  const m = MORE.exec(scripts);
  if (!m) return {};
  let href = m[1];
  try {
    href = JSON.parse(`"${href}"`) as string;
  } catch {
    return {};
  }
  return href.startsWith('/page_content_list_view/more/?') ? { more: href.replace(/&amp;/g, '&') } : {};
}

export type { Cheerio, CheerioAPI };
