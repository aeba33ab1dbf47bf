// Bounds for browser jobs whose page keeps the renderer busy: a job deadline, and waits for a
// context or browser to close that give up instead of hanging (browser-pool.ts).
import { VigilError } from '../errors.js';

export interface JobLimits {
  /**
   * A job still running this long after it got its context fails (VGL_CAPTURE_FAILED, retryable)
   * and its context is closed under it: a page that keeps the renderer busy (a script that never
   * yields) cannot hold a pool slot for ever. A context that will not close takes its browser with it.
   */
  deadlineMs?: number;
}

/** How long a context or browser may take to close before it is given up on (a hung renderer). */
export const CLOSE_WAIT_MS = 10_000;
/**
 * How long a job waits for its context (a warm one or a new one). A browser killed while it made
 * one can leave Playwright's call unanswered for ever; past this the browser counts as hung.
 */
export const CONTEXT_WAIT_MS = 30_000;
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms).unref());
/** Resolves true when `p` settles within `ms`, false otherwise. */
export const within = (p: Promise<unknown>, ms: number): Promise<boolean> =>
  Promise.race([p.then(() => true, () => true), sleep(ms).then(() => false)]);

/** Settles as `work` does, or rejects with what `expire` returns once `ms` have passed first. */
async function raceTimer<T>(work: Promise<T>, ms: number, expire: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(expire()), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Races `work` against the job's deadline; `onExpire` runs when the deadline wins. */
export async function withDeadline<T>(work: Promise<T>, limits: JobLimits | undefined, onExpire: () => void): Promise<T> {
  const ms = limits?.deadlineMs;
  if (!ms) return work;
  work.catch(() => undefined); // once the deadline passed, its rejection is expected
  return raceTimer(work, ms, () => {
    onExpire();
    return new VigilError('VGL_CAPTURE_FAILED', `the browser job was still running ${Math.round(ms / 1000)} s after it started (the page keeps the browser busy, e.g. a script that never yields); it was stopped`);
  });
}

/**
 * Resolves as `work` does, or rejects (VGL_CAPTURE_FAILED, retryable) after `ms`; a value that
 * comes after that goes to `late` (e.g. a context made too late is closed, not leaked).
 */
export async function giveUpAfter<T>(work: Promise<T>, ms: number, what: string, late: (v: T) => void): Promise<T> {
  let expired = false;
  work.then((v) => expired && late(v), () => undefined);
  return raceTimer(work, ms, () => {
    expired = true;
    return new VigilError('VGL_CAPTURE_FAILED', `${what} was not ready ${Math.round(ms / 1000)} s after it was asked for (the browser is hung or gone); the capture is retried with a new browser`);
  });
}
