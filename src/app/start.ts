// startApp: one Vigil process with the roles asked for. 'worker' runs observe/confirm/archive
// (+capture) workers; 'scheduler' syncs targets and ticks the due-set; 'web' holds the catalog,
// runs the indexer and serves the API. Several worker processes on one Redis share the work.
import type { Logger } from 'pino';
import type { Settings } from '../config/schema.js';
import { getScraper, parseSpec, scrapers } from '../scrapers/registry.js';
import { interactionsWithoutSession } from '../workers/interactions.js';
import { observe } from '../workers/processors/observe.js';
import { confirm } from '../workers/processors/confirm.js';
import { archiveMedia } from '../workers/processors/archive.js';
import { index } from '../workers/processors/index.js';
import { capture } from '../workers/processors/capture.js';
import { startWorkers, type WorkerSet, type WorkerSpec, type WorkerTuning } from '../workers/runtime.js';
import type { PipelineDeps, ProbeVia } from '../workers/pipeline-deps.js';
import { openCore, type Core, type CoreOptions } from './core.js';
import { addTarget, listTargets, removeTarget, syncTargets, updateTarget, type TargetsDeps } from './targets.js';
import { createCaptureService } from './captures.js';
import { captureDoor, targetDoor } from './door.js';
import { openEvidence } from '../integrity/index.js';
import { createPdfPrinter } from '../capture/pdf.js';
import { createLedgerPositions } from '../archive/ledger/positions.js';
import { createAccessStore } from '../archive/access/store.js';
import { createAuditLog } from '../archive/access/audit.js';
import { createIndexHealth, type IndexHealth } from '../workers/index-health.js';
import { createWorkerMetrics, registerSweepMetrics } from '../workers/metrics.js';
import { createStateGate, markEmptyArchive } from '../workers/state-gate.js';
import { startStateRecovery } from '../workers/state-recovery.js';
import { markSynced, startScheduleResync } from '../workers/schedule-resync.js';
import { createStepFetcher, type PageRenderer } from '../fetch/fetch-step.js';
import { createRedisLimiter } from '../fetch/rate-limit.js';
import { createAlerts } from './alerts.js';
import { createVantageRotation, type VantageRotation } from '../fetch/vantage-rotation.js';
import { createSessionStore, type SessionStore } from '../fetch/sessions.js';

/** Polls rotate over network.vantages; a target's own `vantages` list narrows them (kept in Redis). */
export const vantageRotation = (core: Core): VantageRotation => createVantageRotation({ redis: core.redis, prefix: core.settings.redis.prefix, vantages: core.settings.network.vantages });

/** The configured sessions (one store per core: it caches the parsed files); benches live in Redis for every role. */
const stores = new WeakMap<Core, SessionStore>();
export const sessionStore = (core: Core): SessionStore => {
  let s = stores.get(core);
  if (!s) stores.set(core, (s = createSessionStore({ sessions: core.settings.sessions, redis: core.redis, prefix: core.settings.redis.prefix, log: core.log })));
  return s;
};
import { createAttackStore } from '../workers/attack-store.js';

export type Role = 'worker' | 'scheduler' | 'web';

/** One probe via per configured vantage: the worker's fetcher, pinned to that vantage. */
export const vantageProbeVias = (own: PipelineDeps['fetcher'], vantages: readonly { id: string }[]): ProbeVia[] =>
  vantages.map((v) => ({ name: v.id, fetcher: { fetch: (step, o) => own.fetch(step, { ...o, vantage: v.id }) } }));

export interface StartOptions extends CoreOptions {
  settings: Settings;
  log: Logger;
  roles: Role[];
  vantage?: string;
  workerTuning?: WorkerTuning;
  /**
   * The vantages / sessions the shadow-ban probes run through, made from this worker's fetcher
   * (the vantages and sessions configuration is to provide them). Absent = the worker's own
   * fetcher only, which cannot confirm a shadow-ban.
   */
  probeVias?: (own: PipelineDeps['fetcher'], vantage: string) => ProbeVia[];
}

export interface App {
  apiUrl?: string;
  core: Core;
  targets: TargetsDeps & { remove(key: string): Promise<void> };
  stop(): Promise<void>;
}

/** `browser`: this worker's browser, for steps a platform plans `via: 'browser'` (none: they are refused). */
export function pipelineDeps(core: Core, vantage: string, browser?: PageRenderer): PipelineDeps {
  const { network, redis: r } = core.settings;
  return {
    log: core.log,
    settings: core.settings,
    archive: core.archive,
    seen: core.seen,
    // Same Redis keys as the HTTP fetcher's limiter: browser and HTTP fetches share each host's pace.
    fetcher: createStepFetcher({ http: core.fetcher, browser, network, vantages: network.vantages, limiter: createRedisLimiter(core.redis, { prefix: r.prefix, perHostRps: network.perHostRps, maxRetryAfterMs: network.maxRetryAfter }) }),
    states: core.states,
    getScraper,
    queues: core.queues,
    vantage,
    metrics: createWorkerMetrics(core.redis, core.settings.redis.prefix),
    stateGate: createStateGate({ redis: core.redis, prefix: core.settings.redis.prefix, states: core.states, archive: core.archive, log: core.log }),
    ...(network.vantages.length > 1 ? { vantages: vantageRotation(core) } : {}),
    ...(core.settings.sessions.length ? { sessions: sessionStore(core) } : {}),
    attacks: createAttackStore(core.redis, core.settings.redis.prefix),
  };
}

