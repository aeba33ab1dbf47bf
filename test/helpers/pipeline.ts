// The end-to-end pipeline harness shared by the test/integration/pipeline*.test.ts files: a real
// redis-server and s3rver, optionally the Telegram simulator, the settings that point Vigil at
// them, an in-process app (startApp) with the roles asked for, and the helpers the tests poll and
// wait with. `usePipeline()` registers the beforeAll/afterAll hooks of the calling test file.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { QueueEvents } from 'bullmq';
import pino from 'pino';
import { afterAll, beforeAll } from 'vitest';
import type { z } from 'zod';
import { SettingsSchema } from '../../src/config/schema.js';
import { EventRecord, ObservationRecord } from '../../src/archive/types.js';
import { createSim, startSimServer, type Sim, type SimServer } from '../../src/sim/index.js';
import { startApp, type App, type Role, type StartOptions } from '../../src/app/start.js';
import type { PollResult } from '../../src/workers/observe-core.js';
import { startRedis, type TestRedis } from './startRedis.js';
import { startS3, type TestS3 } from './startS3.js';

type SettingsInput = Partial<z.input<typeof SettingsSchema>>;

export interface PipelineOptions {
  /** Redis key prefix; the temp data dir is named `vigil-<prefix>-…`. */
  prefix: string;
  /** Start the Telegram simulator; its URL becomes platforms.telegram.baseUrl. */
  sim?: boolean | { hangMs?: number };
  /** Start an in-process app over a fresh data dir (default: no app, only the services). */
  app?: {
    /** Settings beyond dataDir, logLevel, redis, s3 and the simulator's base URL. */
    settings: SettingsInput;
    roles?: Role[];
    /** Listen to the observe queue's events, for poll() (default true). */
    queueEvents?: boolean;
    /** Job ids of poll() are `<jobPrefix>-<targetId>-<n>`. */
    jobPrefix?: string;
    /** Vantages / sessions of the shadow-ban probes (StartOptions.probeVias). */
    probeVias?: StartOptions['probeVias'];
  };
}

export interface Pipeline {
  readonly redis: TestRedis;
  readonly s3: TestS3;
  readonly sim: Sim;
  readonly server: SimServer;
  readonly app: App;
  readonly dir: string;
  /** Settings (unparsed) for a Vigil process with this data dir on these services. */
  settings(dataDir: string, extra?: SettingsInput): SettingsInput;
  /** One manual observe job through the workers; resolves with its result. */
  poll(targetId: string, spec: string): Promise<PollResult>;
  /** poll() of a Telegram channel. */
  pollChannel(targetId: string, username: string): Promise<PollResult>;
  eventsFor(target: string): Promise<EventRecord[]>;
  observations(target: string): Promise<ObservationRecord[]>;
  /** The first event of that type and status (confirmed by default) for the target, waited for. */
  waitFor(target: string, type: string, status?: string): Promise<EventRecord>;
  /** A simulated channel with `posts` posts. */
  channel(name: string, posts?: number): void;
  /** Number and total size of the bucket's objects under the prefix. */
  countKeys(prefix: string): Promise<{ n: number; bytes: number }>;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Calls `f` until it returns a value; after `tries` calls `everyMs` apart it throws. */
export async function until<T>(f: () => Promise<T | undefined>, what: string | (() => Promise<string>), { tries = 200, everyMs = 150 } = {}): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await f();
    if (v !== undefined) return v;
    await sleep(everyMs);
  }
  throw new Error(typeof what === 'string' ? `timed out waiting for ${what}` : await what());
}

function need<T>(v: T | undefined, what: string): T {
  if (v === undefined) throw new Error(`pipeline harness: no ${what} (not started, or not asked for)`);
  return v;
}

