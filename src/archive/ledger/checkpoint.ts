// Signed checkpoints of the ledger: every `entries` appends or `everyMs`, write
// checkpoints/<n>.body (signed note), <n>.sig (raw Ed25519, `openssl pkeyutl -rawin` verifies it)
// and, with a TSA, <n>.tsr (RFC 3161 over the .sig bytes, as authsign does). With a TSA set, no
// checkpoint is published without its token. The tree is kept as its right edge (TreeBuilder,
// O(log n) memory); before the body, a checkpoint publishes its tiles (tile/…, for proofs) and the
// index of the entries it added (ledger-index/<n>.txt, to find a record's seq), see tiles.ts.
import { createPublicKey, sign, verify as verifySig } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ObjectStore } from '../types.js';
import { entryHash, ledgerKey, parseEntry, seqFromKey } from './entry.js';
import type { SigningKey } from './keys.js';
import { leafHash } from './merkle.js';
import { checkpointKey, checkpointSizeFromKey, formatBody, parseBody, type CheckpointBody } from './note.js';
import { streamEntries } from './read.js';
import { TreeBuilder, decodeTile, levelCount, partialWidths, tileKey, type Tile } from './tiles.js';
import { writeTiles } from './tile-proofs.js';
import { formatIndex, indexKey, type IndexLine } from './ledger-index.js';
import { requestTimestamp, type TsaDeps } from '../tsa/client.js';
import { VigilError } from '../../errors.js';

export const TSA_CHAIN_KEY = 'keys/tsa-chain.pem';

export interface CheckpointerDeps {
  store: ObjectStore;
  redis: Redis;
  prefix: string;
  log: Logger;
  key: SigningKey;
  /** First line of every checkpoint, naming this log (e.g. "vigil/<bucket>"). */
  origin: string;
  /** settings.integrity.checkpointEntries */
  entries: number;
  /** settings.integrity.checkpointEvery, in ms (the timer started by start()). */
  everyMs: number;
  tsa?: TsaDeps;
  now?: () => Date;
}

export interface CheckpointInfo extends CheckpointBody {
  bodyKey: string;
  tsr: boolean;
}

export interface Checkpointer {
  /** Hook for the ledger: checkpoint when `entries` appends piled up since the last one. */
  afterAppend(size: number): Promise<void>;
  /** Checkpoint the ledger as it is now (null when it is empty or already checkpointed at that size). */
  checkpoint(): Promise<CheckpointInfo | null>;
  /** Largest checkpointed size in the bucket (0 when none). */
  lastSize(): Promise<number>;
  start(): void;
  stop(): void;
}

