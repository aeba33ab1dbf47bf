// Runs a generated world (src/sim/generate.ts) on the simulated X through the real workers (real
// redis-server, s3rver, BullMQ, probes through two vantages) and scores the confirmed events against
// its ground truth: precision, recall and time to confirmed detection per event type, and the
// account takedowns confirmed without one happening. Used by `npm run bench -- detection` and by the
// fault-world test.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { SettingsSchema } from '../../src/config/schema.js';
import { EventRecord, ObservationRecord } from '../../src/archive/types.js';
import { startApp } from '../../src/app/start.js';
import { generateWorld, type GeneratedWorld, type GenerateOptions, type Truth } from '../../src/sim/generate.js';
import { startXSim } from '../../src/sim/x/index.js';
import { applyXAction, seedXWorld } from '../../src/sim/x/actions.js';
import { runSim, startVkSim } from '../../src/sim/index.js';
import { simVantageVias } from './simVantages.js';
import { startYouTubeSim } from '../../src/sim/youtube/index.js';
import { IG_SESSION_COOKIE, startInstagramSim } from '../../src/sim/instagram/index.js';
import { startFacebookSim } from '../../src/sim/facebook/index.js';
import { applyOtherAction, seedOtherWorlds, worldTargetSpec } from '../../src/sim/world-actions.js';
import { startRedis } from './startRedis.js';
import { startS3 } from './startS3.js';

export interface TypeFigures {
  precision: number | null;
  recall: number | null;
  p50_s: number | null;
  p95_s: number | null;
}

export interface WorldFigures {
  types: Record<string, TypeFigures>;
  false_takedowns_under_faults: number;
  seed: number;
}

export interface Detection {
  type: string;
  handle: string;
  detectedAt: number;
  confirmedAt: number;
  postKey?: string;
  /** The event's id (attacks: what links name). */
  id?: string;
  /** details.consistentWith.attackEventId: the attack a takedown or shadow-ban is linked to. */
  linkedTo?: string;
  /** campaign: details.members. */
  members?: string[];
}

/**
 * The bench's name for links (not an event type): a takedown or shadow-ban whose
 * `details.consistentWith` names the attack_suspected event that ground truth says it followed.
 */
export const LINK_TYPE = 'link_consistent_with';

const TAKEDOWNS = new Set(['account_deleted', 'account_suspended', 'account_restricted', 'account_geo_blocked', 'account_private']);

const quantile = (xs: number[], q: number): number | null => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]! * 10) / 10;
};
const ratio = (n: number, d: number): number | null => (d === 0 ? null : Math.round((n / d) * 1000) / 1000);

/**
 * Truth and detections matched per type: same account, detected no earlier than one poll interval
 * before it happened and, for outcomes that end, no later than one interval after; post deletions
 * by the deleted post's key; campaigns by their member set. Links (`link_consistent_with`): over
 * the takedowns and shadow-bans ground truth says followed an attack, the matched event must name
 * the attack_suspected event matched to that attack; every event naming an attack counts as found.
 */
