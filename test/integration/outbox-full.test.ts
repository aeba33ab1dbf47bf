// The bucket is down and the outbox fills up: a full disk (a real 1 MiB tmpfs where the machine
// lets us mount one) or archive.outboxMaxBytes refuses the write with VGL_OUTBOX_FULL, leaves no
// partial file and corrupts nothing already spooled; workers pause and retry the job without
// spending attempts, and everything lands once the bucket is back.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createArchive } from '../../src/archive/archive.js';
import { openOutbox } from '../../src/archive/outbox.js';
import { isVigilError } from '../../src/errors.js';
import { blobKey, sha256Hex } from '../../src/ids.js';
import { startS3 } from '../helpers/startS3.js';
import { until, usePipeline } from '../helpers/pipeline.js';

const log = pino({ level: 'silent' });
const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const f of cleanup.reverse()) await f().catch(() => undefined);
});

/** A 1 MiB tmpfs at `dir` when this machine allows mounting (root with CAP_SYS_ADMIN), else null. */
function smallDisk(dir: string): string | null {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dir], { stdio: 'ignore' });
    cleanup.push(async () => execFileSync('umount', ['-l', dir], { stdio: 'ignore' }));
    return dir;
  } catch {
    return null;
  }
}

const spoolFiles = async (dir: string): Promise<string[]> => {
  const out: string[] = [];
  const walk = async (d: string) => {
    for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
      if (e.isDirectory()) await walk(join(d, e.name));
      else out.push(join(d, e.name));
    }
  };
  await walk(dir);
  return out;
};

describe('outbox full', () => {
  it('a full disk (or quota) refuses with VGL_OUTBOX_FULL, keeps every spooled object whole, and drains later', async () => {
    const s3 = await startS3({ mode: 'child' });
    cleanup.push(() => s3.close());
    const root = await mkdtemp(join(tmpdir(), 'vigil-full-'));
    cleanup.push(() => rm(root, { recursive: true, force: true }));
    const dir = join(root, 'outbox');
    await mkdir(dir);
    const disk = smallDisk(dir);
    const outbox = await openOutbox({ dir, log, retryMs: 60_000, ...(disk ? {} : { maxBytes: 1024 * 1024 }) });
    const archive = createArchive({ store: s3.store, log, outbox });
    await s3.kill();

    const written: Buffer[] = [];
    let refused: unknown;
    for (let i = 0; i < 100 && !refused; i++) {
      const body = Buffer.alloc(64 * 1024, i);
      await archive.putBlob(body, 'application/octet-stream').then(() => written.push(body), (e: unknown) => (refused = e));
    }
    expect(isVigilError(refused, 'VGL_OUTBOX_FULL')).toBe(true);
    expect((refused as Error).message).toMatch(disk ? /the disk is full \(ENOSPC\)/ : /archive\.outboxMaxBytes/);
    expect(written.length).toBeGreaterThan(3);
    const files = await spoolFiles(dir);
    expect(files.filter((f) => f.includes('.tmp-'))).toEqual([]); // no partial write left behind
    expect(files.filter((f) => f.endsWith('.spool'))).toHaveLength(written.length);
    for (const f of files.filter((x) => x.endsWith('.spool'))) {
      const b = await readFile(f);
      const nl = b.indexOf(0x0a);
      expect(sha256Hex(b.subarray(nl + 1))).toBe((JSON.parse(b.subarray(0, nl).toString()) as { sha256: string }).sha256);
    }

    await s3.restart();
    await archive.stop(); // one last drain
    expect(outbox.pending()).toBe(0);
    for (const body of written) expect((await s3.store.get(blobKey(sha256Hex(body))))?.equals(body)).toBe(true);
  });
});

describe('back-pressure in the pipeline', () => {
  const h = usePipeline({
    prefix: 'bp',
    sim: true,
    app: {
      settings: {
        network: { allowPrivate: true, perHostRps: 100 },
        platforms: { telegram: { rescanPages: 0, sweepPagesPerPoll: 0 } },
        capture: { enabled: false },
        archive: { archiveMedia: false, outboxMaxBytes: 60_000, outboxRetry: '200ms' },
      },
      queueEvents: false,
    },
  });

  it('jobs refused by a full outbox wait (no attempt spent, none failed) and complete when the bucket is back', async () => {
    const N = 6;
    for (let i = 0; i < N; i++) h.channel(`bpchan${i}`, 20);
    await h.s3.kill();
    const q = h.app.core.queues.observe;
    await q.addBulk(Array.from({ length: N }, (_, i) => ({ name: 'observe', data: { targetId: `bp${i}`, spec: `telegram:bpchan${i}`, dueAt: 1 }, opts: { jobId: `bp-${i}`, attempts: 2, backoff: { type: 'fixed', delay: 100 } } })));
    // Some polls spool, then the outbox is full: the rest are put back (delayed) without spending an attempt.
    const parked = await until(async () => {
      const jobs = await q.getDelayed();
      return jobs.length > 0 ? jobs : undefined;
    }, 'a job parked by back-pressure');
    expect(parked.every((j) => j.attemptsMade === 0)).toBe(true);
    expect(await q.getFailedCount()).toBe(0);

    await h.s3.restart();
    await until(async () => ((await q.getCompletedCount()) === N ? true : undefined), async () => `completed ${await q.getCompletedCount()} of ${N}`, { tries: 400 });
    expect(await q.getFailedCount()).toBe(0);
    const targets = new Set((await Promise.all(Array.from({ length: N }, (_, i) => h.observations(`bp${i}`)))).map((o) => o.length));
    expect([...targets]).toEqual([1]);
  });
});