export function createCheckpointer(deps: CheckpointerDeps): Checkpointer {
  const { store, redis } = deps;
  const log = deps.log.child({ component: 'checkpoint' });
  const now = deps.now ?? (() => new Date());
  // The tree's right edge, resumed from the last checkpoint's partial tiles (or rebuilt once).
  let builder: TreeBuilder | undefined;
  let headHash = '';
  // Index lines of entries added since this process's last published index.
  let indexLines: IndexLine[] = [];
  let last = -1;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<CheckpointInfo | null> | undefined;

  async function lastSize(): Promise<number> {
    if (last >= 0) return last;
    let max = 0;
    for await (const k of store.list('checkpoints/')) max = Math.max(max, checkpointSizeFromKey(k) ?? 0);
    last = max;
    return max;
  }

  async function ledgerSize(): Promise<number> {
    const seq = await redis.hget(`${deps.prefix}:ledger:head`, 'seq');
    if (seq !== null) return Number(seq) + 1;
    let max = -1;
    for await (const k of store.list('ledger/')) max = Math.max(max, seqFromKey(k) ?? -1);
    return max + 1;
  }

  async function resume(): Promise<TreeBuilder> {
    const c = await lastSize();
    if (c > 0) {
      const partials = new Map<number, Buffer[]>();
      const widths = partialWidths(c);
      const got = await Promise.all([...widths].map(async ([level, w]) => [level, await store.get(tileKey(level, levelCount(c, level + 1), w)), w] as const));
      const [body, sig, lastEntry] = await Promise.all([store.get(checkpointKey(c, 'body')), store.get(checkpointKey(c, 'sig')), store.get(ledgerKey(c - 1))]);
      // Resume only from a checkpoint this key signed, whose head is the ledger's entry c-1 now,
      // and whose tiles give its signed root: the bucket is never trusted beyond that.
      if (body && sig && lastEntry && got.every(([, b]) => b) && verifySig(null, body, createPublicKey(deps.key.privateKey), sig)) {
        for (const [level, b, w] of got) partials.set(level, decodeTile(b!, w) ?? []);
        try {
          const parsed = parseBody(body);
          const b = TreeBuilder.fromPartials(c, partials);
          if (b.root().equals(parsed.root) && entryHash(lastEntry) === parsed.head) {
            headHash = parsed.head;
            return b;
          }
        } catch {
          // fall through: rebuild
        }
      }
      log.info({ size: c }, 'no tiles for the last checkpoint; rebuilding them from the ledger');
    }
    return new TreeBuilder();
  }

  /** Streams entries [builder.size, size) into the tree: full tiles are written as they complete. */
  async function extendTo(size: number): Promise<TreeBuilder> {
    builder ??= await resume();
    const b = builder;
    const indexFrom = await lastSize(); // earlier entries were indexed by earlier checkpoints
    let full: Tile[] = [];
    for await (const { seq, bytes } of streamEntries(store, b.size, size)) {
      if (!bytes) throw new VigilError('VGL_VERIFY_FAILED', `${ledgerKey(seq)} is missing: the ledger has a gap; run \`vigil verify --bucket\``);
      full.push(...b.push(leafHash(bytes)));
      headHash = entryHash(bytes);
      if (seq >= indexFrom) {
        const e = parseEntry(bytes, ledgerKey(seq));
        indexLines.push({ seq, sha256: e.sha256, key: e.key });
      }
      if (full.length >= 16) {
        await writeTiles(store, full);
        full = [];
      }
    }
    await writeTiles(store, full);
    return b;
  }

  async function doCheckpoint(): Promise<CheckpointInfo | null> {
    const size = await ledgerSize();
    if (size === 0 || size <= (await lastSize())) return null;
    // One process per size; others skip (the body would only differ by its time line).
    const claim = await redis.set(`${deps.prefix}:ledger:cp:${size}`, '1', 'PX', 120_000, 'NX');
    if (claim !== 'OK' || (await store.head(checkpointKey(size, 'body')))) return null;
    const tree = await extendTo(size);
    if (tree.size !== size) return null; // this process's tree is past `size` (another view of the head)
    const body: CheckpointBody = { origin: deps.origin, size, root: tree.root(), head: headHash, time: now().toISOString() };
    const bodyBytes = formatBody(body);
    const sig = sign(null, bodyBytes, deps.key.privateKey);
    // With a TSA configured, a checkpoint is only published with its token (a missing .tsr is a
    // fault in `vigil verify`): ask first, write nothing while the TSA is unreachable.
    let ts: Awaited<ReturnType<typeof requestTimestamp>> | undefined;
    if (deps.tsa) {
      try {
        ts = await requestTimestamp(deps.tsa, sig);
      } catch (err) {
        await redis.del(`${deps.prefix}:ledger:cp:${size}`); // let the next attempt claim this size again
        log.warn({ err, size }, 'timestamp failed; checkpoint deferred until the TSA answers');
        throw new VigilError(
          'VGL_STORE_UNAVAILABLE',
          `checkpoint ${size}: no RFC 3161 timestamp (${(err as Error).message}); with integrity.tsaUrl set a checkpoint waits for its token`,
          { cause: err },
        );
      }
    }
    // Tiles and index first, .sig and .tsr next, .body last: a body in the bucket means its
    // signature, proofs material and index are there too.
    await writeTiles(store, tree.partialTiles());
    await store.put(indexKey(size), formatIndex(indexLines.filter((l) => l.seq < size)), { contentType: 'text/plain; charset=utf-8', ifNoneMatch: true });
    indexLines = indexLines.filter((l) => l.seq >= size);
    await store.put(checkpointKey(size, 'sig'), sig, { contentType: 'application/octet-stream', ifNoneMatch: true });
    if (ts) {
      await store.put(checkpointKey(size, 'tsr'), ts.tsr, { contentType: 'application/timestamp-reply', ifNoneMatch: true });
      // For readers of the bucket and packages; never a trust anchor for `vigil verify` (that is integrity.tsaCaFile).
      if (!(await store.head(TSA_CHAIN_KEY))) {
        await store.put(TSA_CHAIN_KEY, Buffer.from(deps.tsa?.trustedPem ?? ts.certsPem), { contentType: 'application/x-pem-file' });
      }
    }
    const tsr = !!ts;
    await store.put(checkpointKey(size, 'body'), bodyBytes, { contentType: 'text/plain; charset=utf-8', ifNoneMatch: true });
    last = size;
    log.info({ size, root: body.root.toString('base64'), tsr }, 'checkpoint');
    return { ...body, bodyKey: checkpointKey(size, 'body'), tsr };
  }

  const checkpoint = (): Promise<CheckpointInfo | null> => {
    // Serialize within the process; a second call waits for the first and then re-checks.
    const p = (running ?? Promise.resolve(null)).catch(() => null).then(doCheckpoint);
    running = p;
    return p;
  };

  return {
    async afterAppend(size) {
      if (size - (await lastSize()) >= deps.entries) await checkpoint();
    },
    checkpoint,
    lastSize,
    start() {
      if (timer) return;
      timer = setInterval(() => {
        checkpoint().catch((err: unknown) => log.warn({ err }, 'periodic checkpoint failed'));
      }, deps.everyMs);
      timer.unref();
    },
    stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
    },
  };
}

/** The key of the entry covered last by a checkpoint of `size` (for VERIFY.md). */
export const headEntryKey = (size: number): string => ledgerKey(size - 1);
