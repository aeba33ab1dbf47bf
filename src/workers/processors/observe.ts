// observe: one poll of one target (see observe-core). Serialised per target by a Redis lock.
import { DelayedError, type Processor } from 'bullmq';
import type { PipelineDeps } from '../pipeline-deps.js';
import { ObserveJob } from '../queues.js';
import { pollTarget, type PollResult } from '../observe-core.js';
import { onJobError } from '../errors.js';

const LOCK_MS = 120_000;

export const observe = (d: PipelineDeps): Processor<unknown, PollResult | { skipped: 'locked' }> =>
  async (job, token, signal) => {
    const data = ObserveJob.parse(job.data);
    const log = d.log.child({ queue: 'observe', jobId: job.id, targetId: data.targetId });
    const lock = await d.states.lock(data.targetId, LOCK_MS, `job:${job.queueName}:${job.id}`);
    if (!lock) {
      // Another poll of this target is running: come back shortly instead of interleaving.
      if (token) {
        await job.moveToDelayed(Date.now() + 500, token);
        throw new DelayedError();
      }
      return { skipped: 'locked' };
    }
    try {
      const r = await pollTarget(d, { targetId: data.targetId, spec: data.spec, jobKey: String(job.id), jobTime: job.timestamp, signal });
      log.info({ state: r.state, unchanged: r.unchanged, created: r.created.length, confirmed: r.confirmed.length }, 'observed');
      return r;
    } catch (e) {
      return await onJobError(e, job, token, log);
    } finally {
      await d.states.unlock(data.targetId, lock);
    }
  };
