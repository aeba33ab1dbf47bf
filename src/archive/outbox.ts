// Durable local spool. When the object store is down, the Archive writes each object here
// (fsync + atomic rename) and reports success: the bytes are durable somewhere. A background
// loop uploads spooled objects in spool order and deletes a file only after its upload (and
// ledger append) succeeded.
//
// File format (<dir>/<ulid>.spool): one line of JSON header, "\n", then the raw object bytes.
import { mkdir, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { z } from 'zod';
import { newId, sha256Hex } from '../ids.js';
import { isVigilError } from '../errors.js';
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
  /** One pass over the spool; stops early while the store is still unavailable. */
  drain(upload: Uploader): Promise<{ uploaded: number; remaining: number }>;
  /** Background drain every `retryMs` until stop(). */
  start(upload: Uploader): void;
  stop(): Promise<void>;
  pending(): number;
  /** Bytes of the newest spooled copy of `key` (reads of not-yet-uploaded objects). */
  read(key: string): Promise<Buffer | null>;
}

export interface OutboxDeps {
  dir: string; // <dataDir>/outbox
  log: Logger;
  retryMs: number;
}

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

export async function openOutbox(deps: OutboxDeps): Promise<Outbox> {
  const log = deps.log.child({ component: 'outbox' });
  const { dir } = deps;
  const corruptDir = join(dir, 'corrupt');
  await mkdir(corruptDir, { recursive: true });
  // file name -> key, in spool (ULID) order; rebuilt from disk so a restart resumes the spool.
  const files = new Map<string, string>();
  for (const name of (await readdir(dir)).filter((n) => n.endsWith('.spool')).sort()) {
    try {
      files.set(name, decode(await readFile(join(dir, name))).header.key);
    } catch (err) {
      log.error({ err, file: name }, 'unreadable spool file moved aside');
      await rename(join(dir, name), join(corruptDir, name));
    }
  }
  if (files.size) log.warn({ pending: files.size }, 'outbox has objects from a previous run');

  let timer: NodeJS.Timeout | undefined;
  let running: Promise<{ uploaded: number; remaining: number }> | undefined;
  let stopped = false;

  const drainOnce = async (upload: Uploader) => {
    let uploaded = 0;
    for (const name of [...files.keys()].sort()) {
      const path = join(dir, name);
      let item: { header: SpoolHeader; body: Buffer };
      try {
        item = decode(await readFile(path));
        if (sha256Hex(item.body) !== item.header.sha256) throw new Error('body hash mismatch');
      } catch (err) {
        log.error({ err, file: name }, 'corrupt spool file moved aside');
        await rename(path, join(corruptDir, name)).catch(() => undefined);
        files.delete(name);
        continue;
      }
      try {
        await upload(item.header, item.body);
      } catch (err) {
        if (isVigilError(err, 'VGL_STORE_UNAVAILABLE')) break; // still down: try again next round
        log.error({ err, key: item.header.key }, 'spooled upload rejected; kept for retry');
        continue;
      }
      await unlink(path);
      files.delete(name);
      uploaded++;
      log.debug({ key: item.header.key }, 'spooled object uploaded');
    }
    if (uploaded) log.info({ uploaded, remaining: files.size }, 'outbox drained');
    return { uploaded, remaining: files.size };
  };

  const outbox: Outbox = {
    async spool(h, body) {
      const header: SpoolHeader = { v: 1, ...h, sha256: sha256Hex(body), size: body.length, spooledAt: new Date().toISOString() };
      const id = newId();
      const tmp = join(dir, `.tmp-${id}`);
      const fh = await open(tmp, 'w');
      try {
        await fh.writeFile(Buffer.concat([Buffer.from(JSON.stringify(header) + '\n', 'utf8'), body]));
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, join(dir, `${id}.spool`));
      await fsyncDir(dir);
      files.set(`${id}.spool`, header.key);
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

    async read(key) {
      const names = [...files.entries()].filter(([, k]) => k === key).map(([n]) => n).sort();
      const newest = names.at(-1);
      if (!newest) return null;
      // The drain loop may have just uploaded and removed it; the caller then reads the store.
      return readFile(join(dir, newest)).then((f) => decode(f).body, () => null);
    },
  };
  return outbox;
}
