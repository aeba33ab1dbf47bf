// Lookups over the lean tree (tree.ts). Everything that leaves this module as output text
// goes through fromRaw/rawToUtf8, because the tree holds the body's raw latin1 view.
import { buildTree, fromRaw, rawToUtf8, type Element, type Node } from './tree.js';

export type { Element, Node };

/** Parsed page: the tree plus the latin1 source its offsets point into. */
export interface Dom {
  root: Element;
  src: string;
}

export const parseHtml = (body: Buffer): Dom => buildTree(body);

export const isElement = (n: Node): n is Element => n.type === 'tag';

const isSpace = (ch: number): boolean => ch === 32 || ch === 9 || ch === 10 || ch === 13 || ch === 12;

export function hasClass(el: Element, cls: string): boolean {
  const c = el.attribs.class;
  if (c === undefined) return false;
  // Whole-word match without splitting (this runs for every element).
  for (let at = c.indexOf(cls); at >= 0; at = c.indexOf(cls, at + 1)) {
    const end = at + cls.length;
    if ((at === 0 || isSpace(c.charCodeAt(at - 1))) && (end === c.length || isSpace(c.charCodeAt(end)))) return true;
  }
  return false;
}

/** Index the elements under `root` carrying any of `classes` (each must contain "me_"). `prune` stops descent below an element (it is still indexed). */
export function indexByClass(root: Element, classes: ReadonlySet<string>, prune?: (el: Element) => boolean): Map<string, Element[]> {
  const out = new Map<string, Element[]>();
  const stack: Element[] = [root];
  while (stack.length > 0) {
    const n = stack.pop() as Element;
    const c = n.attribs.class;
    // Every class we index contains "me_" (tgme_…, tme_…): skip the split for the rest.
    if (c !== undefined && c.includes('me_')) {
      for (const name of c.split(/\s+/)) {
        if (classes.has(name)) {
          const list = out.get(name);
          if (list) list.push(n);
          else out.set(name, [n]);
        }
      }
    }
    if (n !== root && prune?.(n)) continue;
    const kids = n.children;
    for (let i = kids.length - 1; i >= 0; i--) {
      const k = kids[i];
      if (k.type === 'tag') stack.push(k);
    }
  }
  return out;
}

/** First element (document order) strictly under `root` matching `pred`. */
export function findFirst(root: Element | undefined, pred: (el: Element) => boolean): Element | undefined {
  if (!root) return undefined;
  for (const k of root.children) {
    if (k.type !== 'tag') continue;
    if (pred(k)) return k;
    const hit = findFirst(k, pred);
    if (hit) return hit;
  }
  return undefined;
}

export function findAll(root: Element | undefined, pred: (el: Element) => boolean, out: Element[] = []): Element[] {
  if (!root) return out;
  for (const k of root.children) {
    if (k.type !== 'tag') continue;
    if (pred(k)) out.push(k);
    findAll(k, pred, out);
  }
  return out;
}

export const byClass = (cls: string) => (el: Element) => hasClass(el, cls);

/**
 * Rendered text: whitespace runs collapse to one space (as a browser does; the any2feed
 * captures were re-indented upstream), `<br>` and block ends become line breaks, NBSP
 * becomes a plain space, lines are trimmed.
 */
export function textOf(el: Element | undefined): string {
  if (!el) return '';
  const parts: string[] = [];
  collectText(el, parts);
  // Collapse only after UTF-8 is rebuilt: in latin1, 0x85/0xA0 are continuation bytes, not spaces.
  return fromRaw(parts.join(''))
    .replace(/[^\S\n]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/^[\n ]+|[\n ]+$/g, '');
}

const BLOCK = new Set(['div', 'p', 'blockquote', 'pre', 'li']);

function collectText(n: Element, parts: string[]): void {
  for (const k of n.children) {
    if (k.type === 'text') {
      parts.push(k.data.replace(/[\t\n\r\f ]+/g, ' '));
    } else if (k.name === 'br') {
      parts.push('\n');
    } else {
      collectText(k, parts);
      if (BLOCK.has(k.name)) parts.push('\n');
    }
  }
}

/** Inner HTML exactly as served (sliced from the body by byte offsets, not re-serialised). */
export function innerHtml(dom: Dom, el: Element | undefined): string {
  if (!el || el.innerEnd <= el.innerStart) return '';
  return rawToUtf8(dom.src.slice(el.innerStart, el.innerEnd));
}

/** An attribute value as real text (UTF-8, entities decoded). */
export const attr = (el: Element | undefined, name: string): string | undefined => {
  const v = el?.attribs[name];
  return v === undefined ? undefined : fromRaw(v);
};

/** `background-image:url('…')` → the URL. */
export function backgroundUrl(el: Element | undefined): string | undefined {
  const style = attr(el, 'style');
  if (!style) return undefined;
  const m = /background-image\s*:\s*url\(\s*['"]?([^'")]+)['"]?\s*\)/i.exec(style);
  return m ? normaliseUrl(m[1]) : undefined;
}

/** Protocol-relative `//cdn…` → `https://cdn…`; everything else unchanged. */
export const normaliseUrl = (u: string): string => (u.startsWith('//') ? `https:${u}` : u);
