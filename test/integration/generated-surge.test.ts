// A generated world's benign surge (src/sim/generate.ts `benign_surge`: a viral post drawing many
// real, diverse replies) played on the simulated X through the real pipeline (redis-server, s3rver,
// workers): the replies are read and archived, and no attack_suspected (nor any other event) comes
// of them; the same world's attack story, played the same way, does fire. Several seeds, so the
// test is not about one crowd.
import { afterAll, describe, expect, it } from 'vitest';
import { generateWorld, type GeneratedWorld } from '../../src/sim/generate.js';
import { startXSim } from '../../src/sim/x/index.js';
import { applyXAction, seedXWorld } from '../../src/sim/x/actions.js';
import { usePipeline } from '../helpers/pipeline.js';

let simNow: number | undefined;
const x = await startXSim({ guestTimelines: true, now: () => new Date(simNow ?? Date.now()) });
afterAll(() => x.close());
const clock = {
  backdate(ms: number, f: () => void) {
    simNow = ms;
    try {
      f();
    } finally {
      simNow = undefined;
    }
  },
};

const h = usePipeline({
  prefix: 'gsurge',
  app: {
    jobPrefix: 'gs',
    roles: ['worker'],
    settings: {
      network: { allowPrivate: true, timeout: '3s', perHostRps: 1000, concurrency: 4 },
      platforms: { x: { baseUrl: x.url, rescanPages: 0, interactionsPerPoll: 2 } },
      detection: { confirm: { minSpan: '1s', minObservations: 2 }, probes: { enabled: false } },
      capture: { enabled: false },
      archive: { seenFlushEvery: '500ms', archiveMedia: false },
    },
  },
});

/** The world's one target, seeded into the sim, polled once ok, then its story's actions applied. */
async function play(w: GeneratedWorld): Promise<string> {
  const t = w.targets[0]!;
  seedXWorld(x.world, w, clock, Date.now());
  expect((await h.poll(t.handle, `x:${t.handle}`)).state).toBe('ok');
  for (const a of w.actions.filter((a) => a.handle === t.handle && a.action.kind !== 'fault')) applyXAction(x.world, a, clock, Date.now());
  const r = await h.poll(t.handle, `x:${t.handle}`);
  expect(r.unchanged).toBe(false);
  return t.handle;
}

describe('generated worlds through the pipeline', () => {
  for (const seed of [101, 102, 103]) {
    it(`seed ${seed}: a benign surge of real, diverse replies is archived and is not an attack`, async () => {
      const w = generateWorld({ seed, targets: 1, unitMs: 1000, stories: ['benign_surge'] });
      const surge = w.actions.find((a) => a.action.kind === 'surge')!;
      expect(surge.action).toMatchObject({ kind: 'surge', seed: expect.any(Number) });
      const handle = await play(w);
      const replies = (surge.action as { accounts: number }).accounts;
      // The surge was read: an observation lists an interactions blob with every reply.
      expect((await h.observations(handle)).some((o) => o.interactions?.some((i) => i.count >= replies))).toBe(true);
      await h.poll(handle, `x:${handle}`);
      expect(w.truth.filter((t) => t.handle === handle)).toEqual([]);
      expect(await h.eventsFor(handle)).toEqual([]);
    });
  }

  it('the same generator’s attack story does fire attack_suspected (the surge test can tell them apart)', async () => {
    const w = generateWorld({ seed: 104, targets: 1, unitMs: 1000, stories: ['attack_then_takedown'] });
    const handle = await play({ ...w, actions: w.actions.filter((a) => a.action.kind === 'attack') });
    const attack = await h.waitFor(handle, 'attack_suspected');
    // Every farm account is named (two lookalike handles may fold into one at X's 15 characters).
    const farm = (w.actions.find((a) => a.action.kind === 'attack')!.action as { accounts: number }).accounts;
    expect((attack.details?.accounts as string[]).length).toBeGreaterThanOrEqual(farm - 1);
  });
});
