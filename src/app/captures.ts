// On-demand browser captures for the API (POST /api/captures): the id is allocated up front so
// the client can poll GET /api/captures/<id>; until the manifest is in the bucket, the status
// comes from the capture job (queued / running / failed after its retries).
import type { Queue } from 'bullmq';
import type { CaptureService } from '../api/deps.js';
import { VigilError } from '../errors.js';
import { newId } from '../ids.js';
import { jobId, type CaptureJob } from '../workers/queues.js';

const captureJobId = (id: string): string => jobId('cap', 'api', id);

/** Seconds a client is told to wait when the queue is full (a capture takes seconds to a minute). */
export const QUEUE_FULL_RETRY_AFTER_S = 30;

export interface CaptureServiceOptions {
  /** capture.maxQueued: captures waiting (not yet running) before new API requests are refused. */
  maxQueued: number;
}

/** `check` refuses a URL at the door (door.ts) before anything is queued. */
export function createCaptureService(queue: Queue, opts: CaptureServiceOptions, check?: (url: string) => Promise<void>): CaptureService {
  return {
    async enqueue(url, target) {
      await check?.(url);
      // A soft cap: concurrent requests may overshoot by a few, which bounds memory all the same.
      // Only API requests are refused; captures the pipeline queues for new statements are evidence.
      const queued = await queue.getJobCountByTypes('waiting', 'prioritized', 'delayed');
      if (queued >= opts.maxQueued) {
        throw new VigilError('VGL_QUEUE_FULL', `the capture queue is full (${queued} waiting, capture.maxQueued ${opts.maxQueued}); retry in ${QUEUE_FULL_RETRY_AFTER_S} s`, {
          details: { queued, maxQueued: opts.maxQueued, retryAfterSeconds: QUEUE_FULL_RETRY_AFTER_S },
        });
      }
      const id = newId();
      const data: CaptureJob = { targetId: target ?? '', url, reason: 'api', captureId: id };
      await queue.add('capture', data, {
        jobId: captureJobId(id),
        attempts: 3,
        backoff: { type: 'exponential', delay: 5_000 },
        removeOnComplete: { age: 86_400 },
        removeOnFail: { age: 7 * 86_400 },
      });
      return id;
    },
    async status(id) {
      const job = await queue.getJob(captureJobId(id));
      if (!job) return null;
      const state = await job.getState();
      if (state === 'active') return 'running';
      if (state === 'failed') return 'failed';
      if (state === 'completed') return 'done';
      return 'queued';
    },
  };
}
