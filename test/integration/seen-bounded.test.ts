// The "seen" buffer stays bounded while the bucket is down. A hung store (s3rver frozen with
// SIGSTOP: connections accepted, nothing answered) holds a flush for minutes; meanwhile every
// full buffer is spilled to the on-disk outbox and lands, ledgered, once the store is back. If
// nothing takes the entries (no outbox, store killed), the oldest beyond the bound are dropped,
// counted in a metric and warned about. Real s3rver as a child process.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createArchive } from '../../src/archive/archive.js';
import { openArchive } from '../../src/archive/open.js';
import { createSeenLog } from '../../src/archive/seen-log.js';
import { SeenBatch, type SeenEntry } from '../../src/archive/seen-format.js';
import { SettingsSchema } from '../../src/config/schema.js';
import { sha256Hex } from '../../src/ids.js';
import { startS3, type TestS3 } from '../helpers/startS3.js';

let s3: TestS3;
let dir: string;
beforeEach(async () => {
  s3 = await startS3({ mode: 'child' });
  dir = await mkdtemp(join(tmpdir(), 'vigil-seen-'));
});
afterEach(async () => {
  await s3.close();
  await rm(dir, { recursive: true, force: true });
});

const entry = (i: number): SeenEntry => ({
  target: `t${i % 7}`,
  at: new Date(Date.UTC(2024, 10, 12, 10, 0, 0, i)).toISOString(),
  observationRef: `obs-${i % 7}`,
  contentDigest: sha256Hex(`content ${i % 7}`),
});
const id = (e: SeenEntry) => `${e.target}@${e.at}`;

async function seenInBucket(): Promise<string[]> {
  const out: string[] = [];
  for await (const k of s3.store.list('seen/')) {
    const batch = SeenBatch.parse(JSON.parse((await s3.store.get(k))!.toString('utf8')));
    out.push(...batch.entries.map(id));
  }
  return out.sort();
}

const counter = async (r: Registry, name: string) => (await r.getSingleMetric(name)!.get()).values[0]?.value ?? 0;

describe('seen buffer while the bucket is down', () => {
  it('a hung bucket: the buffer stays under the bound, full buffers spill to the outbox, and every entry lands once', async () => {
    const MAX_ENTRIES = 50;
    const MAX_BUFFERED = 200;
    const metrics = new Registry();
    const settings = SettingsSchema.parse({
      dataDir: dir,
      s3: s3.settings,
      archive: { seenMaxEntries: MAX_ENTRIES, seenMaxBuffered: MAX_BUFFERED, seenFlushEvery: '1h', outboxRetry: '1h' },
    });
    const opened = await openArchive({ settings, log: pino({ level: 'silent' }), metrics });
    s3.pause();
    let peak = 0;
    const all: SeenEntry[] = [];
    try {
      // 20 rounds of polls; between rounds the worker's event loop runs (as between real polls).
      for (let round = 0; round < 20; round++) {
        for (let i = 0; i < MAX_ENTRIES; i++) {
          const e = entry(round * MAX_ENTRIES + i);
          all.push(e);
          opened.seen.record(e);
          peak = Math.max(peak, opened.seen.buffered());
        }
        await expect.poll(() => opened.seen.buffered(), { timeout: 10_000, interval: 20 }).toBeLessThan(MAX_ENTRIES);
      }
      expect(peak).toBeLessThanOrEqual(MAX_BUFFERED);
      // All but the first batch (whose flush is hung in the frozen store) go to disk.
      await expect.poll(() => opened.seen.stats().spilled, { timeout: 10_000, interval: 20 }).toBe(all.length - MAX_ENTRIES);
      const stats = opened.seen.stats();
      expect(stats.dropped).toBe(0);
      expect(await counter(metrics, 'vigil_seen_spilled_entries_total')).toBe(stats.spilled);
      expect(opened.archive.pending()).toBeGreaterThan(0);
    } finally {
      s3.resume();
    }
    await opened.close(); // the hung flush completes, the outbox drains
    expect(opened.archive.pending()).toBe(0);
    expect(await seenInBucket()).toEqual(all.map(id).sort());
  }, 120_000);

  it('nowhere to put them (no outbox, store killed): the oldest beyond the bound are dropped, counted and warned about', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'warn' }, new Writable({ write: (c, _e, cb) => (lines.push(...String(c).split('\n').filter(Boolean)), cb()) }));
    const metrics = new Registry();
    const seen = createSeenLog({ archive: createArchive({ store: s3.store, log }), log, flushEveryMs: 3_600_000, maxEntries: 10, maxBuffered: 30, metrics });
    await s3.kill();
    for (let i = 0; i < 100; i++) {
      seen.record(entry(i));
      expect(seen.buffered()).toBeLessThanOrEqual(30);
    }
    await seen.flush().catch(() => undefined); // let the failing flushes settle
    expect(seen.buffered()).toBe(30);
    expect(seen.stats().dropped).toBe(70);
    expect(await counter(metrics, 'vigil_seen_dropped_entries_total')).toBe(70);
    expect(lines.map((l) => JSON.parse(l) as { msg: string }).some((l) => /oldest entries dropped/.test(l.msg))).toBe(true);

    // The newest are the ones kept, and they land once the store is back.
    await s3.restart();
    await seen.flush();
    expect(await seenInBucket()).toEqual(Array.from({ length: 30 }, (_, k) => id(entry(70 + k))).sort());
  }, 60_000);
});
