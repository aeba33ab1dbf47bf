// Index failures are loud. A record the indexer cannot apply is safe in the bucket but missing
// from the catalog (no posts, no search, no export by target), so a failed index job is a health
// alert and metrics, not one log line. The alert is read from BullMQ's failed set of the index
// queue (in Redis): it survives a restart of the web process and clears when the jobs are
// retried successfully (at start, see retryFailed) or removed.
import type { Job, Queue } from 'bullmq';
import { Counter, Gauge, type Registry } from 'prom-client';

export interface HealthAlert {
  type: 'index_failed';
  /** Index jobs that failed for good and are still recorded (records missing from the catalog). */
  count: number;
  /** Record kinds among the most recent failures (observation, event, capture, target, …). */
  kinds: string[];
  lastFailedAt?: string;
  hint: string;
  /** Only with details (the authenticated API): the last failure's reason and record. */
  lastError?: string;
  lastRecord?: string;
}

export interface IndexHealth {
  /** One failed attempt of an index job; `final` when it will not be retried. */
  failed(kind: string, final: boolean): void;
  /** Current alerts; `details` adds error text and record keys (never on the public /healthz). */
  alerts(opts?: { details?: boolean }): Promise<HealthAlert[]>;
  /** Re-queue index jobs that failed for good (records are re-read from the bucket). */
  retryFailed(): Promise<number>;
}

/** The failed jobs' facts the alert is built from. */
export interface FailedIndexJob {
  kind?: string;
  record?: string;
  reason?: string;
  finishedOn?: number;
}

export const INDEX_FAILED_HINT =
  'Records are safe in the bucket but missing from the catalog. Read GET /api/health for the reason, fix it, then restart the web role (failed index jobs are retried at start) or run `vigil reindex`.';

/** The index_failed alert for `count` failed jobs, `recent` newest first. Pure. */
export function indexFailedAlert(count: number, recent: readonly FailedIndexJob[], details = false): HealthAlert[] {
  if (count <= 0) return [];
  const last = recent[0];
  const kinds = [...new Set(recent.map((j) => j.kind).filter((k): k is string => !!k))].sort();
  return [
    {
      type: 'index_failed',
      count,
      kinds,
      ...(last?.finishedOn ? { lastFailedAt: new Date(last.finishedOn).toISOString() } : {}),
      hint: INDEX_FAILED_HINT,
      ...(details && last?.reason ? { lastError: last.reason } : {}),
      ...(details && last?.record ? { lastRecord: last.record } : {}),
    },
  ];
}

const facts = (j: Job | undefined): FailedIndexJob | undefined => {
  if (!j) return undefined;
  const d = (j.data ?? {}) as { kind?: unknown; key?: unknown; targetId?: unknown };
  const record = typeof d.key === 'string' ? d.key : typeof d.targetId === 'string' ? d.targetId : undefined;
  return {
    ...(typeof d.kind === 'string' ? { kind: d.kind } : {}),
    ...(record ? { record } : {}),
    ...(j.failedReason ? { reason: j.failedReason } : {}),
    ...(j.finishedOn ? { finishedOn: j.finishedOn } : {}),
  };
};

function metric<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

export interface IndexHealthDeps {
  queue: Pick<Queue, 'getFailedCount' | 'getFailed' | 'retryJobs'>;
  registry: Registry;
}

/** How many recent failures the alert looks at for its kinds. */
const SAMPLE = 50;

export function createIndexHealth(d: IndexHealthDeps): IndexHealth {
  const failures = metric(d.registry, 'vigil_index_failures_total', () => new Counter({
    name: 'vigil_index_failures_total',
    help: 'Index jobs that failed for good (record not in the catalog), by record kind',
    labelNames: ['kind'],
    registers: [d.registry],
  }));
  const retries = metric(d.registry, 'vigil_index_retries_total', () => new Counter({
    name: 'vigil_index_retries_total',
    help: 'Failed index job attempts that will be retried, by record kind',
    labelNames: ['kind'],
    registers: [d.registry],
  }));
  metric(d.registry, 'vigil_index_failed_jobs', () => new Gauge({
    name: 'vigil_index_failed_jobs',
    help: 'Index jobs in the failed set now (survives restarts; 0 when the catalog is complete)',
    registers: [d.registry],
    async collect() {
      this.set(await d.queue.getFailedCount());
    },
  }));
  return {
    failed(kind, final) {
      (final ? failures : retries).inc({ kind });
    },
    async alerts(opts = {}) {
      const count = await d.queue.getFailedCount();
      if (count === 0) return [];
      // getFailed is newest first.
      const recent = (await d.queue.getFailed(0, SAMPLE - 1)).map(facts).filter((f): f is FailedIndexJob => !!f);
      return indexFailedAlert(count, recent, opts.details);
    },
    async retryFailed() {
      const n = await d.queue.getFailedCount();
      if (n > 0) await d.queue.retryJobs({ state: 'failed' });
      return n;
    },
  };
}
