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
    let locked: { value: PollResult } | null = null;
    let hold = false;
    // Redis lost its data and the state of this target is not rebuilt yet: wait, spend no attempt.
    if (d.stateGate && token && !(await d.stateGate.ready(data.targetId))) {
      await job.moveToDelayed(Date.now() + 2000, token);
      throw new DelayedError();
    }
    try {
      const held = await withTargetLock(d.states, data.targetId, `job:${job.queueName}:${job.id}`, async () => {
        // As in observe: the state read under the lock, atomically with the recovery marker.
        const prev = d.stateGate && token ? await d.stateGate.load(data.targetId) : undefined;
        if (prev === null) return null;
        return pollTarget(platformDeps(d, data.spec), { targetId: data.targetId, spec: data.spec, jobKey: String(job.id), jobTime: job.timestamp, signal, probe: true, ...(prev ? { prev } : {}) });
      });
      hold = held !== null && held.value === null;
      locked = held && held.value ? { value: held.value } : null;
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
    if (hold) {
      await job.moveToDelayed(Date.now() + 2000, token);
      throw new DelayedError();
    }
    if (!locked) {
      await job.moveToDelayed(Date.now() + 500, token);
      throw new DelayedError();
    }
    return locked.value;
  };
