// A bucket of any size that is never stored: every record, ledger entry and checkpoint is
// generated from its number when read (only the chain's entry hashes are kept, 32 bytes each, in
// one Buffer outside the JS heap). For exercising verify and export at hundreds of thousands to
// millions of ledger entries through their real code paths. It counts what was read.
import { sign } from 'node:crypto';
import { GENESIS_PREV, entryHash, ledgerKey, seqFromKey, serializeEntry } from '../../src/archive/ledger/entry.js';
import { PUBLIC_KEY_KEY, type SigningKey } from '../../src/archive/ledger/keys.js';
import { leafHash } from '../../src/archive/ledger/merkle.js';
import { checkpointKey, formatBody } from '../../src/archive/ledger/note.js';
import { TreeBuilder, encodeTile, tileKey } from '../../src/archive/ledger/tiles.js';
import { formatIndex, indexKey, type IndexLine } from '../../src/archive/ledger/ledger-index.js';
import type { ObjectStore } from '../../src/archive/types.js';
import { blobKey, datedKey, deterministicId, idTime, sha256Hex } from '../../src/ids.js';

export interface SynthOptions {
  entries: number;
  /** A signed checkpoint every this many entries (and one at the end). */
  checkpointEvery: number;
  key: SigningKey;
  /** Every n-th record is a capture manifest naming one blob (default 1000). */
  captureEvery?: number;
  /** Publish tiles and ledger-index objects as the checkpointer does (default true). */
  tiles?: boolean;
}

export interface ReadStats {
  gets: Map<string, number>;
  lists: string[];
  maxInFlight: number;
}

export interface SyntheticBucket {
  store: ObjectStore;
  stats: ReadStats;
  resetStats(): void;
  /** Record key of ledger entry `seq`. */
  recordKey(seq: number): string;
  checkpoints: number[];
}

const T0 = Date.UTC(2026, 0, 1);
const STEP_MS = 1728;

