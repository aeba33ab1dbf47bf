// Inclusion proofs from tiles: a proof for one entry of a tree of n leaves reads at most a few
// tiles per level (8 KiB each) instead of n entries. And the rebuild that writes the tiles of a
// tree from its ledger entries, streaming (flat memory), for buckets whose tiles are missing.
import type { Logger } from 'pino';
import type { ObjectStore } from '../types.js';
import { emptyRoot, leafHash, nodeHash } from './merkle.js';
import { streamEntries } from './read.js';
import { TILE_HEIGHT, TILE_WIDTH, TreeBuilder, decodeTile, encodeTile, levelCount, perfectRoot, tileKey, type Tile } from './tiles.js';

export class TileMissingError extends Error {
  constructor(readonly key: string) {
    super(`${key} is missing or malformed`);
  }
}

export interface TileReader {
  /** MTH(D[lo:hi]) of the tree of `size` leaves (hi <= size). */
  mth(lo: number, hi: number): Promise<Buffer>;
  /** RFC 9162 §2.1.3.1 audit path of leaf `index`. */
  inclusionProof(index: number): Promise<Buffer[]>;
  readonly size: number;
}

const split = (n: number): number => {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
};
const log2 = (n: number): number => Math.round(Math.log2(n));

export function createTileReader(get: (key: string) => Promise<Buffer | null>, size: number): TileReader {
  const cache = new Map<string, Promise<Buffer[]>>();

  const tile = (level: number, index: number): Promise<Buffer[]> => {
    const count = levelCount(size, level);
    const width = Math.min(TILE_WIDTH, count - index * TILE_WIDTH);
    const key = tileKey(level, index, width);
    let p = cache.get(key);
    if (!p) {
      p = get(key).then((b) => {
        const hashes = b ? decodeTile(b, width) : null;
        if (!hashes) throw new TileMissingError(key);
        return hashes;
      });
      cache.set(key, p);
    }
    return p;
  };

  /** Root of the perfect subtree of height h whose leaves start at j * 2^h. */
  const perfect = async (h: number, j: number): Promise<Buffer> => {
    const level = Math.floor(h / TILE_HEIGHT);
    const span = 1 << (h % TILE_HEIGHT);
    const first = j * span;
    const hashes = await tile(level, Math.floor(first / TILE_WIDTH));
    const at = first % TILE_WIDTH;
    return perfectRoot(hashes.slice(at, at + span));
  };

  const mth = async (lo: number, hi: number): Promise<Buffer> => {
    const n = hi - lo;
    if (n <= 0) return emptyRoot();
    if ((n & (n - 1)) === 0 && n <= 2 ** 52 && lo % n === 0) return perfect(log2(n), lo / n);
    const k = split(n);
    const [l, r] = await Promise.all([mth(lo, lo + k), mth(lo + k, hi)]);
    return nodeHash(l, r);
  };

  const inclusionProof = async (index: number): Promise<Buffer[]> => {
    if (index < 0 || index >= size) throw new RangeError(`leaf ${index} not in tree of size ${size}`);
    const path = async (m: number, lo: number, hi: number): Promise<Buffer[]> => {
      const n = hi - lo;
      if (n === 1) return [];
      const k = split(n);
      return m < k ? [...(await path(m, lo, lo + k)), await mth(lo + k, hi)] : [...(await path(m - k, lo + k, hi)), await mth(lo, lo + k)];
    };
    return path(index, 0, size);
  };

  return { mth, inclusionProof, size };
}

export interface TileWriter {
  put(key: string, body: Buffer, opts: { contentType: string; ifNoneMatch?: boolean }): Promise<unknown>;
}

/**
 * Writes tiles. A tile is a pure function of the ledger, so an existing one is left alone
 * (write-once), except by a rebuild (`replace`): then the ledger no longer matches what the tiles
 * were made from, and the tiles follow the ledger (proofs are still checked against signed roots).
 */
export async function writeTiles(store: TileWriter, tiles: readonly Tile[], replace = false): Promise<void> {
  await Promise.all(tiles.map((t) => store.put(tileKey(t.level, t.index, t.hashes.length), encodeTile(t.hashes), { contentType: 'application/octet-stream', ifNoneMatch: !replace })));
}

/**
 * Re-derives the tiles of the tree of `size` leaves from the ledger entries (streamed, bounded
 * memory) and writes them, full and partial. Returns the root. Used when tiles are missing (a
 * bucket written before tiles existed) or do not match the signed root.
 */
export async function rebuildTiles(store: ObjectStore, size: number, log?: Logger): Promise<Buffer> {
  const b = new TreeBuilder();
  let pending: Tile[] = [];
  for await (const { seq, bytes } of streamEntries(store, 0, size)) {
    if (!bytes) throw new TileMissingError(`ledger entry ${seq}`);
    pending.push(...b.push(leafHash(bytes)));
    if (pending.length >= 16) {
      await writeTiles(store, pending, true);
      pending = [];
    }
  }
  await writeTiles(store, [...pending, ...b.partialTiles()], true);
  log?.info({ size }, 'ledger tiles rebuilt from the entries');
  return b.root();
}
