// Starts the BullMQ queues and workers of one process. Several processes on the same Redis share
// the work. close() drains in-flight jobs (worker.close waits for them), then closes queues.
// Shutdown: jobs in flight get `graceMs` to finish; then their processors are aborted (the signal
// every processor passes down) and each job is put back in its queue as a delayed job, without
// spending an attempt. A processor that ignores the abort is left behind after a last few seconds:
// its job's lock expires and BullMQ's stalled check hands it to another worker.
import { DelayedError, Queue, Worker, type ConnectionOptions, type Job, type Processor } from 'bullmq';
import type { Logger } from 'pino';
import type { QueueName } from './queues.js';
import { isVigilError } from '../errors.js';

export type Queues = Record<QueueName, Queue>;

export function createQueues(connection: ConnectionOptions, prefix: string, log?: Logger): Queues {
  // Without an 'error' listener BullMQ prints every connection error to stderr (a Redis restarting
  // under its supervisor): they are logged, at most once every 10 s per queue; ioredis reconnects.
  const q = (name: QueueName) => {
    const queue = new Queue(name, { connection, prefix });
    let last = 0;
    queue.on('error', (err) => {
      if (Date.now() - last < 10_000) return;
      last = Date.now();
      log?.warn({ err, queue: name }, 'queue connection error; retrying');
    });
    return queue;
  };
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
  /** Stops taking jobs and waits for the in-flight ones, at most `graceMs` (then they go back to their queues). */
  close(graceMs?: number): Promise<void>;
}

/** How long aborted processors get to hand their jobs back before the workers are closed regardless. */
const ABORT_WAIT_MS = 10_000;

export interface WorkerTuning {
  /** How long a worker process stops taking jobs after a write was refused with VGL_OUTBOX_FULL. */
  backpressureMs?: number;
  /** How long a job lock lives without renewal: a killed worker's jobs are retaken after this. */
  lockDuration?: number;
  stalledInterval?: number;
}

export function startWorkers(connection: ConnectionOptions, prefix: string, specs: WorkerSpec[], log: Logger, tuning: WorkerTuning = {}): WorkerSet {
  let closing = false;
  let paused: NodeJS.Timeout | undefined;
  const pauseMs = tuning.backpressureMs ?? 15_000;
  // Back-pressure: the bucket is down and the outbox cannot take more. Stop taking jobs for a
  // while (this process only; in-flight ones go on) instead of failing them one after another.
  const pauseIntake = (err: unknown) => {
    if (paused || closing) return;
    log.warn({ err, pauseMs }, 'outbox full: pausing job intake');
    for (const w of workers) void w.pause(true);
    paused = setTimeout(() => {
      paused = undefined;
      if (closing) return;
      for (const w of workers) w.resume();
      log.info('resuming job intake');
    }, pauseMs);
  };
  // Jobs that could not finish through no fault of their own go back to the queue without
  // spending an attempt: aborted by the shutdown, or refused by a full outbox.
  const returnable = (p: Processor): Processor => async (job: Job, token?: string, signal?: AbortSignal) => {
    try {
      return await p(job, token, signal);
    } catch (e) {
      if (e instanceof DelayedError || !token) throw e;
      if (closing && signal?.aborted) {
        await job.moveToDelayed(Date.now() + 1000, token);
        log.info({ queue: job.queueName, jobId: job.id }, 'job returned to its queue at shutdown');
        throw new DelayedError();
      }
      if (isVigilError(e, 'VGL_OUTBOX_FULL')) {
        pauseIntake(e);
        await job.moveToDelayed(Date.now() + pauseMs, token);
        throw new DelayedError();
      }
      throw e;
    }
  };
  const workers = specs.map((s) => {
    const w = new Worker(s.queue, returnable(s.processor), {
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
    async close(graceMs) {
      closing = true;
      if (paused) clearTimeout(paused);
      const closed = Promise.all(workers.map((w) => w.close()));
      if (graceMs === undefined) return void (await closed);
      const timers: NodeJS.Timeout[] = [];
      const late = new Promise<void>((resolve) => {
        timers.push(
          setTimeout(() => {
            log.warn({ graceMs }, 'shutdown grace over: aborting in-flight jobs and returning them to their queues');
            for (const w of workers) w.cancelAllJobs('shutdown');
            timers.push(
              setTimeout(() => {
                log.error('in-flight jobs did not stop after the abort; leaving them to the stalled-job check');
                void Promise.all(workers.map((w) => w.close(true))).finally(resolve);
              }, ABORT_WAIT_MS),
            );
          }, graceMs),
        );
      });
      await Promise.race([closed, late]);
      for (const t of timers) clearTimeout(t);
    },
  };
}

export async function closeQueues(q: Queues): Promise<void> {
  await Promise.all(Object.values(q).map((x) => x.close()));
}
