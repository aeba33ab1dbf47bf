// Redis lost its data (FLUSHALL, a Redis restarted without its AOF, a new Redis on an old bucket):
// the hot detection state of every target is gone, and with it the open candidates and their
// confirm jobs. The web role (it holds the catalog) notices, and rebuilds it from the bucket and
// the catalog (state-rebuild.ts); until it is done, workers leave polls of targets without a state
// waiting (state-gate.ts) instead of mistaking them for new targets and missing what changed.
//
// Redis key `<prefix>:state:epoch` says "this Redis holds the detection state". It is set by the
// first process to find an empty archive (a new deployment), or by a finished recovery.
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import pLimit from 'p-limit';
import type { Logger } from 'pino';
import type { Archive } from '../archive/archive.js';
import { ObservationRecord } from '../archive/types.js';
import { observationKey } from '../archive/keys.js';
import type { Catalog, EventRow } from '../catalog/types.js';
import { reindexSince } from '../catalog/reindex.js';
import { PostRecord } from '../scrapers/types.js';
import { jobId } from './queues.js';
import { getScraper } from '../scrapers/registry.js';
import { cmpOrder } from '../scrapers/order.js';
import { rebuildState } from './state-rebuild.js';
import { withTargetLock } from './target-lock.js';
import type { OpenCandidate, TargetState } from '../detect/state.js';
import type { StateStore } from './state-store.js';
import { mergeAttackRefs, rebuildAttackMemory, type AttackMemoryDeps } from './attack-rebuild.js';
import type { AttackRef } from '../detect/attack/index.js';

/** Every order the catalog can store (posts.num is a bigint). */
const ALL_ORDERS = { min: (-(2n ** 63n)).toString(), max: (2n ** 63n - 1n).toString() };

export const epochKey = (prefix: string): string => `${prefix}:state:epoch`;

/** True when the bucket holds no observation yet (a new deployment: nothing to rebuild). */
export async function archiveIsEmpty(archive: Pick<Archive, 'listKeys'>): Promise<boolean> {
  for await (const _ of archive.listKeys('observations/')) return false;
  return true;
}

export interface StateRecoveryDeps {
  redis: Redis;
  prefix: string;
  log: Logger;
  catalog: Pick<Catalog, 'listTargets' | 'listEvents' | 'latestObservation' | 'statePosts' | 'migrate' | 'upsertTarget' | 'applyObservation' | 'applyEvent' | 'applyCapture'>;
  archive: Pick<Archive, 'listKeys' | 'getJson' | 'getBlob'>;
  states: Pick<StateStore, 'restore' | 'load' | 'save' | 'lock' | 'unlock' | 'updateDeep' | 'deepPosts' | 'claimChannel'>;
  confirm: Queue;
  minSpanMs: number;
  /** Records of this period are re-applied to the catalog first (their index jobs were in Redis). */
  catchUpMs: number;
  keepPosts?: number;
  now?: () => number;
  /** The attack memory (attack-rebuild.ts): attacks for links within `linkWindow`, campaigns. Absent: not rebuilt. */
  attackMemory?: { store: AttackMemoryDeps['attacks']; linkWindow: number; campaignWindow: number };
}

export interface RecoveryStats {
  targets: number;
  restored: number;
  open: number;
  reindexed: number;
}

