// The fault worlds of the scenario generator (429s, 5xx, server timeouts, captchas, login walls /
// expired sessions, one-off "suspended" answers) through the real workers, probes included: zero
// false account takedowns, and no confirmed event at all (nothing happened to these accounts).
import { describe, expect, it } from 'vitest';
import { WORLD_FAULTS } from '../../src/sim/generate.js';
import { runDetectionWorld } from '../helpers/detectionWorld.js';

describe('detection under faults', () => {
  it('generated fault worlds: zero false takedowns, no confirmed events', async () => {
    const r = await runDetectionWorld({ seed: 11, targets: 4, unitMs: 1500, stories: ['faults'] });
    const kinds = new Set(r.world.actions.flatMap((a) => (a.action.kind === 'fault' ? [a.action.fault] : [])));
    expect([...kinds].sort()).toEqual([...WORLD_FAULTS].sort());
    // The faults were really served.
    expect(r.stats['429'] ?? 0).toBeGreaterThan(0);
    expect(r.stats.login_wall ?? 0).toBeGreaterThan(0);
    expect(r.figures.false_takedowns_under_faults).toBe(0);
    expect(r.detections).toEqual([]);
  }, 240_000);
});
