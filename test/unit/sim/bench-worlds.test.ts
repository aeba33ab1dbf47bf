import { describe, expect, it } from 'vitest';
import { BENCH_WORLDS } from '../../../src/sim/bench-worlds.js';
import { PLATFORMS } from '../../../src/scrapers/registry.js';

describe('bench worlds (npm run bench -- platforms)', () => {
  it('every registered platform has one, and none is for an unknown platform', () => {
    expect(Object.keys(BENCH_WORLDS).sort()).toEqual([...PLATFORMS].sort());
  });
});
