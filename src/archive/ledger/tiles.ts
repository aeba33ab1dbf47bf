// The ledger's Merkle tree in O(log n) memory, and its tiles (C2SP tlog-tiles layout, height 8):
// `tile/<L>/<N>` holds 256 hashes of the height-8·L subtrees N·256 … N·256+255 (L = 0: leaf hashes),
// `tile/<L>/<N>.p/<W>` the first W of a tile not yet full at some checkpoint's tree size. Tiles are
// derived from the ledger (anyone can rebuild them); they let an exporter build inclusion proofs
// by reading a few kilobytes instead of every entry. Pure.
import { emptyRoot, nodeHash } from './merkle.js';

export const TILE_HEIGHT = 8;
export const TILE_WIDTH = 1 << TILE_HEIGHT;
const HASH = 32;

/** C2SP index path: 1234067 -> "x001/x234/067". */
export function tileIndexPath(n: number): string {
  let s = String(n % 1000).padStart(3, '0');
  for (let rest = Math.floor(n / 1000); rest > 0; rest = Math.floor(rest / 1000)) s = `x${String(rest % 1000).padStart(3, '0')}/${s}`;
  return s;
}

/** Key of tile N at level L; `width` < 256 names a partial tile. */
export const tileKey = (level: number, index: number, width = TILE_WIDTH): string =>
  `tile/${level}/${tileIndexPath(index)}${width < TILE_WIDTH ? `.p/${width}` : ''}`;

export const encodeTile = (hashes: readonly Buffer[]): Buffer => Buffer.concat(hashes as Buffer[], hashes.length * HASH);

export function decodeTile(b: Buffer, width: number): Buffer[] | null {
  if (b.length !== width * HASH) return null;
  return Array.from({ length: width }, (_, i) => b.subarray(i * HASH, (i + 1) * HASH));
}

/** Root of 2^k hashes that form one perfect subtree. */
export function perfectRoot(hashes: readonly Buffer[]): Buffer {
  let level = [...hashes];
  while (level.length > 1) {
    const up: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) up.push(nodeHash(level[i], level[i + 1]));
    level = up;
  }
  return level[0];
}

/** How many hashes level L holds for a tree of `size` leaves. */
export const levelCount = (size: number, level: number): number => Math.floor(size / TILE_WIDTH ** level);

/** A full or partial tile, written when complete (full) or at a checkpoint (partial). */
export interface Tile {
  level: number;
  index: number;
  hashes: Buffer[];
}

/**
 * The right edge of the tree: per level, the hashes of the tile being filled. push() is amortised
 * O(1); root() and partialTiles() are O(log n). Resume from a checkpoint's partial tiles with fromPartials().
 */
export class TreeBuilder {
  private levels: Buffer[][] = [];
  size = 0;

  /** Appends a leaf hash; returns the tiles it completed (level 0 first). */
  push(leaf: Buffer): Tile[] {
    const full: Tile[] = [];
    let h = leaf;
    for (let level = 0; ; level++) {
      const buf = (this.levels[level] ??= []);
      buf.push(h);
      if (buf.length < TILE_WIDTH) break;
      const index = levelCount(this.size + 1, level + 1) - 1;
      full.push({ level, index, hashes: buf });
      h = perfectRoot(buf);
      this.levels[level] = [];
    }
    this.size++;
    return full;
  }

  /** RFC 9162 root of the first `size` leaves. */
  root(): Buffer {
    // Perfect subtrees left to right (highest level first), folded from the right.
    const parts: Buffer[] = [];
    for (let level = this.levels.length - 1; level >= 0; level--) {
      const buf = this.levels[level] ?? [];
      let at = 0;
      for (let bit = TILE_HEIGHT - 1; bit >= 0; bit--) {
        const n = 1 << bit;
        if (buf.length - at >= n && (buf.length & n) !== 0) {
          parts.push(perfectRoot(buf.slice(at, at + n)));
          at += n;
        }
      }
    }
    if (!parts.length) return emptyRoot();
    let r = parts[parts.length - 1];
    for (let i = parts.length - 2; i >= 0; i--) r = nodeHash(parts[i], r);
    return r;
  }

  /** The tiles not yet full at this size (what a checkpoint of this size publishes). */
  partialTiles(): Tile[] {
    const out: Tile[] = [];
    for (let level = 0; level < this.levels.length; level++) {
      const buf = this.levels[level] ?? [];
      if (buf.length) out.push({ level, index: levelCount(this.size, level + 1), hashes: [...buf] });
    }
    return out;
  }

  /** The builder of a tree of `size` leaves whose partial tiles are `partials` (level -> hashes). */
  static fromPartials(size: number, partials: Map<number, Buffer[]>): TreeBuilder {
    const b = new TreeBuilder();
    b.size = size;
    for (let level = 0; levelCount(size, level) > 0; level++) {
      const want = levelCount(size, level) % TILE_WIDTH;
      const got = partials.get(level) ?? [];
      if (got.length !== want) throw new RangeError(`level ${level}: expected ${want} hashes, got ${got.length}`);
      b.levels[level] = [...got];
    }
    return b;
  }
}

/** Partial tile widths of a tree of `size` leaves, by level (levels whose tile is empty are left out). */
export function partialWidths(size: number): Map<number, number> {
  const out = new Map<number, number>();
  for (let level = 0; levelCount(size, level) > 0; level++) {
    const w = levelCount(size, level) % TILE_WIDTH;
    if (w) out.set(level, w);
  }
  return out;
}