export function usePipeline(opts: PipelineOptions): Pipeline {
  let redis: TestRedis | undefined;
  let s3: TestS3 | undefined;
  let sim: Sim | undefined;
  let server: SimServer | undefined;
  let app: App | undefined;
  let events: QueueEvents | undefined;
  let dir: string | undefined;
  let seq = 0;

  const settings = (dataDir: string, extra: SettingsInput = {}): SettingsInput => ({
    dataDir,
    logLevel: 'silent',
    redis: { url: need(redis, 'redis').url, prefix: opts.prefix },
    s3: { endpoint: need(s3, 's3').endpoint, bucket: need(s3, 's3').bucket },
    ...extra,
    ...(server ? { platforms: { ...extra.platforms, telegram: { baseUrl: server.url, ...extra.platforms?.telegram } } } : {}),
  });

  beforeAll(async () => {
    [redis, s3] = await Promise.all([startRedis(), startS3()]);
    if (opts.sim) {
      sim = createSim();
      server = await startSimServer(typeof opts.sim === 'object' ? { sim, ...opts.sim } : { sim });
    }
    if (opts.app) {
      dir = await mkdtemp(join(tmpdir(), `vigil-${opts.prefix}-`));
      app = await startApp({ settings: SettingsSchema.parse(settings(dir, opts.app.settings)), log: pino({ level: process.env.VIGIL_TEST_LOG ?? 'silent' }), roles: opts.app.roles ?? ['worker'], ledger: false, ...(opts.app.probeVias ? { probeVias: opts.app.probeVias } : {}) });
      if (opts.app.queueEvents ?? true) {
        events = new QueueEvents('observe', { connection: { url: redis.url }, prefix: opts.prefix });
        await events.waitUntilReady();
      }
    }
  });

  afterAll(async () => {
    await events?.close();
    await app?.stop();
    await server?.close();
    await Promise.all([redis?.close(), s3?.close()]);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const core = () => need(app, 'app').core;

  /** The archived records under `prefix` that belong to the target. */
  const recordsOf = async <S extends typeof EventRecord | typeof ObservationRecord>(prefix: string, schema: S, target: string): Promise<z.output<S>[]> => {
    const out: z.output<S>[] = [];
    for await (const key of core().archive.listKeys(prefix)) {
      const r = await core().archive.getJson(key, schema);
      if (r?.target === target) out.push(r);
    }
    return out;
  };
  const eventsFor = (target: string): Promise<EventRecord[]> => recordsOf('events/', EventRecord, target);

  const poll = async (targetId: string, spec: string): Promise<PollResult> => {
    const job = await core().queues.observe.add('observe', { targetId, spec, dueAt: Date.now(), reason: 'manual' }, { jobId: `${opts.app?.jobPrefix ?? opts.prefix}-${targetId}-${++seq}`, attempts: 8, backoff: { type: 'exponential', delay: 300 } });
    return (await job.waitUntilFinished(need(events, 'observe queue events'), 30_000)) as PollResult;
  };

  return {
    get redis() {
      return need(redis, 'redis');
    },
    get s3() {
      return need(s3, 's3');
    },
    get sim() {
      return need(sim, 'sim');
    },
    get server() {
      return need(server, 'sim server');
    },
    get app() {
      return need(app, 'app');
    },
    get dir() {
      return need(dir, 'data dir');
    },
    settings,
    poll,
    pollChannel: (targetId, username) => poll(targetId, `telegram:${username}`),
    eventsFor,
    observations: (target) => recordsOf('observations/', ObservationRecord, target),
    waitFor(target, type, status = 'confirmed') {
      return until(
        async () => (await eventsFor(target)).find((x) => x.type === type && x.status === status),
        async () => `no ${status} ${type} for ${target}; have ${JSON.stringify((await eventsFor(target)).map((e) => [e.type, e.status]))}`,
        { tries: 150, everyMs: 200 },
      );
    },
    channel(name, posts = 6) {
      need(sim, 'sim').world.addChannel({ username: name, title: `Channel ${name}` });
      need(sim, 'sim').apply({ type: 'post', channel: name, count: posts });
    },
    async countKeys(prefix) {
      let n = 0;
      let bytes = 0;
      for await (const k of core().store.list(prefix)) {
        n++;
        bytes += (await core().store.head(k))?.size ?? 0;
      }
      return { n, bytes };
    },
  };
}
