// External merge sort of text lines with bounded memory: lines are buffered up to `maxLines`,
// sorted and spilled to a run file in `dir`; sorted() merges the runs with a heap. Verification
// joins the ledger (seq order) with the bucket listing (key order) this way, so it never holds
// either in memory. Lines must not contain '\n' (callers JSON-encode keys).
import { createReadStream, createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import TinyQueue from 'tinyqueue';

export interface Sorter {
  add(line: string): Promise<void>;
  /** Every line added, in ascending (UTF-16 code unit) order. Call once, after the last add(). */
  sorted(): AsyncGenerator<string>;
  /** Run files spilled so far (tests). */
  readonly runs: number;
}

const byLine = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function createSorter(dir: string, name: string, maxLines = 50_000): Sorter {
  let buf: string[] = [];
  const files: string[] = [];
  const writing: Promise<void>[] = [];

  // Concurrent add()s may overlap a spill: the full buffer is swapped out before it is written.
  function spill(): Promise<void> {
    if (!buf.length) return Promise.resolve();
    const lines = buf.sort(byLine);
    buf = [];
    const file = join(dir, `${name}-${files.length}.run`);
    files.push(file);
    const p = (async () => {
      const out = createWriteStream(file);
      for (const line of lines) if (!out.write(line + '\n')) await once(out, 'drain');
      out.end();
      await once(out, 'finish');
    })();
    writing.push(p);
    return p;
  }

  return {
    async add(line) {
      buf.push(line);
      if (buf.length >= maxLines) await spill();
    },
    async *sorted() {
      if (!files.length) {
        const lines = buf.sort(byLine);
        buf = [];
        yield* lines;
        return;
      }
      await spill();
      await Promise.all(writing);
      const readers = files.map((f) => createInterface({ input: createReadStream(f), crlfDelay: Infinity })[Symbol.asyncIterator]());
      const heap = new TinyQueue<{ line: string; r: number }>([], (a, b) => byLine(a.line, b.line) || a.r - b.r);
      for (let r = 0; r < readers.length; r++) {
        const n = await readers[r].next();
        if (!n.done) heap.push({ line: n.value, r });
      }
      while (heap.length) {
        const top = heap.pop()!;
        yield top.line;
        const n = await readers[top.r].next();
        if (!n.done) heap.push({ line: n.value, r: top.r });
      }
    },
    get runs() {
      return files.length;
    },
  };
}

/**
 * Merge-joins two sorted streams of `key\tvalue…` lines by key: calls `each(key, left, right)`
 * once per distinct key with the lines of each side (rest after the key).
 */
export async function mergeJoin(
  left: AsyncIterable<string>,
  right: AsyncIterable<string>,
  each: (key: string, l: string[], r: string[]) => Promise<void> | void,
): Promise<void> {
  const li = left[Symbol.asyncIterator]();
  const ri = right[Symbol.asyncIterator]();
  const split = (line: string): [string, string] => {
    const i = line.indexOf('\t');
    return i < 0 ? [line, ''] : [line.slice(0, i), line.slice(i + 1)];
  };
  let l = await li.next();
  let r = await ri.next();
  while (!l.done || !r.done) {
    const lk = l.done ? undefined : split(l.value)[0];
    const rk = r.done ? undefined : split(r.value)[0];
    const key = lk === undefined ? rk! : rk === undefined ? lk : lk < rk ? lk : rk;
    const ls: string[] = [];
    const rs: string[] = [];
    while (!l.done && split(l.value)[0] === key) {
      ls.push(split(l.value)[1]);
      l = await li.next();
    }
    while (!r.done && split(r.value)[0] === key) {
      rs.push(split(r.value)[1]);
      r = await ri.next();
    }
    await each(key, ls, rs);
  }
}
