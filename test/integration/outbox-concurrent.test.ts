// Several workers, one outbox volume (docker-compose scales workers over one named volume, and a
// second `vigil run` may share a data dir). Two drains over the same spool must land and ledger
// each object exactly once, a lost race on a file must not abort a drain, and a dead replica's
// spool must be adopted by exactly one live replica. Real s3rver; the uploader is the Archive's
// contract (put the object, then append its ledger entry).
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openOutbox, type Outbox, type Uploader } from '../../src/archive/outbox.js';
import { startS3, type TestS3 } from '../helpers/startS3.js';

const log = pino({ level: 'silent' });
let s3: TestS3;
let root: string;
let ledger: string[];

beforeEach(async () => {
  s3 = await startS3();
  root = await mkdtemp(join(tmpdir(), 'vigil-outbox-cc-'));
  ledger = [];
});
afterEach(async () => {
  await s3.close();
  await rm(root, { recursive: true, force: true });
});

const upload: Uploader = async (h, body) => {
  await s3.store.put(h.key, body, { contentType: h.contentType, sha256: h.sha256, ifNoneMatch: h.ifNoneMatch });
  ledger.push(h.key);
};

const spoolMany = async (o: Outbox, tag: string, n: number): Promise<string[]> => {
  const keys: string[] = [];
  for (let i = 0; i < n; i++) {
    const key = `events/2024/11/12/${tag}-${String(i).padStart(3, '0')}.candidate.json`;
    await o.spool({ key, contentType: 'application/json', ledger: 'event', ifNoneMatch: true }, Buffer.from(JSON.stringify({ tag, i })));
    keys.push(key);
  }
  return keys;
};

/** Every spool or claim file left anywhere under the outbox. */
async function leftovers(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && /\.(spool|inflight)$/.test(e.name)) out.push(e.name);
  }
  return out;
}

describe('outbox shared by several processes', () => {
  it('two drains over one shared folder ledger each object once and neither aborts', async () => {
    // Today's compose: both workers see the same folder (same replica name).
    const a = await openOutbox({ dir: root, log, retryMs: 50, replica: 'shared' });
    const keys = await spoolMany(a, 'shared', 30);
    const b = await openOutbox({ dir: root, log, retryMs: 50, replica: 'shared' });
    expect(b.pending()).toBe(30);

    const [ra, rb] = await Promise.all([a.drain(upload), b.drain(upload)]);
    expect(ra.uploaded + rb.uploaded).toBe(30);
    expect([...ledger].sort()).toEqual(keys); // each exactly once
    expect(a.pending() + b.pending()).toBe(0);
    expect(await leftovers(root)).toEqual([]);
    for (const k of keys) expect(await s3.store.head(k)).not.toBeNull();
  });

  it('per-replica folders: a dead replica is adopted by exactly one of two live ones; a live one is left alone', async () => {
    const dead = await openOutbox({ dir: root, log, retryMs: 50, replica: 'worker-gone' });
    const orphaned = await spoolMany(dead, 'gone', 20);
    const b = await openOutbox({ dir: root, log, retryMs: 50, replica: 'worker-b', adoptAfterMs: 0 });
    const c = await openOutbox({ dir: root, log, retryMs: 50, replica: 'worker-c', adoptAfterMs: 0 });
    const live = await openOutbox({ dir: root, log, retryMs: 50, replica: 'worker-live' });
    expect([b.pending(), c.pending()]).toEqual([0, 0]); // their own folders are empty

    const [rb, rc] = await Promise.all([b.drain(upload), c.drain(upload)]);
    expect(rb.uploaded + rc.uploaded).toBe(20);
    expect([...ledger].sort()).toEqual(orphaned);

    // A live replica's fresh spool is its own business until it is stale (default 10 min).
    const mine = await spoolMany(live, 'live', 5);
    const patient = await openOutbox({ dir: root, log, retryMs: 50, replica: 'worker-d' });
    expect((await patient.drain(upload)).uploaded).toBe(0);
    expect((await live.drain(upload)).uploaded).toBe(5);
    expect([...ledger].sort()).toEqual([...orphaned, ...mine].sort());
    expect(await leftovers(root)).toEqual([]);
  });
});
