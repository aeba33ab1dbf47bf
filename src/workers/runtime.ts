// Starts the BullMQ queues and workers of one process. Several processes on the same Redis share
// the work. close() drains in-flight jobs (worker.close waits for them), then closes queues.
import { Queue, Worker, type ConnectionOptions, type Processor } from 'bullmq';
import type { Logger } from 'pino';
import type { QueueName } from './queues.js';

export type Queues = Record<QueueName, Queue>;

export function createQueues(connection: ConnectionOptions, prefix: string): Queues {
  const q = (name: QueueName) => new Queue(name, { connection, prefix });
  return {
    scheduler: q('scheduler'),
    observe: q('observe'),
    archive: q('archive'),
    detect: q('detect'),
    confirm: q('confirm'),
    index: q('index'),
    capture: q('capture'),
    webhook: q('webhook'),
  };
}

export interface WorkerSpec {
  queue: QueueName;
  processor: Processor;
  concurrency: number;
}

export interface WorkerSet {
  workers: Worker[];
  close(): Promise<void>;
}

export interface WorkerTuning {
  /** How long a job lock lives without renewal: a killed worker's jobs are retaken after this. */
  lockDuration?: number;
  stalledInterval?: number;
}

export function startWorkers(connection: ConnectionOptions, prefix: string, specs: WorkerSpec[], log: Logger, tuning: WorkerTuning = {}): WorkerSet {
  const workers = specs.map((s) => {
    const w = new Worker(s.queue, s.processor, {
      connection,
      prefix,
      concurrency: s.concurrency,
      maxStalledCount: 2,
      lockDuration: tuning.lockDuration ?? 30_000,
      stalledInterval: tuning.stalledInterval ?? 15_000,
    });
    w.on('error', (err) => log.warn({ err, queue: s.queue }, 'worker error'));
    return w;
  });
  return {
    workers,
    async close() {
      await Promise.all(workers.map((w) => w.close()));
    },
  };
}

export async function closeQueues(q: Queues): Promise<void> {
  await Promise.all(Object.values(q).map((x) => x.close()));
}
