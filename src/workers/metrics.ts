// Worker-side counters shared by every worker process through Redis (a hash per metric), exposed
// on the web role's GET /metrics. Counting in Redis rather than in each process's memory means a
// scrape of the one API shows the cost of all workers, however many replicas run.
import type { Redis } from 'ioredis';
import { Counter, type Registry } from 'prom-client';

export type SweepKind = 'rotation' | 'recheck';

export interface WorkerMetrics {
  /** Older listing pages re-read by the history sweep (rotation) or for an open deletion (recheck). */
  sweptPages(platform: string, kind: SweepKind, n: number): Promise<void>;
}

const sweepKey = (prefix: string) => `${prefix}:metrics:sweep_pages`;

export function createWorkerMetrics(redis: Redis, prefix: string): WorkerMetrics {
  return {
    async sweptPages(platform, kind, n) {
      if (n > 0) await redis.hincrby(sweepKey(prefix), `${platform}|${kind}`, n);
    },
  };
}

/** `vigil_sweep_pages_total{platform,kind}` on `registry`, read from Redis at each scrape. */
export function registerSweepMetrics(registry: Registry, redis: Redis, prefix: string): void {
  const name = 'vigil_sweep_pages_total';
  if (registry.getSingleMetric(name)) return;
  new Counter({
    name,
    help: 'Older listing pages re-read by the history sweep (kind=rotation) and to confirm deletions found there (kind=recheck), all workers',
    labelNames: ['platform', 'kind'],
    registers: [registry],
    async collect() {
      const all = await redis.hgetall(sweepKey(prefix));
      this.reset();
      for (const [k, v] of Object.entries(all)) {
        const [platform, kind] = k.split('|');
        this.inc({ platform, kind }, Number(v));
      }
    },
  });
}
