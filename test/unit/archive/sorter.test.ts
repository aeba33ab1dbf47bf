// The on-disk merge sort and merge join behind streaming verification: spills past its buffer,
// yields every line in order, and joins by key whatever the keys contain.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSorter, mergeJoin } from '../../../src/archive/verify/sorter.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-sorter-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const collect = async (it: AsyncIterable<string>) => {
  const out: string[] = [];
  for await (const x of it) out.push(x);
  return out;
};

describe('external sort', () => {
  it('spills runs to disk past its buffer and merges them in order, concurrent adds included', async () => {
    const s = createSorter(dir, 'big', 1000);
    const lines = Array.from({ length: 25_000 }, (_, i) => `k${String((i * 7919) % 25_000).padStart(6, '0')}\t${i}`);
    await Promise.all(lines.map((l) => s.add(l)));
    expect(s.runs).toBeGreaterThanOrEqual(20);
    expect((await readdir(dir)).filter((f) => f.startsWith('big-')).length).toBe(s.runs);
    const out = await collect(s.sorted());
    expect(out).toEqual([...lines].sort());
  });

  it('sorts in memory when everything fits', async () => {
    const s = createSorter(dir, 'small', 1000);
    for (const l of ['b', 'a', 'c']) await s.add(l);
    expect(await collect(s.sorted())).toEqual(['a', 'b', 'c']);
    expect(s.runs).toBe(0);
  });

  it('joins two sorted streams by key, JSON-encoded keys with tabs and newlines included', async () => {
    const enc = (k: string) => JSON.stringify(k);
    const left = createSorter(dir, 'l', 2);
    const right = createSorter(dir, 'r', 2);
    for (const [k, v] of [['a/1', 'x'], ['a/1', 'y'], ['b\t2', 'z'], ['c\n3', 'w']]) await left.add(`${enc(k)}\t${v}`);
    for (const [k, v] of [['a/1', 'R'], ['a/10', 'S'], ['c\n3', 'T']]) await right.add(`${enc(k)}\t${v}`);
    const seen: [string, string[], string[]][] = [];
    await mergeJoin(left.sorted(), right.sorted(), (k, l, r) => void seen.push([JSON.parse(k) as string, l, r]));
    expect(seen).toEqual([
      ['a/1', ['x', 'y'], ['R']],
      ['a/10', [], ['S']],
      ['b\t2', ['z'], []],
      ['c\n3', ['w'], ['T']],
    ]);
  });
});