export async function startApp(opts: StartOptions): Promise<App> {
  const { log } = opts;
  const { settings } = opts;
  const core = await openCore(settings, log, opts);
  // A new deployment (empty bucket) marks its Redis as holding the detection state while the bucket
  // is reachable, so polls need not list the bucket later (state-gate.ts).
  await markEmptyArchive({ redis: core.redis, prefix: settings.redis.prefix, archive: core.archive }).catch((err: unknown) => log.warn({ err }, 'could not check whether the archive is new; polls check it later'));
  const stops: (() => Promise<void>)[] = [];
  const targets = {
    store: core.store,
    remove: (key: string) => core.store.remove(key),
    scheduler: core.scheduler,
    index: core.queues.index,
    parseSpec,
    defaultEveryMs: settings.scheduler.defaultEvery,
    log,
    forgetState: (id: string) => core.states.remove(id),
    vantages: vantageRotation(core),
  };
  let apiUrl: string | undefined;
  let retryIndexFailures: Pick<IndexHealth, 'retryFailed'> | undefined;
  try {
    const specs: WorkerSpec[] = [];
    const vantage = opts.vantage ?? 'default';
    if (opts.roles.includes('worker')) {
      // One browser per worker process: captures, and the pages platforms plan `via: 'browser'`.
      const capturer = settings.capture.enabled ? (await import('../capture/index.js')).createCapturer({ settings, log, putBlob: (b, t) => core.archive.putBlob(b, t) }) : undefined;
      if (capturer) stops.unshift(() => capturer.close());
      // Every session file readable and a storage state, or the worker does not start (VGL_CONFIG_INVALID names them).
      if (settings.sessions.length) await sessionStore(core).check();
      for (const platform of interactionsWithoutSession(scrapers.values(), settings.platforms, settings.sessions)) {
        log.warn({ platform }, `platforms.${platform}.interactionsPerPoll is on but no session of ${platform} is configured: it shows comments only to logged-in viewers, so every read ends at a login wall (no verdict). Add one under sessions, or set it to 0.`);
      }
      const d = pipelineDeps(core, vantage, capturer);
      if (opts.probeVias) d.probeVias = opts.probeVias(d.fetcher, vantage);
      // Two or more network.vantages: each shadow-ban probe runs through every one of them (a
      // shadow-ban is confirmed only when detection.probes.minVantages of them agree).
      else if (settings.network.vantages.length > 1) d.probeVias = vantageProbeVias(d.fetcher, settings.network.vantages);
      const n = settings.network.concurrency;
      specs.push({ queue: 'observe', processor: observe(d), concurrency: n });
      specs.push({ queue: 'confirm', processor: confirm(d), concurrency: Math.max(1, Math.ceil(n / 4)) });
      specs.push({ queue: 'archive', processor: archiveMedia(d), concurrency: Math.max(1, Math.ceil(n / 4)) });
      if (capturer) {
        specs.push({ queue: 'capture', processor: capture({ log, capturer, archive: core.archive, index: core.queues.index, vantage }), concurrency: settings.capture.concurrency });
      }
    }
    if (opts.roles.includes('web')) {
      const { createCatalog } = await import('../catalog/index.js');
      const catalog = await createCatalog(settings, log);
      stops.push(() => catalog.close()); // after workers drained
      // Redis lost its data: rebuild the detection state from the bucket and this catalog.
      stops.unshift(
        startStateRecovery(
          {
            redis: core.redis,
            prefix: settings.redis.prefix,
            log,
            catalog,
            archive: core.archive,
            states: core.states,
            confirm: core.queues.confirm,
            minSpanMs: settings.detection.confirm.minSpan,
            catchUpMs: settings.recovery.catchUp,
            // Attacks for "consistent with" links and campaigns are rebuilt from their events too.
            ...(settings.detection.attack.enabled ? { attackMemory: { store: createAttackStore(core.redis, settings.redis.prefix), linkWindow: settings.detection.attack.linkWindow, campaignWindow: settings.detection.attack.campaignWindow } } : {}),
          },
          settings.recovery.checkEvery,
        ),
      );
      // One registry for the API's /metrics and the indexer's failure metrics (same process).
      const metrics = core.metrics; // one registry per process: archive, indexer and API
      const health = createIndexHealth({ queue: core.queues.index, registry: metrics });
      // Webhooks run beside the indexer: every confirmed event reaches the catalog through it.
      const alerts = createAlerts(settings, core.queues.webhook, catalog, log, metrics);
      stops.push(() => alerts.close());
      specs.push({ queue: 'index', processor: index({ log, archive: core.archive, catalog, states: core.states, health, alerts: alerts.fanout }), concurrency: 4 });
      if (alerts.processor) specs.push({ queue: 'webhook', processor: alerts.processor, concurrency: 4 });
      retryIndexFailures = health;
      const { buildApi } = await import('../api/index.js');
      const refuseTarget = targetDoor(settings);
      registerSweepMetrics(metrics, core.redis, settings.redis.prefix);
      const evidence = await openEvidence({ settings, log, redis: core.redis, store: core.store, catalog, onClose: (f) => stops.push(f), ...(settings.integrity.exportRenderings ? { chromiumPath: settings.capture.chromiumPath } : {}) });
      const api = await buildApi({
        settings,
        log,
        catalog,
        metrics,
        // Index failures, and sessions a platform no longer accepts (session_expired).
        health: settings.sessions.length ? { alerts: async (o) => [...(await health.alerts(o)), ...(await sessionStore(core).alerts(o))] } : health,
        archive: core.archive,
        targets: {
          add: async (i) => {
            await refuseTarget(i.spec);
            return addTarget(targets, i.spec, { every: i.every, id: i.id, tags: i.tags, vantages: i.vantages });
          },
          list: () => listTargets(targets),
          remove: (id) => removeTarget(targets, id),
          update: (id, change) => updateTarget(targets, id, change),
        },
        hotState: { get: async (id) => (await core.states.load(id)) as unknown as Record<string, unknown> },
        ...(settings.capture.enabled ? { captures: createCaptureService(core.queues.capture, { maxQueued: settings.capture.maxQueued }, captureDoor(settings)) } : {}),
        exporter: evidence,
        ledgerStatus: () => evidence.integrity.ledger.status(),
        webhooks: alerts.service,
        queues: Object.values(core.queues),
        ...(settings.capture.enabled ? { printPdf: createPdfPrinter({ chromiumPath: settings.capture.chromiumPath, log }) } : {}),
        ledgerPositions: createLedgerPositions(core.store),
        access: createAccessStore(core.store),
        audit: createAuditLog(core.store),
      });
      apiUrl = await api.listen({ host: settings.http.host, port: settings.http.port });
      stops.unshift(() => api.close());
    }
    const workers: WorkerSet = startWorkers(core.redis, settings.redis.prefix, specs, log, opts.workerTuning);
    // In-flight jobs get shutdown.grace to finish; then they are returned to their queues.
    stops.unshift(() => workers.close(settings.shutdown.grace));
    if (retryIndexFailures) {
      // Records whose indexing failed for good before (a bug since fixed, a catalog migration)
      // get one more try now: the catalog is derived, so re-applying them is always safe.
      const n = await retryIndexFailures.retryFailed();
      if (n > 0) log.warn({ jobs: n }, 'retrying index jobs that failed before');
    }
    if (opts.roles.includes('scheduler')) {
      const n = await syncTargets(targets, settings.targets);
      await markSynced(core.redis, settings.redis.prefix);
      // A due-set lost with Redis is rebuilt from the bucket (checked every recovery.checkEvery).
      stops.unshift(
        startScheduleResync({ redis: core.redis, prefix: settings.redis.prefix, log, sync: () => syncTargets(targets, []), checkEveryMs: settings.recovery.checkEvery, fullEveryMs: settings.scheduler.resyncEvery }),
      );
      core.scheduler.start();
      log.info({ targets: n }, 'scheduler started');
    }
  } catch (e) {
    for (const s of stops) await s().catch(() => undefined);
    await core.close();
    throw e;
  }
  let stopped: Promise<void> | undefined;
  return {
    apiUrl,
    core,
    targets,
    stop: () =>
      (stopped ??= (async () => {
        await core.scheduler.stop();
        // Workers drain their in-flight jobs before anything they write to is closed.
        for (const s of stops) await s().catch((err) => log.warn({ err }, 'stop step failed'));
        await core.close();
      })()),
  };
}

/** SIGTERM/SIGINT: drain and exit (standalone worker processes). Repeats while draining are ignored. */
export function stopOnSignals(app: Pick<App, 'stop'>, log: Logger, exit: (code: number) => void = process.exit): void {
  let stopping = false;
  const onSignal = (sig: string) => {
    if (stopping) return void log.info({ sig }, 'already stopping: draining in-flight jobs');
    stopping = true;
    log.info({ sig }, 'shutting down');
    app.stop().then(() => exit(0), (err) => (log.error({ err }, 'shutdown failed'), exit(1)));
  };
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
}
