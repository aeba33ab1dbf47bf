// The poll's quiet-outcome signals: a probe round through fewer vantages than minVantages says on
// the candidate that it cannot confirm; a round is always archived; a reach verdict only when it bears.
import { describe, expect, it } from 'vitest';
import { SettingsSchema } from '../../../src/config/schema.js';
import { emptyState } from '../../../src/detect/state.js';
import { suggestionVerdict } from '../../../src/detect/shadow.js';
import { quietSignals } from '../../../src/workers/quiet-signals.js';
import type { Observation } from '../../../src/scrapers/types.js';

const cfg = SettingsSchema.parse({}).detection.probes;
const obs: Observation = { platform: 'x', listingModel: 'range', target: 'a', url: 'u', state: 'ok', posts: [], reachedStart: false };
const at = '2026-01-01T00:00:00.000Z';

describe('quietSignals', () => {
  it('one vantage: the positive signal carries cannotConfirm; two: it does not', () => {
    const one = quietSignals(emptyState(), cfg, { outcomes: [suggestionVerdict('default', { state: 'ok', found: false })], pages: [], vantages: 1 }, undefined, obs, at);
    expect(one.archive).toBe(true);
    expect(one.signals[0]!.details?.cannotConfirm).toMatch(/1 vantage.*minVantages is 2/);
    const two = quietSignals(emptyState(), cfg, { outcomes: [suggestionVerdict('default', { state: 'ok', found: false }), suggestionVerdict('FR', { state: 'ok', found: false })], pages: [], vantages: 2 }, undefined, obs, at);
    expect(two.signals[0]!.details?.cannotConfirm).toBeUndefined();
    expect(two.signals[0]!.vantages).toEqual(['default', 'FR']);
  });

  it('no probe round and nothing judged: nothing to archive', () => {
    const r = quietSignals(emptyState(), cfg, undefined, { next: { b: {}, j: {} }, judged: [] }, obs, at);
    expect(r).toEqual({ signals: [], archive: false });
  });
});
