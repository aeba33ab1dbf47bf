// Workers poll a target only when Redis holds its detection state, or holds none because the
// target is new. A target without state while Redis has lost its data (no `<prefix>:state:epoch`,
// see state-recovery.ts) waits: polling it now would take it for a new target, re-baseline it
// silently and lose its open candidates and any deletion made during the gap.
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Archive } from '../archive/archive.js';
import { archiveIsEmpty, epochKey } from './state-recovery.js';
import type { StateStore } from './state-store.js';

export interface StateGate {
  /** True when the target may be polled now. */
  ready(targetId: string): Promise<boolean>;
}

export function createStateGate(d: { redis: Redis; prefix: string; states: Pick<StateStore, 'has'>; archive: Pick<Archive, 'listKeys'>; log: Logger }): StateGate {
  const epoch = epochKey(d.prefix);
  let warnedAt = 0;
  return {
    async ready(targetId) {
      const [has, known] = await Promise.all([d.states.has(targetId), d.redis.exists(epoch)]);
      if (has || known === 1) return true;
      // A new deployment has nothing to rebuild: this Redis holds the (empty) state from now on.
      if (await archiveIsEmpty(d.archive)) {
        await d.redis.set(epoch, new Date().toISOString(), 'NX');
        return true;
      }
      if (Date.now() - warnedAt > 30_000) {
        warnedAt = Date.now();
        d.log.warn({ targetId }, 'Redis lost the detection state; polls wait until the web role has rebuilt it from the bucket and the catalog');
      }
      return false;
    },
  };
}
