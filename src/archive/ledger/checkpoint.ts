// Signed checkpoints of the ledger: every `entries` appends or `everyMs`, write
// checkpoints/<n>.body (signed note), <n>.sig (raw Ed25519, `openssl pkeyutl -rawin` verifies it)
// and, with a TSA, <n>.tsr (RFC 3161 over the .sig bytes, as authsign does). With a TSA set, no
// checkpoint is published without its token.
import { sign } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { ObjectStore } from '../types.js';
import { entryHash, ledgerKey, seqFromKey } from './entry.js';
import type { SigningKey } from './keys.js';
import { leafHash, treeRoot } from './merkle.js';
import { checkpointKey, checkpointSizeFromKey, formatBody, type CheckpointBody } from './note.js';
import { readEntryBytes } from './read.js';
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
  const leaves: Buffer[] = []; // cache of leaf hashes 0..leaves.length-1 (entries are immutable)
  const heads: string[] = [];
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

  async function extendLeaves(size: number): Promise<void> {
    if (leaves.length >= size) return;
    const bytes = await readEntryBytes(store, leaves.length, size);
    for (const b of bytes) {
      leaves.push(leafHash(b));
      heads.push(entryHash(b));
    }
  }

  async function doCheckpoint(): Promise<CheckpointInfo | null> {
    const size = await ledgerSize();
    if (size === 0 || size <= (await lastSize())) return null;
    // One process per size; others skip (the body would only differ by its time line).
    const claim = await redis.set(`${deps.prefix}:ledger:cp:${size}`, '1', 'PX', 120_000, 'NX');
    if (claim !== 'OK' || (await store.head(checkpointKey(size, 'body')))) return null;
    await extendLeaves(size);
    const body: CheckpointBody = { origin: deps.origin, size, root: treeRoot(leaves, size), head: heads[size - 1], time: now().toISOString() };
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
    // .sig and .tsr first, .body last: a body in the bucket means its signature is there too.
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
