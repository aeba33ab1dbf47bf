// On-demand browser captures for the API (POST /api/captures): the id is allocated up front so
// the client can poll GET /api/captures/<id>; until the manifest is in the bucket, the status
// comes from the capture job (queued / running / failed after its retries).
import type { Queue } from 'bullmq';
import type { CaptureService } from '../api/deps.js';
import { newId } from '../ids.js';
import { jobId, type CaptureJob } from '../workers/queues.js';

const captureJobId = (id: string): string => jobId('cap', 'api', id);

/** `check` refuses a URL at the door (door.ts) before anything is queued. */
export function createCaptureService(queue: Queue, check?: (url: string) => Promise<void>): CaptureService {
  return {
    async enqueue(url, target) {
      await check?.(url);
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
