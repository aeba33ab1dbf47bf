// Before a timed capture, a settled machine: the capturer's background work done (its next warm
// context made, the last context and its proxy closed, a retired browser gone) and every browser
// process below this one quiet, so neither side of the comparison pays for the other's leftovers.
import { childCpuTicks, cpuTicksBetween } from './proc-rss.js';

export interface SettleOptions {
  /** The capturer's (or pool's) settled(), when there is one. */
  settled?: () => Promise<void>;
  /** CPU is quiet when the processes below this one used at most `maxTicks` in `windowMs`. */
  windowMs?: number;
  maxTicks?: number;
  /** Gives up waiting for quiet after this long (a busy machine); the result says so. */
  timeoutMs?: number;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Resolves true once settled and quiet, false when the CPU did not go quiet in time. */
export async function settle(o: SettleOptions = {}): Promise<boolean> {
  const windowMs = o.windowMs ?? 100;
  const maxTicks = o.maxTicks ?? 1;
  const end = Date.now() + (o.timeoutMs ?? 3000);
  await o.settled?.();
  let prev = childCpuTicks();
  for (;;) {
    await sleep(windowMs);
    const next = childCpuTicks();
    if (cpuTicksBetween(prev, next) <= maxTicks) return true;
    if (Date.now() >= end) return false;
    prev = next;
  }
}
