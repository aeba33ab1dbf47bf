// A lean HTML tree for t.me pages, built on htmlparser2's streaming Parser.
// Why not parseDocument/cheerio: polling throughput is bound by parsing. Two tricks keep a
// 100 KB page well under the budget:
//  - the body is read as latin1 (a byte-per-char copy, ~100x cheaper than UTF-8 decoding a
//    Cyrillic page); all markup is ASCII, so structure is unaffected, and only the strings we
//    output are converted back (`fromRaw`), with entities decoded after that;
//  - svg/script/style/comments never become nodes (every message carries a large svg tail).
import { Parser } from 'htmlparser2';
import { decodeEntities } from './entities.js';

export interface TextNode {
  type: 'text';
  /** Raw latin1 text, entities not decoded; read it through textOf(). */
  data: string;
  parent: Element | null;
}

export interface Element {
  type: 'tag';
  name: string;
  /** Raw attribute values (latin1, entities not decoded); output values go through attr(). */
  attribs: Record<string, string>;
  children: Node[];
  parent: Element | null;
  /** Byte offsets of the inner HTML in the body. */
  innerStart: number;
  innerEnd: number;
}

export type Node = Element | TextNode;

const SKIP = new Set(['svg', 'script', 'style', 'noscript', 'template']);

/** Parse a body (Buffer bytes) into a tree; `src` is the latin1 view whose offsets are byte offsets. */
export function buildTree(body: Buffer): { root: Element; src: string } {
  const src = body.toString('latin1');
  const root: Element = { type: 'tag', name: '#root', attribs: {}, children: [], parent: null, innerStart: 0, innerEnd: src.length };
  let cur = root;
  let skipDepth = 0;
  let skipName = '';
  const parser: Parser = new Parser(
    {
      onopentag(name, attribs) {
        if (skipDepth > 0) {
          if (name === skipName) skipDepth++;
          return;
        }
        if (SKIP.has(name)) {
          skipDepth = 1;
          skipName = name;
          return;
        }
        const el: Element = { type: 'tag', name, attribs, children: [], parent: cur, innerStart: parser.endIndex + 1, innerEnd: parser.endIndex + 1 };
        cur.children.push(el);
        cur = el;
      },
      ontext(data) {
        if (skipDepth > 0) return;
        const last = cur.children[cur.children.length - 1];
        if (last !== undefined && last.type === 'text') last.data += data;
        else cur.children.push({ type: 'text', data, parent: cur });
      },
      onclosetag(name, isImplied) {
        if (skipDepth > 0) {
          if (name === skipName) skipDepth--;
          return;
        }
        if (cur.name !== name || cur.parent === null) return;
        cur.innerEnd = isImplied ? Math.max(cur.innerStart, parser.startIndex) : parser.startIndex;
        cur = cur.parent;
      },
    },
    { decodeEntities: false, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(src);
  return { root, src };
}

const NON_ASCII_OR_ENTITY = /[\x80-\xff&]/;

/** Raw latin1 string from the tree → real text: UTF-8 bytes re-assembled, entities decoded. */
export function fromRaw(raw: string): string {
  if (!NON_ASCII_OR_ENTITY.test(raw)) return raw;
  return decodeEntities(Buffer.from(raw, 'latin1').toString('utf8'));
}

/** Same, without entity decoding (inner HTML stays HTML). */
export const rawToUtf8 = (raw: string): string => (/[\x80-\xff]/.test(raw) ? Buffer.from(raw, 'latin1').toString('utf8') : raw);
