// One pass over a fetched t.me page: the landmarks classify() and parse() both need.
// Memoised per body buffer so classify-then-parse parses the HTML once.
import type { FetchedPage } from '../types.js';
import { findAll, findFirst, hasClass, indexByClass, isElement, parseHtml, textOf, type Dom, type Element } from './dom.js';

const PAGE_CLASSES = new Set([
  'tgme_channel_info',
  'tgme_channel_history',
  'tgme_widget_message',
  'tme_messages_more',
  'tme_no_messages_found',
  'tgme_page',
  'tgme_page_title',
  'tgme_page_extra',
  'tgme_page_description',
  'tgme_page_photo_image',
  'tgme_page_context_link',
  'tgme_page_post',
  'tgme_page_widget',
  'tgme_widget_message_error',
  'tgme_main',
]);

export interface PageScan {
  dom: Dom;
  /** Lower-cased text of `<title>`. */
  title: string;
  /** Message blocks (`div.tgme_widget_message`), in document order, including error blocks. */
  messages: Element[];
  one(cls: string): Element | undefined;
  all(cls: string): Element[];
  /** `<link rel=…>` hrefs from the head. */
  links: Map<string, string>;
  /** The embed widget's error block ("Post not found"), which sits inside a message block. */
  embedError: Element | undefined;
  /** Whether the markup carries Telegram's `tgme_` classes at all. */
  isTelegram: boolean;
}

// Message bodies are parsed separately.
const prune = (el: Element): boolean => hasClass(el, 'tgme_widget_message');

const cache = new WeakMap<Buffer, PageScan>();

export function scanPage(p: FetchedPage): PageScan {
  const hit = cache.get(p.body);
  if (hit) return hit;
  const scan = scanHtml(p.body);
  cache.set(p.body, scan);
  return scan;
}

export function scanHtml(body: Buffer): PageScan {
  const dom = parseHtml(body);
  const idx = indexByClass(dom.root, PAGE_CLASSES, prune);
  const head = findHead(dom);
  const links = new Map<string, string>();
  let title = '';
  if (head) {
    for (const el of findAll(head, (e) => e.name === 'link' || e.name === 'title')) {
      if (el.name === 'title') title = textOf(el).toLowerCase();
      else if (el.attribs.rel && el.attribs.href && !links.has(el.attribs.rel)) links.set(el.attribs.rel, el.attribs.href);
    }
  }
  return {
    dom,
    title,
    messages: idx.get('tgme_widget_message') ?? [],
    one: (cls) => idx.get(cls)?.[0],
    all: (cls) => idx.get(cls) ?? [],
    links,
    embedError:
      idx.get('tgme_widget_message_error')?.[0] ??
      (idx.get('tgme_widget_message') ?? [])
        .filter((m) => m.attribs['data-post'] === undefined)
        .map((m) => findFirst(m, (e) => hasClass(e, 'tgme_widget_message_error')))
        .find((e) => e !== undefined),
    isTelegram: idx.size > 0,
  };
}

// <head> sits at depth 1 or 2; do not walk the whole document for it.
function findHead(dom: Dom): Element | undefined {
  for (const n of dom.root.children) {
    if (!isElement(n)) continue;
    if (n.name === 'head') return n;
    if (n.name === 'html') return n.children.find((c): c is Element => isElement(c) && c.name === 'head');
  }
  return undefined;
}