export function score(w: GeneratedWorld, t0: number, detections: readonly Detection[], deleted: ReadonlyMap<string, Set<string>>, report?: { missed: Truth[]; extra: Detection[] }): WorldFigures {
  const types = new Set<string>([...w.truth.map((t) => t.type), ...detections.map((d) => d.type)]);
  const out: WorldFigures = { types: {}, false_takedowns_under_faults: 0, seed: w.seed };
  const slack = w.unitMs;
  const matched = new Map<Truth, Detection>();
  const sameSet = (a: readonly string[] | undefined, b: readonly string[] | undefined): boolean => !!a && !!b && [...a].sort().join('\n') === [...b].sort().join('\n');
  for (const type of [...types].sort()) {
    const truths = w.truth.filter((t) => t.type === type).sort((a, b) => a.start - b.start);
    const dets = detections.filter((d) => d.type === type);
    const used = new Set<Detection>();
    const lat: number[] = [];
    for (const t of truths) {
      const fits = (d: Detection): boolean => {
        if (used.has(d)) return false;
        if (type === 'campaign') {
          if (!sameSet(d.members, t.members)) return false;
        } else if (d.handle !== t.handle) return false;
        if (d.detectedAt < t0 + t.start - slack) return false;
        if (t.end !== undefined && d.detectedAt > t0 + t.end + slack) return false;
        if (type === 'post_deleted') return d.postKey !== undefined && (deleted.get(t.handle)?.has(d.postKey) ?? false);
        return true;
      };
      const d = dets.filter(fits).sort((a, b) => a.detectedAt - b.detectedAt)[0];
      if (!d) {
        report?.missed.push(t);
        continue;
      }
      used.add(d);
      matched.set(t, d);
      lat.push(Math.max(0, (d.confirmedAt - (t0 + t.start)) / 1000));
    }
    report?.extra.push(...dets.filter((d) => !used.has(d)));
    out.types[type] = figures(used.size, dets.length, truths.length, lat);
    if (TAKEDOWNS.has(type)) out.false_takedowns_under_faults += dets.length - used.size;
  }
  // Links: the attack each linked truth followed, as detected.
  const attackOf = (t: Truth): Detection | undefined => {
    const a = w.truth.find((x) => x.type === 'attack_suspected' && x.handle === t.handle && x.start === t.attack);
    return a ? matched.get(a) : undefined;
  };
  const linkTruths = w.truth.filter((t) => t.attack !== undefined);
  const linked = detections.filter((d) => d.linkedTo !== undefined);
  const right = new Set<Detection>();
  const lat: number[] = [];
  for (const t of linkTruths) {
    const d = matched.get(t);
    const a = attackOf(t);
    if (d && a?.id && d.linkedTo === a.id) {
      right.add(d);
      lat.push(Math.max(0, (d.confirmedAt - (t0 + t.start)) / 1000));
    } else report?.missed.push({ ...t, type: LINK_TYPE as Truth['type'] });
  }
  report?.extra.push(...linked.filter((d) => !right.has(d)).map((d) => ({ ...d, type: `${LINK_TYPE}(${d.type})` })));
  if (linkTruths.length || linked.length) out.types[LINK_TYPE] = figures(right.size, linked.length, linkTruths.length, lat);
  out.types = Object.fromEntries(Object.entries(out.types).sort(([a], [b]) => a.localeCompare(b)));
  return out;
}

const figures = (found: number, detected: number, truths: number, lat: number[]): TypeFigures => ({ precision: ratio(found, detected), recall: ratio(found, truths), p50_s: quantile(lat, 0.5), p95_s: quantile(lat, 0.95) });

export interface RunOptions extends GenerateOptions {
  /** Probe round interval (default: every poll). */
  probeEveryMs?: number;
  /** Play this world instead of generating one from the options (diagnosing one story). */
  world?: GeneratedWorld;
  /** Extra wait after the world's end for the last confirmations (default 3 units). */
  drainMs?: number;
  log?: (msg: string) => void;
}

type ObserveQueue = Awaited<ReturnType<typeof startApp>>['core']['queues']['observe'];
type States = Awaited<ReturnType<typeof startApp>>['core']['states'];

/**
 * Polls every account until each has an observation with a verdict: one job each, re-queued for the
 * ones still unseen after 15 units (a failed first poll), for at most 60 units.
 */
async function warmUp(queue: ObserveQueue, states: States, w: GeneratedWorld, unit: number, log?: (m: string) => void): Promise<void> {
  const deadline = Date.now() + 60 * unit;
  let waiting = w.targets;
  for (let k = 0; waiting.length && Date.now() < deadline; k++) {
    await queue.addBulk(waiting.map((t) => ({ name: 'observe', data: { targetId: t.handle, spec: worldTargetSpec(t), dueAt: Date.now() }, opts: { jobId: `obs-${t.handle}-warm${k}`, removeOnComplete: true, removeOnFail: 100 } })));
    const retry = Math.min(deadline, Date.now() + 15 * unit);
    while (waiting.length && Date.now() < retry) {
      await new Promise((r) => setTimeout(r, 250));
      const left: typeof waiting = [];
      for (const t of waiting) if ((await states.load(t.handle)).state === 'pending') left.push(t);
      waiting = left;
    }
    log?.(`warm-up ${k + 1}: ${waiting.length} of ${w.targets.length} accounts not seen yet`);
  }
}

