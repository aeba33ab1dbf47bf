// End to end through BullMQ workers: real redis-server, real s3rver, the Telegram simulator.
// Every event type is detected and confirmed; transient faults produce no event; an unchanged
// poll adds < 1 KiB and no blob.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueueEvents } from 'bullmq';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettingsSchema } from '../../src/config/schema.js';
import { EventRecord, ObservationRecord } from '../../src/archive/types.js';
import { createSim, startSimServer, type Sim, type SimServer } from '../../src/sim/index.js';
import { startApp, type App } from '../../src/app/start.js';
import type { PollResult } from '../../src/workers/observe-core.js';
import { startRedis, type TestRedis } from '../helpers/startRedis.js';
import { startS3, type TestS3 } from '../helpers/startS3.js';

let redis: TestRedis;
let s3: TestS3;
let sim: Sim;
let server: SimServer;
let app: App;
let events: QueueEvents;
let dir: string;
let seq = 0;

beforeAll(async () => {
  [redis, s3] = await Promise.all([startRedis(), startS3()]);
  sim = createSim();
  server = await startSimServer({ sim, hangMs: 4000 });
  dir = await mkdtemp(join(tmpdir(), 'vigil-pipe-'));
  const settings = SettingsSchema.parse({
    dataDir: dir,
    logLevel: 'silent',
    redis: { url: redis.url, prefix: 'pipe' },
    s3: { endpoint: s3.endpoint, bucket: s3.bucket },
    network: { allowPrivate: true, timeout: '2s', perHostRps: 1000, concurrency: 8 },
    platforms: { telegram: { baseUrl: server.url, rescanPages: 1 } },
    detection: { confirm: { minSpan: '1s', minObservations: 2 } },
    capture: { enabled: false },
    archive: { seenFlushEvery: '500ms', archiveMedia: false },
  });
  app = await startApp({ settings, log: pino({ level: 'silent' }), roles: ['worker'], ledger: false });
  events = new QueueEvents('observe', { connection: { url: redis.url }, prefix: 'pipe' });
  await events.waitUntilReady();
});

