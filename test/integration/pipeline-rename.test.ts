// Rename discovery end to end: real redis-server, real s3rver, the Telegram simulator. A watched
// channel renamed to a username nobody watches is found through another channel's forward and
// reported as account_renamed (never account_deleted), and the target follows the new name.
// Without such a forward a web-only watcher cannot tell a rename from a deletion: the
// account_deleted candidate is confirmed, but only after minSpan.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueueEvents } from 'bullmq';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { SettingsSchema } from '../../src/config/schema.js';
import { EventRecord } from '../../src/archive/types.js';
import { createSim, startSimServer, type Sim, type SimServer } from '../../src/sim/index.js';
import { startApp, type App } from '../../src/app/start.js';
import type { PollResult } from '../../src/workers/observe-core.js';
import { startRedis, type TestRedis } from '../helpers/startRedis.js';
import { startS3, type TestS3 } from '../helpers/startS3.js';

const MIN_SPAN = 1500;
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
  server = await startSimServer({ sim });
  dir = await mkdtemp(join(tmpdir(), 'vigil-ren-'));
  const settings = SettingsSchema.parse({
    dataDir: dir,
    logLevel: 'silent',
    redis: { url: redis.url, prefix: 'ren' },
    s3: { endpoint: s3.endpoint, bucket: s3.bucket },
    network: { allowPrivate: true, timeout: '2s', perHostRps: 1000, concurrency: 4 },
    platforms: { telegram: { baseUrl: server.url, rescanPages: 0 } },
    detection: { confirm: { minSpan: `${MIN_SPAN}ms`, minObservations: 2 } },
    capture: { enabled: false },
    archive: { seenFlushEvery: '500ms', archiveMedia: false },
  });
  app = await startApp({ settings, log: pino({ level: 'silent' }), roles: ['worker'], ledger: false });
  events = new QueueEvents('observe', { connection: { url: redis.url }, prefix: 'ren' });
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
  const job = await app.core.queues.observe.add('observe', { targetId, spec: `telegram:${username}`, dueAt: Date.now(), reason: 'manual' }, { jobId: `r-${targetId}-${++seq}`, attempts: 8, backoff: { type: 'exponential', delay: 300 } });
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

function channel(name: string, posts = 5): void {
  sim.world.addChannel({ username: name, title: `Channel ${name}` });
  sim.apply({ type: 'post', channel: name, count: posts });
}

it('unwatched rename + a forward from the new name: confirmed account_renamed, never account_deleted', async () => {
  channel('zerkalo_old');
  channel('forwarder');
  await poll('zk', 'zerkalo_old');
  await poll('fw', 'forwarder');
  sim.apply({ type: 'rename', channel: 'zerkalo_old', to: 'zerkalo_new' });
  // The old name answers "not found": for now that is all anyone can see.
  const r = await poll('zk', 'zerkalo_old');
  expect(r.state).toBe('not_found');
  // Another watched channel forwards a post of the renamed channel.
  sim.apply({ type: 'post', channel: 'forwarder', text: 'forwarded', forwardedFrom: { name: 'Zerkalo', url: 'https://t.me/zerkalo_new/3' } });
  await poll('fw', 'forwarder');
  expect(await app.core.states.cachedChannel('zerkalo_new')).toBeTruthy();
  const e = await waitFor('zk', 'account_renamed');
  expect(e.details).toMatchObject({ from: 'zerkalo_old', to: 'zerkalo_new' });
  // The target now follows the new username, and stays ok there.
  expect((await app.core.states.load('zk')).follow).toBe('zerkalo_new');
  expect((await poll('zk', 'zerkalo_old')).state).toBe('ok');
  await sleep(MIN_SPAN + 1000); // any confirm round of the deletion candidate has run
  const all = await eventsFor('zk');
  expect(all.filter((x) => x.type === 'account_deleted' && x.status === 'confirmed')).toEqual([]);
  expect((await app.core.states.load('zk')).username).toBe('zerkalo_new');
});

it('unwatched rename, no forward: account_deleted stays a candidate until minSpan, confirmed only then', async () => {
  channel('lonely_old');
  await poll('lone', 'lonely_old');
  sim.apply({ type: 'rename', channel: 'lonely_old', to: 'lonely_new' });
  const r = await poll('lone', 'lonely_old');
  expect(r.created).toHaveLength(1);
  expect((await eventsFor('lone')).map((x) => [x.type, x.status])).toEqual([['account_deleted', 'candidate']]);
  const e = await waitFor('lone', 'account_deleted');
  expect(Date.parse(e.confirmedAt!) - Date.parse(e.detectedAt)).toBeGreaterThanOrEqual(MIN_SPAN);
  expect((await eventsFor('lone')).some((x) => x.type === 'account_renamed')).toBe(false);
});
