// Tiles (C2SP layout, height 8): the streaming tree builder gives the RFC 9162 root at every
// size, resumes from a checkpoint's partial tiles, and proofs read from tiles equal the proofs
// computed from every leaf.
import { describe, expect, it } from 'vitest';
import { inclusionProof, leafHash, treeRoot, verifyInclusion } from '../../../src/archive/ledger/merkle.js';
import { TreeBuilder, decodeTile, encodeTile, partialWidths, tileIndexPath, tileKey } from '../../../src/archive/ledger/tiles.js';
import { createTileReader, TileMissingError } from '../../../src/archive/ledger/tile-proofs.js';

const leaves = (n: number) => Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`entry ${i}\n`)));

/** Builds the tree of `size` leaves into a key -> bytes map (full tiles as they complete, partial ones at the end). */
function tiled(all: Buffer[], size: number, into = new Map<string, Buffer>()): { tiles: Map<string, Buffer>; root: Buffer } {
  const b = new TreeBuilder();
  for (let i = 0; i < size; i++) for (const t of b.push(all[i])) into.set(tileKey(t.level, t.index), encodeTile(t.hashes));
  for (const t of b.partialTiles()) into.set(tileKey(t.level, t.index, t.hashes.length), encodeTile(t.hashes));
  return { tiles: into, root: b.root() };
}

describe('tiles', () => {
  it('names tiles as C2SP does', () => {
    expect(tileIndexPath(0)).toBe('000');
    expect(tileIndexPath(1234067)).toBe('x001/x234/067');
    expect(tileIndexPath(1000)).toBe('x001/000');
    expect(tileKey(0, 5)).toBe('tile/0/005');
    expect(tileKey(2, 1234, 17)).toBe('tile/2/x001/234.p/17');
    expect(decodeTile(Buffer.alloc(31), 1)).toBeNull();
  });

  it('gives the RFC 9162 root at every size, across tile and level boundaries', () => {
    const all = leaves(70_000);
    const b = new TreeBuilder();
    const check = new Set([1, 2, 3, 255, 256, 257, 511, 512, 65_535, 65_536, 65_537, 70_000]);
    for (let i = 0; i < all.length; i++) {
      b.push(all[i]);
      if (check.has(b.size) || b.size < 40) expect(b.root().equals(treeRoot(all, b.size)), `size ${b.size}`).toBe(true);
    }
    expect(new TreeBuilder().root().equals(treeRoot([], 0))).toBe(true);
  });

  it('resumes from partial tiles and continues to the same root', () => {
    const all = leaves(66_000);
    const { tiles } = tiled(all, 65_800);
    const partials = new Map<number, Buffer[]>();
    for (const [level, w] of partialWidths(65_800)) {
      const key = tileKey(level, Math.floor(Math.floor(65_800 / 256 ** level) / 256), w);
      partials.set(level, decodeTile(tiles.get(key)!, w)!);
    }
    const b = TreeBuilder.fromPartials(65_800, partials);
    for (let i = 65_800; i < 66_000; i++) b.push(all[i]);
    expect(b.root().equals(treeRoot(all))).toBe(true);
    expect(() => TreeBuilder.fromPartials(300, new Map())).toThrow(RangeError);
  });

  it('builds the same inclusion proofs from tiles as from every leaf, reading only a few tiles', async () => {
    const all = leaves(70_123);
    for (const size of [1, 7, 256, 300, 65_536, 70_123]) {
      const { tiles, root } = tiled(all, size);
      const reads: string[] = [];
      const reader = createTileReader(async (k) => (reads.push(k), tiles.get(k) ?? null), size);
      for (const idx of [0, size - 1, Math.floor(size / 3), Math.floor(size / 2)]) {
        const path = await reader.inclusionProof(idx);
        expect(path.map((h) => h.toString('hex')), `size ${size} leaf ${idx}`).toEqual(inclusionProof(all, idx, size).map((h) => h.toString('hex')));
        expect(verifyInclusion(all[idx], idx, size, path, root)).toBe(true);
      }
      expect(new Set(reads).size).toBeLessThanOrEqual(24);
    }
  });

  it('reports a missing tile instead of a wrong proof', async () => {
    const all = leaves(600);
    const { tiles } = tiled(all, 600);
    tiles.delete(tileKey(0, 0));
    const reader = createTileReader(async (k) => tiles.get(k) ?? null, 600);
    await expect(reader.inclusionProof(0)).rejects.toBeInstanceOf(TileMissingError);
  });
});
