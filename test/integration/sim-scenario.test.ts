// config/scenarios/demo.yaml loads, seeds paging-sized channels, and its ground truth lists the
// takedowns only (the 429 burst and 503 spell are faults, not events).
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startSim, type StartedSim } from '../helpers/startSim.js';
import { parseScenario } from '../../src/sim/index.js';
import { isVigilError } from '../../src/errors.js';

const demo = fileURLToPath(new URL('../../config/scenarios/demo.yaml', import.meta.url));
let s: StartedSim;
beforeAll(async () => {
  s = await startSim({ scenario: demo });
});
afterAll(async () => s?.close());

it('demo scenario: history deep enough to page, truth = takedowns only', async () => {
  expect(s.sim.world.channels().filter((c) => c.posts.length > 60).length).toBeGreaterThanOrEqual(2);
  expect(s.sim.runner.scenario.steps.at(-1)!.at).toBeLessThanOrEqual(180_000);
  s.sim.advance(35_000); // through the 429 burst
  expect(s.sim.truth).toHaveLength(0);
  const r = await fetch(`${s.url}/s/vesna_hr_sim`);
  expect(r.status).toBe(429);
  const applied = await (await fetch(`${s.url}/__sim/advance`, { method: 'POST', body: JSON.stringify({ all: true }) })).json();
  expect(applied).toEqual({ applied: 9 });
  const types = s.sim.truth.map((t) => t.type);
  expect(types.filter((t) => t === 'post_deleted')).toHaveLength(5);
  expect(new Set(types)).toEqual(new Set(['post_edited', 'post_deleted', 'account_restricted', 'account_renamed']));
  const state = (await (await fetch(`${s.url}/__sim/state`)).json()) as { channels: Array<{ username: string; state: string }> };
  expect(state.channels.find((c) => c.username === 'gomel_activist_sim')?.state).toBe('restricted');
  expect(state.channels.some((c) => c.username === 'zerkalo_io_sim')).toBe(true);
});

it('a bad scenario is a VGL_CONFIG_INVALID naming the path', () => {
  let err: unknown;
  try {
    parseScenario({ channels: [{ username: 'x', title: 'T' }], steps: [{ at: 'soon', type: 'post', channel: 'x' }] }, 'bad.yaml');
  } catch (e) {
    err = e;
  }
  expect(isVigilError(err, 'VGL_CONFIG_INVALID')).toBe(true);
  expect((err as Error).message).toMatch(/bad\.yaml: channels\.0\.username/);
});