export function createSyntheticBucket(o: SynthOptions): SyntheticBucket {
  const every = o.captureEvery ?? 1000;
  const withTiles = o.tiles ?? true;
  // 1728 ms apart (50 000 records a day): the id's time gives its seq back.
  const ids = (seq: number) => deterministicId(T0 + seq * STEP_MS, `r${seq}`);
  const isCapture = (seq: number) => seq % every === every - 1;
  const blobBytes = (seq: number) => Buffer.from(`artifact of record ${seq}\n`);
  const recordKey = (seq: number) => datedKey(isCapture(seq) ? 'captures' : 'custody', ids(seq));
  const recordBytes = (seq: number): Buffer => {
    const id = ids(seq);
    const at = new Date(T0 + seq * 1000).toISOString();
    if (!isCapture(seq)) return Buffer.from(`${JSON.stringify({ v: 1, id, action: 'synthetic', at, actor: 'test' })}\n`);
    const b = blobBytes(seq);
    const artifacts = [{ name: 'page.html', sha256: sha256Hex(b), size: b.length, type: 'text/html' }];
    return Buffer.from(`${JSON.stringify({ v: 1, id, kind: 'http', status: 'done', url: `https://example.org/${seq}`, tool: { name: 'synth', version: '0' }, vantage: 'test', startedAt: at, finishedAt: at, artifacts })}\n`);
  };
  const hashes = Buffer.alloc(o.entries * 32);
  // Record hash and size per seq, fixed by the first pass (so reading an entry hashes nothing).
  const recSha = Buffer.alloc(o.entries * 32);
  const recSize = new Uint32Array(o.entries);
  const entryBytes = (seq: number): Buffer => {
    const prev = seq === 0 ? GENESIS_PREV : hashes.subarray((seq - 1) * 32, seq * 32).toString('hex');
    const sha256 = recSha.subarray(seq * 32, (seq + 1) * 32).toString('hex');
    return serializeEntry({ v: 1, seq, prev, ts: new Date(T0 + seq * STEP_MS).toISOString(), type: isCapture(seq) ? 'capture' : 'custody', key: recordKey(seq), sha256, size: recSize[seq], writer: 'synth', fence: 1 });
  };

  // The one pass that fixes every hash, checkpoint, tile and index.
  const fixed = new Map<string, Buffer>();
  const checkpoints: number[] = [];
  const blobKeys: string[] = [];
  const tree = new TreeBuilder();
  let lines: IndexLine[] = [];
  for (let seq = 0; seq < o.entries; seq++) {
    const rec = recordBytes(seq);
    Buffer.from(sha256Hex(rec), 'hex').copy(recSha, seq * 32);
    recSize[seq] = rec.length;
    const b = entryBytes(seq);
    Buffer.from(entryHash(b), 'hex').copy(hashes, seq * 32);
    const full = tree.push(leafHash(b));
    if (withTiles) {
      for (const t of full) fixed.set(tileKey(t.level, t.index), encodeTile(t.hashes));
      lines.push({ seq, sha256: recSha.subarray(seq * 32, (seq + 1) * 32).toString('hex'), key: recordKey(seq) });
    }
    if (isCapture(seq)) blobKeys.push(blobKey(sha256Hex(blobBytes(seq))));
    const size = seq + 1;
    if (size % o.checkpointEvery === 0 || size === o.entries) {
      const body = formatBody({ origin: 'vigil/synthetic', size, root: tree.root(), head: entryHash(b), time: new Date(T0 + (size - 1) * STEP_MS + 1000).toISOString() });
      fixed.set(checkpointKey(size, 'body'), body);
      fixed.set(checkpointKey(size, 'sig'), sign(null, body, o.key.privateKey));
      checkpoints.push(size);
      if (withTiles) {
        for (const t of tree.partialTiles()) fixed.set(tileKey(t.level, t.index, t.hashes.length), encodeTile(t.hashes));
        fixed.set(indexKey(size), formatIndex(lines));
        lines = [];
      }
    }
  }
  fixed.set(PUBLIC_KEY_KEY, Buffer.from(o.key.publicPem));
  blobKeys.sort();
  const blobOf = new Map<string, number>();
  for (let seq = every - 1; seq < o.entries; seq += every) blobOf.set(blobKey(sha256Hex(blobBytes(seq))), seq);
  const seqOfRecord = (key: string): number | undefined => {
    const id = (key.split('/').pop() ?? '').split('.')[0];
    try {
      const seq = (idTime(id) - T0) / STEP_MS;
      return Number.isInteger(seq) && seq >= 0 && seq < o.entries ? seq : undefined;
    } catch {
      return undefined;
    }
  };
  const stats: ReadStats = { gets: new Map(), lists: [], maxInFlight: 0 };
  let inFlight = 0;
  const count = (key: string) => {
    const p = key.split('/')[0];
    stats.gets.set(p, (stats.gets.get(p) ?? 0) + 1);
  };
  const overlay = new Map<string, Buffer>();

  async function read(key: string): Promise<Buffer | null> {
    const o2 = overlay.get(key) ?? fixed.get(key);
    if (o2) return o2;
    const seq = seqFromKey(key);
    if (seq !== null) return seq < o.entries ? entryBytes(seq) : null;
    if (key.startsWith('blobs/')) {
      const s = blobOf.get(key);
      return s === undefined ? null : blobBytes(s);
    }
    if (key.startsWith('custody/') || key.startsWith('captures/')) {
      const seq2 = seqOfRecord(key);
      return seq2 !== undefined && recordKey(seq2) === key ? recordBytes(seq2) : null;
    }
    return null;
  }

  // The listing in key order, group by group; a prefix skips the groups it cannot match (as S3 does).
  const fixedUnder = (p: string) => [...new Set([...fixed.keys(), ...overlay.keys()])].filter((k) => k.startsWith(p)).sort();
  const groups: [string, () => Iterable<string>][] = [
    ['blobs/', () => blobKeys],
    ['captures/', function* () {
      for (let seq = every - 1; seq < o.entries; seq += every) yield recordKey(seq);
    }],
    ['checkpoints/', () => fixedUnder('checkpoints/')],
    ['custody/', function* () {
      for (let seq = 0; seq < o.entries; seq++) if (!isCapture(seq)) yield recordKey(seq);
    }],
    ['keys/', () => [PUBLIC_KEY_KEY]],
    ['ledger-index/', () => fixedUnder('ledger-index/')],
    ['ledger/', function* () {
      for (let seq = 0; seq < o.entries; seq++) yield ledgerKey(seq);
    }],
    ['tile/', () => fixedUnder('tile/')],
  ];
  function* listAll(prefix: string): Generator<string> {
    for (const [g, keys] of groups) if (g.startsWith(prefix) || prefix.startsWith(g)) for (const k of keys()) if (k.startsWith(prefix)) yield k;
  }

  const store: ObjectStore = {
    async put(key, body) {
      overlay.set(key, body);
      return {};
    },
    async get(key) {
      count(key);
      inFlight++;
      stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
      try {
        await new Promise((r) => setImmediate(r)); // a real store answers later
        return await read(key);
      } finally {
        inFlight--;
      }
    },
    async head(key) {
      const b = await read(key);
      return b ? { size: b.length } : null;
    },
    async *list(prefix) {
      stats.lists.push(prefix);
      yield* listAll(prefix);
    },
    ping: async () => undefined,
  };
  return {
    store,
    stats,
    resetStats() {
      stats.gets.clear();
      stats.lists.length = 0;
      stats.maxInFlight = 0;
    },
    recordKey,
    checkpoints,
  };
}
