// Workers poll a target only when Redis holds its detection state, or holds none because the
// target is new. A target without state while Redis has lost its data (no `<prefix>:state:epoch`,
// see state-recovery.ts) waits: polling it now would take it for a new target, re-baseline it
// silently and lose its open candidates and any deletion made during the gap.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Archive } from '../archive/archive.js';
import { archiveIsEmpty, epochKey } from './state-recovery.js';
import type { StateStore } from './state-store.js';
import { isVigilError } from '../errors.js';
import { emptyState, type TargetState } from '../detect/state.js';

export interface StateGate {
  /** True when the target may be polled now. */
  ready(targetId: string): Promise<boolean>;
  /**
   * The state a poll starts from, read atomically with the marker (call under the target lock);
   * null when the target must wait. The poll then never loads an empty state left by a wipe.
   */
  load(targetId: string): Promise<TargetState | null>;
}

export function createStateGate(d: { redis: Redis; prefix: string; states: Pick<StateStore, 'has' | 'loadWithMarker'>; archive: Pick<Archive, 'listKeys'>; log: Logger }): StateGate {
  const epoch = epochKey(d.prefix);
  let warnedAt = 0;
  /** No state and no marker: a new deployment (nothing to rebuild) may go on, anything else waits. */
  const fresh = async (targetId: string): Promise<boolean> => {
    // A new deployment has nothing to rebuild: this Redis holds the (empty) state from now on.
    // While the bucket cannot be listed nobody can tell: the poll waits (no attempt spent).
    const empty = await archiveIsEmpty(d.archive).catch((err: unknown) => {
      if (isVigilError(err, 'VGL_STORE_UNAVAILABLE')) return false;
      throw err;
    });
    if (empty) {
      await d.redis.set(epoch, new Date().toISOString(), 'NX');
      return true;
    }
    if (Date.now() - warnedAt > 30_000) {
      warnedAt = Date.now();
      d.log.warn({ targetId }, 'Redis lost the detection state; polls wait until the web role has rebuilt it from the bucket and the catalog');
    }
    return false;
  };
  return {
    async ready(targetId) {
      const [has, known] = await Promise.all([d.states.has(targetId), d.redis.exists(epoch)]);
      if (has || known === 1) return true;
      return fresh(targetId);
    },
    async load(targetId) {
      const r = await d.states.loadWithMarker(targetId, epoch);
      if (r.state) return r.state;
      if (r.marker) return emptyState();
      return (await fresh(targetId)) ? emptyState() : null;
    },
  };
}

/** At start, while the bucket is reachable: a new deployment's Redis is marked as holding the state. */
export async function markEmptyArchive(d: { redis: Redis; prefix: string; archive: Pick<Archive, 'listKeys'> }): Promise<void> {
  const epoch = epochKey(d.prefix);
  if ((await d.redis.exists(epoch)) === 1) return;
  if (await archiveIsEmpty(d.archive).catch(() => false)) await d.redis.set(epoch, new Date().toISOString(), 'NX');
}
