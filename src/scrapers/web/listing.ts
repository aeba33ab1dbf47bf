// A press-release listing page → items {title, url, date}, plus the feed it advertises. Pure.
import { parseDocument } from 'htmlparser2';
import { selectAll, selectOne } from 'css-select';
import type { AnyNode, Element, ParentNode } from 'domhandler';
import { VigilError } from '../../errors.js';
import { nodesText, tidy } from '../html-text.js';
import { absoluteUrl } from '../url.js';
import { findDate, fromDatetimeAttr } from './dates.js';
import { DEFAULT_SELECTOR } from './target.js';

export interface WebItem {
  title: string;
  url: string;
  date?: string;
  /** Text of the item block (title, teaser, date), for edit detection on the listing. */
  text: string;
}

export interface WebListing {
  title?: string;
  items: WebItem[];
  /** RSS/Atom/JSON feed advertised with <link rel="alternate">. */
  feedUrl?: string;
}

const FEED_TYPES = /^application\/(rss\+xml|atom\+xml|feed\+json|json)$/i;
// Site chrome: links there are menus, not statements.
const CHROME = new Set(['nav', 'header', 'footer', 'aside']);

export function parseListing(html: string, pageUrl: string, selector: string): WebListing {
  const dom = parseDocument(html);
  const nodes = dom.children;
  let matched: Element[];
  try {
    matched = selectAll(selector, nodes);
  } catch (e) {
    throw new VigilError('VGL_SPEC_INVALID', `web: item selector "${selector}" is not valid CSS; fix the #sel= part of the target or platforms.web.itemSelector`, { cause: e, details: { selector } });
  }
  const base = baseHref(nodes, pageUrl);
  const isDefault = selector === DEFAULT_SELECTOR;
  const items: WebItem[] = [];
  const seen = new Set<string>();
  for (const el of matched) {
    if (inChrome(el)) continue;
    const item = toItem(el, base, isDefault);
    if (!item || seen.has(item.url)) continue;
    // With the catch-all `a`, only links below the listing's own path are statements.
    if (isDefault && !belowListing(item.url, pageUrl)) continue;
    seen.add(item.url);
    items.push(item);
  }
  const out: WebListing = { items };
  const title = selectOne('title', nodes);
  if (title) out.title = tidy(nodesText([title]));
  const feed = selectAll<AnyNode, Element>('link[rel~=alternate][type][href]', nodes).find((l) => FEED_TYPES.test(l.attribs.type ?? ''));
  const feedUrl = feed ? absoluteUrl(feed.attribs.href, base) : null;
  if (feedUrl) out.feedUrl = feedUrl;
  return out;
}

function toItem(el: Element, base: string, isDefault: boolean): WebItem | null {
  const a = el.name === 'a' ? el : selectOne('a[href]', el);
  const url = absoluteUrl(a?.attribs.href, base);
  if (!a || !url) return null;
  const heading = el.name === 'a' ? null : selectOne('h1,h2,h3,h4,h5', el);
  const title = tidy(nodesText([heading ?? a]));
  if (title === '') return null;
  const box = isDefault ? itemBox(a) : el;
  const item: WebItem = { title, url, text: tidy(nodesText([box])) || title };
  const date = dateIn(box);
  if (date) item.date = date;
  return item;
}

/** For a bare link: the nearest ancestor (≤3 up) that still holds only this one target URL. */
function itemBox(a: Element): Element {
  let box = a;
  let cur = a.parent;
  for (let i = 0; i < 3 && cur && cur.type === 'tag'; i++) {
    const el = cur as Element;
    const hrefs = new Set(selectAll('a[href]', el).map((x) => x.attribs.href));
    if (hrefs.size > 1) break;
    box = el;
    cur = el.parent;
  }
  return box;
}

function dateIn(el: Element): string | undefined {
  const time = selectOne('time[datetime]', el) ?? (el.name === 'time' ? el : null);
  const attr = time?.attribs.datetime;
  if (attr) {
    const d = fromDatetimeAttr(attr);
    if (d) return d;
  }
  return findDate(nodesText([el]));
}

function inChrome(el: Element): boolean {
  for (let p: ParentNode | null = el.parent; p && p.type === 'tag'; p = p.parent) {
    if (CHROME.has((p as Element).name)) return true;
  }
  return false;
}

function belowListing(url: string, pageUrl: string): boolean {
  try {
    const u = new URL(url);
    const l = new URL(pageUrl);
    const dir = l.pathname.endsWith('/') ? l.pathname : l.pathname.replace(/[^/]*$/, '');
    return u.origin === l.origin && u.pathname.startsWith(dir) && u.pathname !== l.pathname && u.pathname !== dir;
  } catch {
    return false;
  }
}

function baseHref(nodes: AnyNode[], pageUrl: string): string {
  const href = selectOne<AnyNode, Element>('base[href]', nodes)?.attribs.href;
  return (href && absoluteUrl(href, pageUrl)) || pageUrl;
}
