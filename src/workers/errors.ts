// Job failure policy: retryable VigilErrors go back to BullMQ (exponential backoff, honouring
// Retry-After); everything else is permanent (UnrecoverableError) so it is not retried forever.
import { DelayedError, UnrecoverableError, type Job } from 'bullmq';
import { ERRORS, isVigilError } from '../errors.js';
import type { Logger } from 'pino';

export async function onJobError(e: unknown, job: Job, token: string | undefined, log: Logger): Promise<never> {
  if (e instanceof DelayedError || e instanceof UnrecoverableError) throw e;
  if (isVigilError(e) && ERRORS[e.code].retryable) {
    const retryAfterMs = (e.opts.details as { retryAfterMs?: number } | undefined)?.retryAfterMs;
    log.warn({ err: { code: e.code, message: e.message }, attempt: job.attemptsMade + 1 }, 'job failed, will retry');
    // Retry-After is honoured exactly: park the job until then without spending an attempt.
    if (retryAfterMs && token && job.attemptsMade + 1 < (job.opts.attempts ?? 1)) {
      await job.moveToDelayed(Date.now() + retryAfterMs, token);
      throw new DelayedError();
    }
    throw e;
  }
  log.error({ err: e }, 'job failed permanently');
  const msg = isVigilError(e) ? `${e.code}: ${e.message}` : (e as Error)?.message ?? String(e);
  throw new UnrecoverableError(msg);
}