afterAll(async () => {
  await events?.close();
  await app?.stop();
  await server?.close();
  await Promise.all([redis?.close(), s3?.close()]);
  if (dir) await rm(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function poll(targetId: string, username: string): Promise<PollResult> {
  const job = await app.core.queues.observe.add('observe', { targetId, spec: `telegram:${username}`, dueAt: Date.now(), reason: 'manual' }, { jobId: `t-${targetId}-${++seq}`, attempts: 8, backoff: { type: 'exponential', delay: 300 } });
  return (await job.waitUntilFinished(events, 30_000)) as PollResult;
}

async function eventsFor(target: string): Promise<EventRecord[]> {
  const out: EventRecord[] = [];
  for await (const key of app.core.archive.listKeys('events/')) {
    const e = await app.core.archive.getJson(key, EventRecord);
    if (e && e.target === target) out.push(e);
  }
  return out;
}

async function waitFor(target: string, type: string, status = 'confirmed'): Promise<EventRecord> {
  for (let i = 0; i < 150; i++) {
    const e = (await eventsFor(target)).find((x) => x.type === type && x.status === status);
    if (e) return e;
    await sleep(200);
  }
  throw new Error(`no ${status} ${type} for ${target}; have ${JSON.stringify((await eventsFor(target)).map((e) => [e.type, e.status]))}`);
}

function channel(name: string, posts = 6): void {
  sim.world.addChannel({ username: name, title: `Channel ${name}` });
  sim.apply({ type: 'post', channel: name, count: posts });
}

async function countKeys(prefix: string): Promise<{ n: number; bytes: number }> {
  let n = 0;
  let bytes = 0;
  for await (const k of app.core.store.list(prefix)) {
    n++;
    bytes += (await app.core.store.head(k))?.size ?? 0;
  }
  return { n, bytes };
}

describe('pipeline events', () => {
  it('post_deleted: candidate, direct URL says missing, confirmed', async () => {
    channel('delchan');
    expect((await poll('del', 'delchan')).state).toBe('ok');
    sim.apply({ type: 'delete', channel: 'delchan', nums: [3] });
    const r = await poll('del', 'delchan');
    expect(r.created).toHaveLength(1);
    const e = await waitFor('del', 'post_deleted');
    expect(e.postId).toMatch(/\/3$/);
    expect(e.details?.probe).toBe('missing');
    expect(e.window.lastOkAt).toBeDefined();
    expect(e.evidence.length).toBeGreaterThanOrEqual(2);
  });

  it('post_edited: confirmed, both versions kept', async () => {
    channel('editchan');
    await poll('edit', 'editchan');
    sim.apply({ type: 'edit', channel: 'editchan', num: 2, text: 'corrected statement' });
    await poll('edit', 'editchan');
    const e = await waitFor('edit', 'post_edited');
    const versions = new Set<string>();
    for await (const key of app.core.archive.listKeys('observations/')) {
      const o = await app.core.archive.getJson(key, ObservationRecord);
      if (o?.target === 'edit') for (const p of o.posts) if (p.id === e.postId) versions.add(p.sha256);
    }
    expect(versions.size).toBe(2);
    const texts = await Promise.all([...versions].map(async (h) => JSON.parse((await app.core.archive.getBlob(h))!.toString()).text));
    expect(texts).toContain('corrected statement');
  });

  it.each([
    ['block', 'account_restricted'],
    ['delete_channel', 'account_deleted'],
    ['make_private', 'account_private'],
  ] as const)('%s -> %s confirmed', async (step, type) => {
    const name = `st${step.replace(/_/g, '')}`;
    channel(name);
    await poll(name, name);
    sim.apply({ type: step, channel: name });
    await poll(name, name);
    const e = await waitFor(name, type);
    expect(e.window.lastOkAt).toBeDefined();
  });

  it('account_restored after a confirmed restriction', async () => {
    channel('restchan');
    await poll('rest', 'restchan');
    sim.apply({ type: 'block', channel: 'restchan' });
    await poll('rest', 'restchan');
    await waitFor('rest', 'account_restricted');
    sim.apply({ type: 'unblock', channel: 'restchan' });
    await poll('rest', 'restchan');
    await waitFor('rest', 'account_restored');
  });

  it('account_renamed: same channel id under a new username; the old name is not reported deleted', async () => {
    channel('oldname');
    await poll('ren', 'oldname');
    sim.apply({ type: 'rename', channel: 'oldname', to: 'newname' });
    await poll('ren-new', 'newname');
    const e = await waitFor('ren', 'account_renamed');
    expect(e.details).toMatchObject({ to: 'newname', seenBy: 'ren-new' });
    await poll('ren', 'oldname');
    await sleep(2500);
    expect((await eventsFor('ren')).filter((x) => x.type === 'account_deleted' && x.status === 'confirmed')).toEqual([]);
  });
});

describe('transient faults are never takedowns', () => {
  it.each([
    ['rate_limit', { kind: 'rate_limit', retryAfter: 1 }],
    ['5xx', { kind: 'error', status: 503 }],
    ['hang', { kind: 'hang' }],
    ['garbage', { kind: 'garbage' }],
    ['no_posts', { kind: 'no_posts' }],
  ] as const)('%s', async (name, fault) => {
    const ch = `flaky${name.replace(/\W/g, '')}`;
    channel(ch);
    await poll(ch, ch);
    sim.apply({ type: 'fault', channel: ch, count: 1, ...fault });
    await poll(ch, ch);
    await poll(ch, ch);
    await sleep(1500); // let any confirm job run
    expect(await eventsFor(ch)).toEqual([]);
    expect(sim.faults.active().filter((f) => f.channel === ch)).toEqual([]); // the fault was hit
  });
});

it('an unchanged poll adds < 1 KiB and no blob', async () => {
  channel('quiet');
  await poll('quiet', 'quiet');
  await sleep(1200); // seen buffer flushed
  const blobs = await countKeys('blobs/');
  const all = await countKeys('');
  sim.world.bumpViews('quiet'); // only counters change
  const r = await poll('quiet', 'quiet');
  expect(r.unchanged).toBe(true);
  await sleep(1200);
  expect((await countKeys('blobs/')).n).toBe(blobs.n);
  const after = await countKeys('');
  expect(after.bytes - all.bytes).toBeLessThan(1024);
  expect(after.bytes - all.bytes).toBeGreaterThan(0); // the "seen" proof was written
});
