// Serialises work on one target across processes: a Redis lock owned by the job, renewed while
// the job runs (a long backfill outlives any fixed TTL), released at the end.
import type { StateStore } from './state-store.js';

const LOCK_MS = 60_000;

/** Runs `fn` under the target lock; returns null without running it when another job holds the lock. */
export async function withTargetLock<T>(states: Pick<StateStore, 'lock' | 'unlock'>, targetId: string, owner: string, fn: () => Promise<T>): Promise<{ value: T } | null> {
  const token = await states.lock(targetId, LOCK_MS, owner);
  if (!token) return null;
  const renew = setInterval(() => void states.lock(targetId, LOCK_MS, owner).catch(() => undefined), LOCK_MS / 3);
  try {
    return { value: await fn() };
  } finally {
    clearInterval(renew);
    await states.unlock(targetId, token);
  }
}
