// The attack memory survives Redis losing its data (issue 10): an attack_suspected is confirmed, Redis
// is wiped (FLUSHALL), the web role rebuilds the state from the bucket and the catalog, and then
// (a) the attacked account's suspension is still "consistent with" that attack, and (b) a second
// account hit by the same farm still completes a campaign with the first. Real redis-server,
// s3rver, the catalog and the X simulator.
import { Redis } from 'ioredis';
import { afterAll, expect, it } from 'vitest';
import { addTarget } from '../../src/app/targets.js';
import { botFarm } from '../../src/sim/crowds.js';
import { startXSim } from '../../src/sim/x/index.js';
import { until, usePipeline } from '../helpers/pipeline.js';

const x = await startXSim({ guestTimelines: true });
afterAll(() => x.close());

const h = usePipeline({
  prefix: 'ratk',
  app: {
    roles: ['worker', 'web'],
    queueEvents: false,
    settings: {
      http: { port: 0 },
      network: { allowPrivate: true, timeout: '3s', perHostRps: 1000, concurrency: 4 },
      platforms: { x: { baseUrl: x.url, rescanPages: 0, interactionsPerPoll: 2 } },
      detection: { confirm: { minSpan: '1s', minObservations: 2 }, probes: { enabled: false } },
      recovery: { checkEvery: '300ms' },
      capture: { enabled: false },
      archive: { seenFlushEvery: '500ms', archiveMedia: false },
    },
  },
});

let seq = 0;
/** One observe job (no QueueEvents: its stream goes with FLUSHALL); callers wait for records. */
const enqueue = (targetId: string, spec: string) => h.app.core.queues.observe.add('observe', { targetId, spec, dueAt: Date.now(), reason: 'manual' }, { jobId: `ratk-${targetId}-${++seq}`, attempts: 8, backoff: { type: 'exponential', delay: 300 } });
const observed = async (targetId: string, n: number) => until(async () => ((await h.observations(targetId)).length >= n ? true : undefined), `${n} observations of ${targetId}`);

it('FLUSHALL between an attack and the takedown: the takedown is still linked, and the same farm elsewhere still makes a campaign', async () => {
  const farm = (handle: string) => botFarm(Date.now() - 10_000, { seed: 31, count: 22, target: { handle }, lang: 'en' });
  const a = x.world.addUser({ handle: 'LinkedVoice', posts: 3 });
  const b = x.world.addUser({ handle: 'SecondDesk', posts: 3 });
  await addTarget(h.app.targets, 'x:LinkedVoice', { id: 'lv', every: '1h' });
  await addTarget(h.app.targets, 'x:SecondDesk', { id: 'sd', every: '1h' });
  await enqueue('lv', 'x:LinkedVoice');
  await enqueue('sd', 'x:SecondDesk');
  await observed('lv', 1);
  await observed('sd', 1);

  x.world.replyCrowd('LinkedVoice', a.posts[2]!.id, Date.now() - 10_000, farm('LinkedVoice'));
  await enqueue('lv', 'x:LinkedVoice');
  const attack = await h.waitFor('lv', 'attack_suspected');
  // The catalog holds it (the rebuild reads the catalog; the recovery also re-applies recent records).
  await until(async () => ((await h.app.core.redis.exists('ratk:state:epoch')) ? true : undefined), 'the state epoch of a running deployment');

  const r = new Redis(h.redis.url);
  await r.flushall();
  r.disconnect();
  await until(async () => ((await h.app.core.redis.exists('ratk:state:epoch')) ? true : undefined), 'the state rebuilt after FLUSHALL', { tries: 400 });

  // (a) The platform suspends the attacked account after the wipe: the link is still there.
  x.world.setState('LinkedVoice', 'suspended');
  await enqueue('lv', 'x:LinkedVoice');
  const susp = await h.waitFor('lv', 'account_suspended');
  expect(susp.details?.consistentWith).toMatchObject({ attackEventId: attack.id, evidence: attack.evidence });

  // (b) The same farm hits another account: the campaign memory knew the first attack.
  x.world.replyCrowd('SecondDesk', b.posts[2]!.id, Date.now() - 10_000, farm('SecondDesk'));
  await enqueue('sd', 'x:SecondDesk');
  await h.waitFor('sd', 'attack_suspected');
  const c = await h.waitFor('sd', 'campaign');
  expect(c.details?.members).toEqual(['lv', 'sd']);
  expect(c.details?.attacks).toContain(attack.id);
}, 180_000);
