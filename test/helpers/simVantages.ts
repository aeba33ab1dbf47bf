// Two probe vantages for tests and benches against a simulator (no vitest import: the detection
// bench runs this outside vitest): this worker (its own country) and one abroad, by the
// simulators' `x-sim-vantage` header.
import type { StartOptions } from '../../src/app/start.js';

export const simVantageVias: NonNullable<StartOptions['probeVias']> = (own, vantage) => [
  { name: vantage, fetcher: own },
  { name: 'FR', fetcher: { fetch: (step, opts) => own.fetch({ ...step, headers: { ...step.headers, 'x-sim-vantage': 'FR' } }, opts) } },
];
