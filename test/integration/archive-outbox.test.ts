// Store outage: s3rver runs as a child process and is SIGKILLed while workers keep writing.
// Every write must still succeed (spooled to the outbox), and after the store is back the drain
// must land every object with its ledger entry; nothing is lost.
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createArchive } from '../../src/archive/archive.js';
import { openOutbox } from '../../src/archive/outbox.js';
import type { EventRecord, LedgerSink } from '../../src/archive/types.js';
import { isVigilError } from '../../src/errors.js';
import { blobKey, deterministicId, sha256Hex } from '../../src/ids.js';
import { startS3, type TestS3 } from '../helpers/startS3.js';

const log = pino({ level: 'silent' });

const event = (i: number): EventRecord => ({
  v: 1,
  id: deterministicId(Date.UTC(2024, 10, 12, 10, 0, i), `event-${i}`),
  type: 'post_deleted',
  status: 'candidate',
  target: 'telegram-durov',
  postId: `durov/${i}`,
  detectedAt: new Date(Date.UTC(2024, 10, 12, 10, 0, i)).toISOString(),
  window: { firstChangedAt: new Date(Date.UTC(2024, 10, 12, 10, 0, i)).toISOString() },
  confidence: 0.5,
  rule: 'post_missing_from_listing',
  evidence: [],
});

let s3: TestS3;
let dir: string;
beforeEach(async () => {
  s3 = await startS3({ mode: 'child' });
  dir = await mkdtemp(join(tmpdir(), 'vigil-outbox-'));
});
afterEach(async () => {
  await s3.close();
  await rm(dir, { recursive: true, force: true });
});

describe('outbox', () => {
  it('spools while the store is killed mid-run and drains everything when it is back', async () => {
    const ledger: Parameters<LedgerSink['append']>[0][] = [];
    const outbox = await openOutbox({ dir: join(dir, 'outbox'), log, retryMs: 50 });
    const archive = createArchive({ store: s3.store, log, outbox, ledger: { append: async (e) => void ledger.push(e) } });

    const written: { blob: string; eventKey: string }[] = [];
    const writeOne = async (i: number) => {
      const { sha256 } = await archive.putBlob(Buffer.from(`media ${i}`), 'text/plain');
      const ref = await archive.putEvent({ ...event(i), evidence: [sha256] });
      written.push({ blob: sha256, eventKey: ref.key });
      return ref.spooled;
    };

    // Four concurrent writers; the store is SIGKILLed once 10 records are written, while
    // requests are in flight.
    const spooled: boolean[] = [];
    let next = 0;
    let killed: Promise<void> | undefined;
    const writer = async () => {
      while (next < 30) {
        const i = next++;
        spooled.push(await writeOne(i));
        if (written.length === 10) killed = s3.kill();
      }
    };
    await Promise.all([writer(), writer(), writer(), writer()]);
    await killed;

    expect(written).toHaveLength(30); // every write reported success (bucket or outbox)
    expect(spooled.filter((x) => x).length).toBeGreaterThanOrEqual(15);
    expect(archive.pending()).toBeGreaterThan(0);
    expect(ledger.length).toBeLessThan(30); // spooled events are not in the ledger yet
    const late = written[written.length - 1];
    // Spooled objects are readable before they land.
    expect((await archive.getBlob(late.blob))?.toString()).toMatch(/^media \d+$/);

    // A drain while the store is still down keeps everything.
    const before = archive.pending();
    expect((await outbox.drain(async () => { await s3.store.ping(); })).remaining).toBe(before);

    await s3.restart();
    archive.start();
    // Some 20 to 40 spooled objects, each a HEAD, a PUT and a ledger append: about 2 s on a quiet machine.
    // The bound catches a drain that stops, not a slow one (a loaded CI machine took over 20 s).
    await expect.poll(() => archive.pending(), { timeout: 90_000, interval: 50 }).toBe(0);
    await archive.stop();

    for (const w of written) {
      expect(await s3.store.head(blobKey(w.blob))).not.toBeNull();
      expect(await s3.store.head(w.eventKey)).not.toBeNull();
    }
    expect(ledger.map((e) => e.key).sort()).toEqual(written.map((w) => w.eventKey).sort()); // each exactly once
    expect(ledger.every((e) => e.type === 'event')).toBe(true);
    expect((await readdir(join(dir, 'outbox'))).filter((f) => f.endsWith('.spool'))).toEqual([]);
  });

  it('resumes a spool left by a previous process and sets aside corrupt files', async () => {
    const outDir = join(dir, 'outbox');
    const first = await openOutbox({ dir: outDir, log, retryMs: 50 });
    const body = Buffer.from('{"spooled":true}\n');
    await first.spool({ key: 'observations/2024/11/12/x.json', contentType: 'application/json', ledger: 'observation' }, body);
    await writeFile(join(outDir, '00000000000000000000000000.spool'), 'not a spool file');

    const second = await openOutbox({ dir: outDir, log, retryMs: 50 });
    expect(second.pending()).toBe(1);
    expect(await readdir(join(outDir, 'corrupt'))).toEqual(['00000000000000000000000000.spool']);
    const landed: string[] = [];
    const archive = createArchive({ store: s3.store, log, outbox: second, ledger: { append: async (e) => void landed.push(`${e.type}:${e.key}:${e.sha256}`) } });
    archive.start();
    await archive.stop(); // stop() makes one last drain
    expect(second.pending()).toBe(0);
    expect(landed).toEqual([`observation:observations/2024/11/12/x.json:${sha256Hex(body)}`]);
    expect((await s3.store.get('observations/2024/11/12/x.json'))?.equals(body)).toBe(true);
  });

  it('without an outbox, a down store is a retryable VGL_STORE_UNAVAILABLE naming the endpoint', async () => {
    const archive = createArchive({ store: s3.store, log });
    await s3.kill();
    const err = await archive.putBlob(Buffer.from('x'), 'text/plain').catch((e: unknown) => e);
    expect(isVigilError(err, 'VGL_STORE_UNAVAILABLE')).toBe(true);
    expect((err as Error).message).toContain(s3.endpoint.replace('http://', ''));
    expect((err as Error).message).not.toContain(s3.secretAccessKey);
  });
});

describe('openArchive', () => {
  it('boots with the store down, spools, and lands the spool once the store is back', async () => {
    const { openArchive } = await import('../../src/archive/open.js');
    const { SettingsSchema } = await import('../../src/config/schema.js');
    await s3.kill();
    const settings = SettingsSchema.parse({ dataDir: dir, s3: s3.settings, archive: { outboxRetry: 50 } });
    const opened = await openArchive({ settings, log });
    const { sha256 } = await opened.archive.putBlob(Buffer.from('boot-time blob'), 'text/plain');
    opened.seen.record({ target: 't', at: '2024-11-12T10:00:00.000Z', observationRef: 'obs', contentDigest: sha256 });
    expect(opened.archive.pending()).toBe(1);
    await s3.restart();
    await opened.close(); // flushes seen, final drain
    expect(opened.archive.pending()).toBe(0);
    expect((await s3.store.get(blobKey(sha256)))?.toString()).toBe('boot-time blob');
    const keys: string[] = [];
    for await (const k of s3.store.list('seen/')) keys.push(k);
    expect(keys).toHaveLength(1);
  });
});
