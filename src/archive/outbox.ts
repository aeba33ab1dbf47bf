// Durable local spool. When the object store is down, the Archive writes each object here
// (fsync + atomic rename) and reports success: the bytes are durable somewhere. A background
// loop uploads spooled objects in spool order and deletes a file only after its upload (and
// ledger append) succeeded.
//
// Several processes may share one outbox folder (worker replicas on one volume, two `vigil run`
// on one data dir). Each spools into its own replica folder, and every upload starts with a
// claim: an atomic rename of `<id>.spool` to `<id>.inflight` in the claimer's folder. Only the
// process that wins the rename uploads and ledgers the object, so a double drain never writes a
// duplicate ledger entry; the loser's ENOENT just means "someone else has it". Spools of dead
// replicas (a recreated container, an old pid) are adopted the same way once they are stale.
//
// Layout: <dir>/replicas/<replica>/<ulid>.spool | .inflight, <dir>/corrupt/, and (before
// replica folders existed) <dir>/<ulid>.spool, which is adopted at once.
// File format: one line of JSON header, "\n", then the raw object bytes.
//
// A full spool (archive.outboxMaxBytes) or a full disk (ENOSPC/EDQUOT) refuses the write with
// VGL_OUTBOX_FULL: the half-written temp file is removed, nothing already spooled is touched, and
// the job that wanted to write is paused and retried (back-pressure, src/workers/runtime.ts). Temp
// files a crash left mid-write are removed at start; they were never acknowledged to anyone.
import { hostname } from 'node:os';
import { mkdir, open, readdir, readFile, rename, rmdir, stat, unlink, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { z } from 'zod';
import { newId, sha256Hex } from '../ids.js';
import { VigilError, isVigilError } from '../errors.js';
import { Sha256Hex } from './types.js';

export const SpoolHeader = z.object({
  v: z.literal(1),
  key: z.string().min(1),
  contentType: z.string(),
  sha256: Sha256Hex,
  size: z.number().int().nonnegative(),
  ifNoneMatch: z.boolean().optional(),
  /** Ledger entry type to append once the object lands (absent for blobs). */
  ledger: z.enum(['capture', 'observation', 'event', 'custody', 'seen']).optional(),
  spooledAt: z.string(),
});
export type SpoolHeader = z.infer<typeof SpoolHeader>;

/** Uploads one spooled object (and appends its ledger entry). Throws VGL_STORE_UNAVAILABLE while the store is down. */
export type Uploader = (header: SpoolHeader, body: Buffer) => Promise<unknown>;

export interface Outbox {
  spool(header: Omit<SpoolHeader, 'v' | 'spooledAt' | 'sha256' | 'size'>, body: Buffer): Promise<SpoolHeader>;
  /** One pass over this replica's spool, then over stale spools of others; stops early while the store is still unavailable. */
  drain(upload: Uploader): Promise<{ uploaded: number; remaining: number }>;
  /** Background drain every `retryMs` until stop(). */
  start(upload: Uploader): void;
  stop(): Promise<void>;
  pending(): number;
  /** Bytes this replica holds spooled. */
  bytes(): number;
  /** Bytes of the newest spooled copy of `key` (reads of not-yet-uploaded objects). */
  read(key: string): Promise<Buffer | null>;
}

export interface OutboxDeps {
  dir: string; // <dataDir>/outbox
  log: Logger;
  retryMs: number;
  /** This process's folder name; default `<hostname>-<pid>`, unique per live process. */
  replica?: string;
  /** Another replica's spool (or claim) untouched this long is adopted; default 10 min, far above one upload's timeouts. */
  adoptAfterMs?: number;
  /** Bytes this replica may hold spooled (archive.outboxMaxBytes); 0 or absent = only the disk limits it. */
  maxBytes?: number;
}

const DISK_FULL = new Set(['ENOSPC', 'EDQUOT']);

function outboxFull(dir: string, why: string, cause?: unknown): VigilError {
  return new VigilError(
    'VGL_OUTBOX_FULL',
    `outbox full: the object store is unavailable and ${why} (${dir}); the job is paused and retried once the store is back or space is freed`,
    { cause, details: { dir } },
  );
}

export const defaultReplica = (): string => `${hostname()}-${process.pid}`.replace(/[^A-Za-z0-9._-]/g, '_');

const isMissing = (e: unknown): boolean => (e as NodeJS.ErrnoException | null)?.code === 'ENOENT';
const ignoreMissing = (e: unknown): void => {
  if (!isMissing(e)) throw e;
};

async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

function decode(file: Buffer): { header: SpoolHeader; body: Buffer } {
  const nl = file.indexOf(0x0a);
  if (nl < 0) throw new Error('no header line');
  const header = SpoolHeader.parse(JSON.parse(file.subarray(0, nl).toString('utf8')));
  return { header, body: file.subarray(nl + 1) };
}

/** True when a same-host replica `<host>-<pid>` names a process that is gone. */
function deadLocalReplica(name: string): boolean {
  const m = /^(.*)-(\d+)$/.exec(name);
  if (!m || m[1] !== hostname().replace(/[^A-Za-z0-9._-]/g, '_') || Number(m[2]) === process.pid) return false;
  try {
    process.kill(Number(m[2]), 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

export async function openOutbox(deps: OutboxDeps): Promise<Outbox> {
  const log = deps.log.child({ component: 'outbox' });
  const root = deps.dir;
  const replica = deps.replica ?? defaultReplica();
  const replicasDir = join(root, 'replicas');
  const own = join(replicasDir, replica);
  const corruptDir = join(root, 'corrupt');
  const adoptAfterMs = deps.adoptAfterMs ?? 10 * 60_000;
  await mkdir(corruptDir, { recursive: true });
  await mkdir(own, { recursive: true });

  const setAside = async (path: string, name: string, err: unknown) => {
    log.error({ err, file: name }, 'corrupt spool file moved aside');
    await rename(path, join(corruptDir, name)).catch(() => undefined);
  };

  // Own claims left by a previous run under this name are unfinished uploads: spool them again.
  // Spools from before replica folders existed are taken over at once.
  for (const name of await readdir(own)) {
    if (name.endsWith('.inflight')) await rename(join(own, name), join(own, name.replace(/\.inflight$/, '.spool'))).catch(ignoreMissing);
  }
  for (const name of (await readdir(root)).filter((n) => n.endsWith('.spool'))) {
    await rename(join(root, name), join(own, name)).catch(ignoreMissing);
  }
  // A temp file is a spool write a crash (or a full disk) cut short: never acknowledged, removed.
  for (const name of (await readdir(own)).filter((n) => n.startsWith('.tmp-'))) await unlink(join(own, name)).catch(ignoreMissing);
  // file name -> key, in spool (ULID) order; rebuilt from disk so a restart resumes the spool.
  const files = new Map<string, string>();
  const sizes = new Map<string, number>();
  let bytes = 0;
  const track = (name: string, size: number) => {
    bytes += size - (sizes.get(name) ?? 0);
    sizes.set(name, size);
  };
  const untrack = (name: string) => {
    bytes -= sizes.get(name) ?? 0;
    sizes.delete(name);
    files.delete(name);
  };
  for (const name of (await readdir(own)).filter((n) => n.endsWith('.spool')).sort()) {
    try {
      const file = await readFile(join(own, name));
      files.set(name, decode(file).header.key);
      track(name, file.length);
    } catch (err) {
      if (!isMissing(err)) await setAside(join(own, name), name, err);
    }
  }
  if (files.size) log.warn({ pending: files.size, replica }, 'outbox has objects from a previous run');

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<{ uploaded: number; remaining: number }> | undefined;
  let stopped = false;

  /**
   * Claims `from` (a .spool of ours or anyone's) as our `<id>.inflight`, uploads it, and removes
   * it. 'lost': another process claimed it first. 'down': the store is unavailable; the object
   * is spooled again under our name.
   */
  const take = async (from: string, name: string, upload: Uploader): Promise<'done' | 'lost' | 'down' | 'kept' | 'corrupt'> => {
    const inflight = join(own, name.replace(/\.(spool|inflight)$/, '.inflight'));
    const respool = join(own, name.replace(/\.(spool|inflight)$/, '.spool'));
    try {
      await rename(from, inflight);
      const now = new Date();
      await utimes(inflight, now, now); // the claim's age, for adopters
    } catch (e) {
      if (isMissing(e)) return 'lost';
      throw e;
    }
    let item: { header: SpoolHeader; body: Buffer };
    try {
      item = decode(await readFile(inflight));
      if (sha256Hex(item.body) !== item.header.sha256) throw new Error('body hash mismatch');
    } catch (err) {
      await setAside(inflight, name.replace(/\.inflight$/, '.spool'), err);
      return 'corrupt';
    }
    try {
      await upload(item.header, item.body);
    } catch (err) {
      await rename(inflight, respool).catch(ignoreMissing);
      const back = name.replace(/\.(spool|inflight)$/, '.spool');
      files.set(back, item.header.key);
      track(back, (await stat(respool).catch(() => null))?.size ?? 0); // an adopted spool is ours now
      if (isVigilError(err, 'VGL_STORE_UNAVAILABLE')) return 'down'; // still down: try again next round
      log.error({ err, key: item.header.key }, 'spooled upload rejected; kept for retry');
      return 'kept';
    }
    // Landed and ledgered. A missing file here only means a (very late) adopter took it.
    await unlink(inflight).catch(ignoreMissing);
    log.debug({ key: item.header.key }, 'spooled object uploaded');
    return 'done';
  };

  /** Spools of other replicas that nobody has touched for adoptAfterMs (or whose process is gone). */
  const adoptable = async (): Promise<{ path: string; name: string }[]> => {
    const out: { path: string; name: string }[] = [];
    for (const other of await readdir(replicasDir).catch(() => [] as string[])) {
      if (other === replica) continue;
      const dir = join(replicasDir, other);
      const dead = deadLocalReplica(other);
      const stale = async (path: string) => {
        const st = await stat(path).catch(() => null);
        return st !== null && (dead || Date.now() - Math.floor(st.mtimeMs) >= adoptAfterMs);
      };
      const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.spool') || n.endsWith('.inflight'));
      if (names.length === 0) {
        // Only a provably gone replica's folder is removed: a live one may be spooling into it.
        if (dead) await rmdir(dir).catch(() => undefined);
        continue;
      }
      for (const name of names.sort()) if (await stale(join(dir, name))) out.push({ path: join(dir, name), name });
    }
    return out;
  };

  const drainOnce = async (upload: Uploader) => {
    await mkdir(own, { recursive: true });
    let uploaded = 0;
    let down = false;
    for (const name of [...files.keys()].sort()) {
      const r = await take(join(own, name), name, upload);
      if (r === 'done' || r === 'lost' || r === 'corrupt') untrack(name);
      if (r === 'done') uploaded++;
      if (r === 'down') {
        down = true;
        break;
      }
    }
    if (!down) {
      for (const f of await adoptable()) {
        const r = await take(f.path, f.name, upload);
        if (r === 'done') {
          uploaded++;
          log.info({ file: f.path }, 'adopted a spooled object of another replica');
        }
        if (r === 'down') break;
      }
    }
    if (uploaded) log.info({ uploaded, remaining: files.size }, 'outbox drained');
    return { uploaded, remaining: files.size };
  };

  const outbox: Outbox = {
    async spool(h, body) {
      const header: SpoolHeader = { v: 1, ...h, sha256: sha256Hex(body), size: body.length, spooledAt: new Date().toISOString() };
      const data = Buffer.concat([Buffer.from(JSON.stringify(header) + '\n', 'utf8'), body]);
      if (deps.maxBytes && bytes + data.length > deps.maxBytes) {
        throw outboxFull(own, `the spool holds ${bytes} bytes, archive.outboxMaxBytes is ${deps.maxBytes}`);
      }
      const id = newId();
      const tmp = join(own, `.tmp-${id}`);
      try {
        await mkdir(own, { recursive: true }); // an adopter may have removed our empty folder
        const fh = await open(tmp, 'w');
        try {
          await fh.writeFile(data);
          await fh.sync();
        } finally {
          await fh.close();
        }
        await rename(tmp, join(own, `${id}.spool`));
        await fsyncDir(own);
      } catch (err) {
        // Never leave a partial spool file: only whole, renamed files are spool entries.
        await unlink(tmp).catch(() => undefined);
        const code = (err as NodeJS.ErrnoException).code;
        if (code && DISK_FULL.has(code)) throw outboxFull(own, `the disk is full (${code})`, err);
        throw err;
      }
      files.set(`${id}.spool`, header.key);
      track(`${id}.spool`, data.length);
      log.warn({ key: header.key, size: header.size, pending: files.size }, 'object spooled to outbox');
      return header;
    },

    drain(upload) {
      running ??= drainOnce(upload).finally(() => {
        running = undefined;
      });
      return running;
    },

    start(upload) {
      if (timer || stopped) return;
      const tick = () => {
        timer = undefined;
        if (stopped) return;
        outbox
          .drain(upload)
          .catch((err: unknown) => log.error({ err }, 'outbox drain failed'))
          .finally(() => {
            if (!stopped) timer = setTimeout(tick, deps.retryMs);
          });
      };
      timer = setTimeout(tick, deps.retryMs);
    },

    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await running?.catch(() => undefined);
    },

    pending: () => files.size,
    bytes: () => bytes,

    async read(key) {
      const names = [...files.entries()].filter(([, k]) => k === key).map(([n]) => n).sort();
      const newest = names.at(-1);
      if (!newest) return null;
      // The drain loop may be uploading it (.inflight) or have just removed it; the caller then reads the store.
      for (const name of [newest, newest.replace(/\.spool$/, '.inflight')]) {
        const body = await readFile(join(own, name)).then((f) => decode(f).body, () => null);
        if (body) return body;
      }
      return null;
    },
  };
  return outbox;
}
