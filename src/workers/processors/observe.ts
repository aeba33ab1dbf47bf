// observe: one poll of one target (see observe-core). Serialised per target by a Redis lock.
import { DelayedError, type Processor } from 'bullmq';
import type { PipelineDeps } from '../pipeline-deps.js';
import { ObserveJob } from '../queues.js';
import { pollTarget, type PollResult } from '../observe-core.js';
import { onJobError } from '../errors.js';
import { withTargetLock } from '../target-lock.js';
import { platformDeps } from '../pipeline-deps.js';

export const observe = (d: PipelineDeps): Processor<unknown, PollResult> =>
  async (job, token, signal) => {
    const data = ObserveJob.parse(job.data);
    const log = d.log.child({ queue: 'observe', jobId: job.id, targetId: data.targetId });
    let locked: { value: PollResult } | null;
    try {
      locked = await withTargetLock(d.states, data.targetId, `job:${job.queueName}:${job.id}`, () =>
        pollTarget(platformDeps(d, data.spec), { targetId: data.targetId, spec: data.spec, jobKey: String(job.id), jobTime: job.timestamp, signal }),
      );
    } catch (e) {
      return await onJobError(e, job, token, log);
    }
    if (!locked) {
      // Another job is working on this target: come back shortly instead of interleaving.
      await job.moveToDelayed(Date.now() + 500, token);
      throw new DelayedError();
    }
    const r = locked.value;
    log.info({ state: r.state, unchanged: r.unchanged, created: r.created.length, confirmed: r.confirmed.length }, 'observed');
    return r;
  };
