// Redis loses all its data mid-run (FLUSHALL): the due-set is rebuilt from the bucket and polling
// resumes; the detection state is rebuilt from the bucket and the catalog, so an open candidate
// still confirms and a post deleted during the gap is still detected; nothing is reported twice
// and nothing false is reported. All roles in one process on real Redis, s3rver and the simulator.
import { Redis } from 'ioredis';
import { expect, it } from 'vitest';
import { addTarget } from '../../src/app/targets.js';
import type { EventRecord } from '../../src/archive/types.js';
import { until, usePipeline } from '../helpers/pipeline.js';

const h = usePipeline({
  prefix: 'loss',
  sim: true,
  app: {
    roles: ['worker', 'scheduler', 'web'],
    queueEvents: false,
    settings: {
      http: { port: 0 },
      network: { allowPrivate: true, perHostRps: 1000 },
      platforms: { telegram: { rescanPages: 1, sweepPagesPerPoll: 0 } },
      // Long enough that the candidate is still open when Redis is wiped.
      detection: { confirm: { minSpan: '6s', minObservations: 2 } },
      scheduler: { tick: '200ms', jitter: 0 },
      recovery: { checkEvery: '300ms' },
      capture: { enabled: false },
      archive: { archiveMedia: false, seenFlushEvery: '500ms' },
    },
  },
});

const summary = (evs: EventRecord[]) => evs.map((e) => `${e.type}/${e.status}/${e.postId ?? ''}`).sort();

it('FLUSHALL mid-run: polling resumes, an open candidate still confirms, a deletion in the gap is found', async () => {
  h.channel('losschan', 30);
  h.channel('gapchan', 12);
  await addTarget(h.app.targets, 'telegram:losschan', { id: 'lossy', every: '2s' });
  await addTarget(h.app.targets, 'telegram:gapchan', { id: 'gappy', every: '2s' });
  await until(async () => ((await h.observations('lossy')).length && (await h.observations('gappy')).length ? true : undefined), 'first polls of both targets');

  // A deletion: the candidate opens; its confirmation needs polls at least minSpan apart.
  h.sim.apply({ type: 'delete', channel: 'losschan', nums: [25] });
  await until(async () => (await h.eventsFor('lossy')).find((e) => e.type === 'post_deleted' && e.status === 'candidate'), 'the post_deleted candidate');
  expect((await h.eventsFor('lossy')).some((e) => e.status === 'confirmed')).toBe(false);

  const r = new Redis(h.redis.url);
  await r.flushall();
  r.disconnect();
  // While Redis is empty, a post of the other channel is deleted.
  h.sim.apply({ type: 'delete', channel: 'gapchan', nums: [8] });

  const confirmed = await h.waitFor('lossy', 'post_deleted');
  expect(confirmed.postId).toBe('losschan/25');
  const gap = await h.waitFor('gappy', 'post_deleted');
  expect(gap.postId).toBe('gapchan/8');

  // Polling goes on: the due-set is back and new polls keep coming.
  const core = h.app.core;
  expect(await core.redis.zcard('loss:due')).toBe(2);
  const seenBefore = await core.redis.get('loss:st:lossy');
  await until(async () => ((await core.redis.get('loss:st:lossy')) !== seenBefore ? true : undefined), 'another poll after the recovery');

  // One event per deletion (candidate + confirmed records of the same id), nothing else.
  expect(summary(await h.eventsFor('lossy'))).toEqual(['post_deleted/candidate/losschan/25', 'post_deleted/confirmed/losschan/25']);
  expect(summary(await h.eventsFor('gappy'))).toEqual(['post_deleted/candidate/gapchan/8', 'post_deleted/confirmed/gapchan/8']);
  expect(new Set((await h.eventsFor('lossy')).map((e) => e.id)).size).toBe(1);
}, 120_000);
