// One statement's own page (press release, video page) → ItemProbe. 404/410 = missing;
// 429/5xx/non-HTML = no verdict (never a takedown). Pure.
import { parseDocument } from 'htmlparser2';
import { selectOne } from 'css-select';
import type { AnyNode, Element } from 'domhandler';
import type { FetchedPage, ItemProbe } from './types.js';
import { nodesText, tidy } from './html-text.js';

// Where ministry/CMS templates keep the body of a statement, most specific first.
const BODY_SELECTORS = ['[itemprop=articleBody]', 'article .content', 'article', 'main .content', 'main', '.content', '#content', 'body'];
// Chrome around the statement that changes independently of it (menus, "related news").
const CHROME = new Set(['nav', 'header', 'footer', 'aside', 'form']);

export function parseItemPage(p: FetchedPage): ItemProbe {
  if (p.status === 404 || p.status === 410) return { state: 'missing', reason: `HTTP ${p.status}` };
  if (p.status < 200 || p.status >= 300) return { state: 'no_verdict', reason: `HTTP ${p.status}` };
  const type = headerValue(p.headers, 'content-type') ?? '';
  if (type !== '' && !/html/i.test(type)) return { state: 'no_verdict', reason: `not HTML (${type})` };
  const dom = parseDocument(p.body.toString('utf8'));
  const nodes = dom.children;
  const h1 = selectOne('h1', nodes);
  const titleEl = selectOne('title', nodes);
  const title = tidy(h1 ? nodesText([h1]) : titleEl ? nodesText([titleEl]) : '');
  let bodyEl: Element | null = null;
  for (const sel of BODY_SELECTORS) {
    bodyEl = selectOne(sel, nodes);
    if (bodyEl) break;
  }
  const text = bodyEl ? nodesText(withoutChrome(bodyEl.children)) : '';
  if (title === '' && text === '') return { state: 'no_verdict', reason: 'page has no title and no text' };
  return { state: 'present', title, text };
}

function withoutChrome(nodes: readonly AnyNode[]): AnyNode[] {
  return nodes.filter((n) => !(n.type === 'tag' && CHROME.has((n as Element).name)));
}

export const headerValue = (h: Record<string, string>, name: string): string | undefined => {
  for (const k of Object.keys(h)) if (k.toLowerCase() === name) return h[k];
  return undefined;
};
