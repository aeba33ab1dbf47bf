// Steady-state scenario for benchmarks: N channels with a short history and no steps.
import type { ScenarioDef } from './scenario.js';

export function benchScenario(channels: number, postsPerChannel = 25): ScenarioDef {
  return {
    name: `bench-${channels}`,
    channels: Array.from({ length: channels }, (_, i) => ({
      username: `bench_ch_${String(i).padStart(5, '0')}`,
      title: `Bench channel ${i}`,
      description: 'Steady-state channel for throughput benchmarks.',
      subscribers: 1000 + i,
      history: { count: postsPerChannel, days: 10, lang: i % 2 ? ('en' as const) : ('ru' as const) },
    })),
    steps: [],
  };
}