export async function runDetectionWorld(o: RunOptions): Promise<{ figures: WorldFigures; world: GeneratedWorld; detections: Detection[]; truth: Truth[]; stats: Record<string, number>; missed: Truth[]; extra: Detection[]; t0: number }> {
  const w = o.world ?? generateWorld(o);
  const unit = o.unitMs;
  let simNow: number | undefined;
  const x = await startXSim({ guestTimelines: true, now: () => new Date(simNow ?? Date.now()), defaultVantage: w.blockedIn });
  const clock = {
    backdate(ms: number, f: () => void) {
      simNow = ms;
      try {
        f();
      } finally {
        simNow = undefined;
      }
    },
  };
  // Telegram, VK and YouTube targets (attack stories, search shadow-bans) on their own simulators.
  const [tg, vk, yt, ig, fb] = await Promise.all([runSim({}), startVkSim(), startYouTubeSim(), startInstagramSim(), startFacebookSim()]);
  const [redis, s3] = await Promise.all([startRedis(), startS3({ mode: 'child' })]);
  const dataDir = await mkdtemp(join(tmpdir(), 'vigil-detection-'));
  // Instagram shows comments to logged-in viewers only: its targets come with a session it issued.
  const igSession = join(dataDir, 'ig-session.json');
  const onInstagram = w.targets.some((t) => t.platform === 'instagram');
  if (onInstagram) await writeFile(igSession, JSON.stringify({ cookies: [{ name: IG_SESSION_COOKIE, value: ig.model.issueSession(), domain: '.instagram.com', path: '/', expires: -1, httpOnly: true, secure: true, sameSite: 'None' }], origins: [] }));
  // Facebook's comments are read logged in: a session the simulator issued (c_user + xs).
  const fbSession = fb.model.issueSession();
  const fbState = join(dataDir, 'facebook-session.json');
  await writeFile(fbState, JSON.stringify({ cookies: [{ name: 'c_user', value: fbSession.c_user, domain: '.facebook.com', path: '/' }, { name: 'xs', value: fbSession.xs, domain: '.facebook.com', path: '/' }], origins: [] }));
  const prefix = `det${w.seed}`;
  const settings = SettingsSchema.parse({
    dataDir,
    logLevel: 'silent',
    redis: { url: redis.url, prefix },
    s3: { endpoint: s3.endpoint, bucket: s3.bucket },
    network: { allowPrivate: true, timeout: '3s', perHostRps: 100_000, concurrency: 8, maxRetryAfter: '1s' },
    // The replies under the newest posts are read: the attacks' and surges' interactions.
    platforms: {
      x: { baseUrl: x.url, rescanPages: 0, interactionsPerPoll: 2 },
      telegram: { baseUrl: tg.url, rescanPages: 0, interactionsPerPoll: 2, commentsLimit: 100 },
      vk: { baseUrl: vk.url, rescanPages: 0, interactionsPerPoll: 1 },
      youtube: { baseUrl: yt.url, interactionsPerPoll: 1 },
      instagram: { baseUrl: ig.url, interactionsPerPoll: 1 },
      facebook: { baseUrl: fb.url, rescanPages: 0, interactionsPerPoll: 1 },
    },
    // One sessions list: Instagram's (when the world has Instagram targets) and Facebook's.
    sessions: [...(onInstagram ? [{ platform: 'instagram', label: 'bench-ig', storageState: igSession }] : []), { platform: 'facebook', label: 'bench-fb', storageState: fbState }],
    detection: {
      confirm: { minSpan: unit, minObservations: 2 },
      probes: { every: o.probeEveryMs ?? unit, searchIndexLag: 0, minVantages: 2, reach: { ages: ['30m'], minBaseline: 8, minPosts: 3 } },
    },
    capture: { enabled: false },
    archive: { archiveMedia: false, seenFlushEvery: '1s' },
  });
  const app = await startApp({
    settings,
    log: pino({ level: 'silent' }),
    roles: ['worker'],
    ledger: false,
    // Two vantages: this worker (the default country) and one abroad, by the sim's vantage header.
    probeVias: simVantageVias,
  });
  try {
    const seededAt = Date.now();
    seedXWorld(x.world, { ...w, targets: w.targets.filter((t) => (t.platform ?? 'x') === 'x') }, clock, seededAt);
    const sims = { telegram: tg.sim, vk: vk.sim, youtube: yt.world, instagram: ig.model, facebook: fb.model };
    seedOtherWorlds(sims, w, seededAt);
    // Warm-up: the world's clock starts once every account has been seen once. Stories begin 4–8
    // units in, "after the first polls saw the account ok"; on a loaded machine the first round
    // (a full backfill per account) can take longer than that, and a rename or attack played on an
    // account Vigil never saw before is no ground truth it could be scored on.
    await warmUp(app.core.queues.observe, app.core.states, w, unit, o.log);
    const t0 = Date.now();
    const pending = [...w.actions];
    let round = 0;
    const end = t0 + w.durationMs;
    while (Date.now() < end) {
      const now = Date.now();
      while (pending.length && t0 + pending[0]!.at <= now) {
        const a = pending.shift()!;
        if (!applyOtherAction(sims, w, a)) applyXAction(x.world, a, clock, Date.now());
      }
      if (now >= t0 + round * unit) {
        await app.core.queues.observe.addBulk(
          w.targets.map((t) => ({ name: 'observe', data: { targetId: t.handle, spec: worldTargetSpec(t), dueAt: t0 + round * unit }, opts: { jobId: `obs-${t.handle}-${round}`, removeOnComplete: true, removeOnFail: 100 } })),
        );
        round++;
        o.log?.(`round ${round} at ${Math.round((now - t0) / 1000)}s`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, o.drainMs ?? 3 * unit));
    if (process.env.DETECTION_DEBUG_OBS) {
      // Every archived observation of these targets (comma-separated ids): state and time.
      const only = new Set(process.env.DETECTION_DEBUG_OBS.split(','));
      for await (const key of app.core.archive.listKeys('observations/')) {
        const ob = await app.core.archive.getJson(key, ObservationRecord);
        if (ob && only.has(ob.target)) o.log?.(`obs ${ob.target} ${((Date.parse(ob.observedAt) - t0) / 1000).toFixed(1)}s ${ob.state} ${ob.stateReason ?? ''}`);
      }
    }
    const detections: Detection[] = [];
    for await (const key of app.core.archive.listKeys('events/')) {
      if (process.env.DETECTION_DEBUG) {
        const all = await app.core.archive.getJson(key, EventRecord);
        if (all) o.log?.(`event ${all.status} ${all.type} ${all.target} det ${((Date.parse(all.detectedAt) - t0) / 1000).toFixed(1)}s rule ${all.rule} ${JSON.stringify(all.details).slice(0, 300)}`);
      }
      if (!key.endsWith('.confirmed.json')) continue;
      const e = await app.core.archive.getJson(key, EventRecord);
      if (!e?.confirmedAt) continue;
      const link = (e.details as { consistentWith?: { attackEventId?: unknown } } | undefined)?.consistentWith?.attackEventId;
      const members = (e.details as { members?: unknown } | undefined)?.members;
      detections.push({
        id: e.id,
        type: e.type,
        handle: e.target,
        detectedAt: Date.parse(e.detectedAt),
        confirmedAt: Date.parse(e.confirmedAt),
        ...(e.postKey ? { postKey: e.postKey } : {}),
        ...(typeof link === 'string' ? { linkedTo: link } : {}),
        ...(Array.isArray(members) ? { members: members.map(String) } : {}),
      });
    }
    const deleted = new Map<string, Set<string>>();
    for (const t of x.world.truth) if (t.type === 'post_deleted' && t.postId) deleted.set(t.handle.toLowerCase(), new Set([...(deleted.get(t.handle.toLowerCase()) ?? []), t.postId]));
    const report = { missed: [] as Truth[], extra: [] as Detection[] };
    const figures = score(w, t0, detections, deleted, report);
    return { figures, world: w, detections, truth: w.truth, stats: { ...x.stats }, ...report, t0 };
  } finally {
    await app.stop();
    await x.close();
    await Promise.all([tg.close(), vk.close(), yt.close(), ig.close(), fb.close(), redis.close(), s3.close()]);
    await rm(dataDir, { recursive: true, force: true });
  }
}
