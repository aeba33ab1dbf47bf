// confirm: re-check a target's open candidates: direct-URL probes, then a fresh observation.
// Candidates still open afterwards get another round, up to MAX_ROUNDS.
import { DelayedError, type Processor } from 'bullmq';
import type { PipelineDeps } from '../pipeline-deps.js';
import { ConfirmJob, jobId } from '../queues.js';
import { pollTarget, type PollResult } from '../observe-core.js';
import { onJobError } from '../errors.js';
import { withTargetLock } from '../target-lock.js';
import { platformDeps } from '../pipeline-deps.js';

const MAX_ROUNDS = 6;

export const confirm = (d: PipelineDeps): Processor<unknown, PollResult> =>
  async (job, token, signal) => {
    const data = ConfirmJob.parse(job.data);
    const log = d.log.child({ queue: 'confirm', jobId: job.id, targetId: data.targetId });
    let locked: { value: PollResult } | null;
    try {
      locked = await withTargetLock(d.states, data.targetId, `job:${job.queueName}:${job.id}`, () =>
        pollTarget(platformDeps(d, data.spec), { targetId: data.targetId, spec: data.spec, jobKey: String(job.id), jobTime: job.timestamp, signal, probe: true }),
      );
      if (locked) {
        const still = locked.value.open.filter((c) => data.candidateIds.includes(c.id)).map((c) => c.id);
        if (still.length && data.round < MAX_ROUNDS) {
          await d.queues.confirm.add(
            'confirm',
            { ...data, candidateIds: still, round: data.round + 1 },
            { jobId: jobId('confirm', data.targetId, data.candidateIds[0], data.round + 1), delay: d.settings.detection.confirm.minSpan, attempts: 8, backoff: { type: 'exponential', delay: 1000 }, removeOnComplete: 1000, removeOnFail: 1000 },
          );
        }
        log.info({ confirmed: locked.value.confirmed.length, dismissed: locked.value.dismissed.length, stillOpen: still.length, round: data.round }, 'confirm round');
      }
    } catch (e) {
      return await onJobError(e, job, token, log);
    }
    if (!locked) {
      await job.moveToDelayed(Date.now() + 500, token);
      throw new DelayedError();
    }
    return locked.value;
  };