/** Rebuilds every target's state if Redis lost it; null when there was nothing to do (or another process is at it). */
export async function recoverStates(d: StateRecoveryDeps): Promise<RecoveryStats | null> {
  const now = d.now ?? Date.now;
  const epoch = epochKey(d.prefix);
  if ((await d.redis.exists(epoch)) === 1) return null;
  const lockKey = `${d.prefix}:state:recovering`;
  const token = `${process.pid}-${now()}`;
  if ((await d.redis.set(lockKey, token, 'PX', 30 * 60_000, 'NX')) !== 'OK') return null;
  const log = d.log.child({ component: 'state-recovery' });
  try {
    if (await archiveIsEmpty(d.archive)) {
      await d.redis.set(epoch, new Date(now()).toISOString());
      return null;
    }
    log.warn('Redis holds no detection state but the bucket has observations: rebuilding it from the bucket and the catalog');
    const re = await reindexSince(d.archive, d.catalog, new Date(now() - d.catchUpMs), log, new Date(now()));
    const targets = await d.catalog.listTargets();
    // One row per event with its latest status: open = still `candidate`.
    const open = await d.catalog.listEvents({ status: 'candidate', limit: 5000 });
    if (open.length >= 5000) log.warn({ open: open.length }, 'more open candidates than one rebuild pass reads; the rest are re-found by the next polls');
    const byHolder = new Map<string, EventRow[]>();
    for (const e of open) {
      // A rename seen under another target lives in the state of the target that saw it.
      const holder = typeof e.details?.seenBy === 'string' ? e.details.seenBy : e.target;
      byHolder.set(holder, [...(byHolder.get(holder) ?? []), e]);
    }
    const stats: RecoveryStats = { targets: targets.length, restored: 0, open: 0, reindexed: re.observations + re.events + re.captures };
    const am = d.attackMemory;
    const attacks = am ? await rebuildAttackMemory({ catalog: d.catalog, attacks: am.store }, am, now()) : new Map<string, AttackRef[]>();
    const limit = pLimit(8);
    await Promise.all(
      targets.map((t) =>
        limit(async () => {
          const posts = await d.catalog.statePosts(t.id);
          const lastRef = await d.catalog.latestObservation(t.id);
          const rec = lastRef ? await d.archive.getJson(observationKey(lastRef.id), ObservationRecord).catch((err: unknown) => (log.warn({ err, targetId: t.id }, 'last observation unreadable'), null)) : null;
          const readPost = async (sha256: string) => {
            const b = await d.archive.getBlob(sha256).catch(() => null);
            const r = b ? PostRecord.safeParse(JSON.parse(b.toString('utf8'))) : null;
            return r?.success ? r.data : null;
          };
          const last = rec ? { id: rec.id, posts: (await Promise.all(rec.posts.map(async (p) => ({ sha256: p.sha256, record: await readPost(p.sha256) })))).filter((p): p is { sha256: string; record: PostRecord } => p.record !== null) } : undefined;
          const scraper = getScraper(t.platform);
          const listing = { feed: scraper.listingModel === 'feed', stableContent: (p: PostRecord) => scraper.stableContent(p) };
          const orders = last?.posts.map((p) => p.record.order) ?? [];
          const min = orders.length ? orders.reduce((a, b) => (cmpOrder(a, b) <= 0 ? a : b)) : undefined;
          const deepRecords = new Map<string, PostRecord>();
          for (const p of listing.feed ? [] : posts) {
            if (p.deleted || !p.sha256 || (min !== undefined && cmpOrder(p.order, min) >= 0)) continue;
            const r = await readPost(p.sha256);
            if (r) deepRecords.set(p.sha256, r);
          }
          const held = byHolder.get(t.id) ?? [];
          const { state, deep } = rebuildState({ target: t, listing, last, posts, deepRecords, open: held, keepPosts: d.keepPosts ?? 200 });
          const linkable = attacks.get(t.id);
          if (linkable?.length) state.attacks = linkable;
          // A poll that was in flight when Redis lost its data may have saved a state since: it
          // continues the lost one, so it is kept; open candidates it lacks (it loaded its state
          // before they were made, or raced the wipe) are added back, under the target's lock.
          const restored = await d.states.restore(t.id, state);
          const current = restored ? state : await mergeOpen(d, t.id, state.open, linkable ?? []);
          if (restored) stats.restored++;
          if (deep.size && (restored || (await d.states.deepPosts(t.id, ALL_ORDERS)).size === 0)) await d.states.updateDeep(t.id, deep, []);
          if (state.channelId && state.username) await d.states.claimChannel(state.channelId, t.id, state.username);
          // The confirm jobs of open candidates were in Redis too.
          for (const c of current.open) {
            stats.open++;
            const delay = Math.max(0, Date.parse(c.detectedAt) + d.minSpanMs - now());
            await d.confirm.add('confirm', { targetId: t.id, spec: t.spec, candidateIds: [c.id], round: 1 }, {
              jobId: jobId('confirm', t.id, c.id, 'restored'),
              delay,
              attempts: 8,
              backoff: { type: 'exponential', delay: 1000 },
              removeOnComplete: 1000,
              removeOnFail: 1000,
            });
          }
        }),
      ),
    );
    await d.redis.set(epoch, new Date(now()).toISOString());
    log.warn(stats, 'detection state rebuilt');
    return stats;
  } finally {
    if ((await d.redis.get(lockKey)) === token) await d.redis.del(lockKey);
  }
}

/** Checks every `everyMs` (and at once) that Redis still holds the state; rebuilds it when not. Returns stop(). */
export function startStateRecovery(d: StateRecoveryDeps, everyMs: number): () => Promise<void> {
  return startMarkerLoop(() => recoverStates(d), everyMs, d.log, 'state recovery failed; retried');
}

/** Runs `f` now and every `everyMs`, never two at once; stop() waits for the one in flight. */
export function startMarkerLoop(f: () => Promise<unknown>, everyMs: number, log: Logger, failMsg: string): () => Promise<void> {
  let current: Promise<unknown> | undefined;
  let stopped = false;
  const tick = () => {
    if (current || stopped) return;
    current = f()
      .catch((err: unknown) => log.error({ err }, failMsg))
      .finally(() => {
        current = undefined;
      });
  };
  tick();
  const timer = setInterval(tick, everyMs);
  timer.unref();
  return async () => {
    stopped = true;
    clearInterval(timer);
    await current;
  };
}

/** Adds the open candidates (same id or key: already there) and linkable attacks a state saved after the wipe lacks. */
async function mergeOpen(d: Pick<StateRecoveryDeps, 'states'>, targetId: string, open: OpenCandidate[], attacks: readonly AttackRef[]): Promise<TargetState> {
  for (let attempt = 0; ; attempt++) {
    const r = await withTargetLock(d.states, targetId, `state-recovery:${process.pid}`, async () => {
      const cur = await d.states.load(targetId);
      const missing = open.filter((c) => !cur.open.some((o) => o.id === c.id || (o.key === c.key && o.target === c.target)));
      const lacking = attacks.filter((a) => !(cur.attacks ?? []).some((x) => x.id === a.id));
      if (!missing.length && !lacking.length) return cur;
      const next = { ...cur, open: [...cur.open, ...missing], ...(lacking.length ? { attacks: mergeAttackRefs(cur.attacks, lacking) } : {}) };
      await d.states.save(targetId, next);
      return next;
    });
    if (r) return r.value;
    // A poll holds the target: it ends within its lock's lifetime.
    if (attempt >= 120) return d.states.load(targetId);
    await new Promise((res) => setTimeout(res, 500));
  }
}
