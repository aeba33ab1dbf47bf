// HTML fragments (feed summaries, statement pages) → plain text and links. Pure.
import { parseDocument } from 'htmlparser2';
import type { AnyNode, Element } from 'domhandler';
import { absoluteUrl } from './url.js';

const BLOCK = new Set(['p', 'div', 'br', 'li', 'ul', 'ol', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'table', 'section', 'article', 'blockquote', 'pre', 'header', 'footer', 'figure', 'figcaption', 'dd', 'dt']);
const SKIP = new Set(['script', 'style', 'noscript', 'template', 'svg']);

/** Text of DOM nodes with block elements as line breaks; whitespace collapsed per line. */
export function nodesText(nodes: readonly AnyNode[]): string {
  const out: string[] = [];
  const walk = (n: AnyNode): void => {
    if (n.type === 'text') out.push((n as unknown as { data: string }).data);
    else if (n.type === 'tag' || n.type === 'script' || n.type === 'style') {
      const el = n as Element;
      if (SKIP.has(el.name)) return;
      const block = BLOCK.has(el.name);
      if (block) out.push('\n');
      for (const c of el.children) walk(c);
      if (block) out.push('\n');
    } else if (n.type === 'cdata' || n.type === 'root') {
      for (const c of (n as unknown as { children: AnyNode[] }).children) walk(c);
    }
  };
  for (const n of nodes) walk(n);
  return tidy(out.join(''));
}

/** Collapse runs of spaces, drop blank lines, trim. Stable so digests do not flap on whitespace. */
export const tidy = (s: string): string =>
  s
    .replace(/\u00a0/g, ' ')
    .split('\n')
    .map((l) => l.replace(/[ \t\r\f\v]+/g, ' ').trim())
    .filter((l) => l !== '')
    .join('\n');

export function htmlToText(html: string): string {
  if (!/[<&]/.test(html)) return tidy(html);
  return nodesText(parseDocument(html, { decodeEntities: true }).children);
}

/** Absolute http(s) hrefs of <a> elements in an HTML fragment, in order, deduplicated. */
export function htmlLinks(html: string, base: string): string[] {
  if (!html.includes('<')) return [];
  const out = new Set<string>();
  const walk = (n: AnyNode): void => {
    if (n.type !== 'tag' && n.type !== 'root') return;
    const el = n as Element;
    if (el.name === 'a') {
      const u = absoluteUrl(el.attribs?.href, base);
      if (u) out.add(u);
    }
    for (const c of el.children) walk(c);
  };
  for (const n of parseDocument(html).children) walk(n);
  return [...out];
}

const URL_RE = /https?:\/\/[^\s<>"')\]]+/g;
/** Bare URLs in plain text (YouTube descriptions carry links as text). */
export const textUrls = (text: string): string[] => [...new Set(text.match(URL_RE) ?? [])].map((u) => u.replace(/[.,;:!?]+$/, ''));
