// Search shadow-bans on the other probed platforms for generated worlds (src/sim/generate.ts): per
// platform one account whose search ban comes and goes (on, off, on again) and one quiet account
// whose searches now and then answer a 429 or a captcha (no verdict, never a ban), so the
// detection bench scores `shadowban_search` on YouTube and VK too. Drawn from its own random
// stream: the X accounts of a seed stay what they were. Pure.
import { rng } from './text.js';

/** Platforms whose search the bench can toggle besides X (their simulators run beside X's). */
export const SEARCH_PROBE_PLATFORMS = ['youtube', 'vk'] as const;
export type SearchProbePlatform = (typeof SEARCH_PROBE_PLATFORMS)[number];

/** Faults only a platform's search answers (its listing stays clean). */
export const SEARCH_FAULTS = ['rate_limit', 'captcha'] as const;
export type SearchFault = (typeof SEARCH_FAULTS)[number];

/** The parts of a generated world this adds to (src/sim/generate.ts GeneratedWorld; no import back). */
interface WorldParts {
  seed: number;
  unitMs: number;
  targets: { handle: string; story: 'shadowban_cycle' | 'quiet' | string; history: number; viewsBase: number; platform?: string }[];
  actions: { at: number; handle: string; action: { kind: 'shadow'; search: boolean } | { kind: 'search_fault'; fault: SearchFault; count: number } | { kind: string } }[];
  truth: { type: string; handle: string; start: number; end?: number }[];
}

export function addSearchBanWorlds(w: WorldParts): void {
  const r = rng(w.seed * 104_729 + 31);
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const at = (units: number): number => Math.round(units * w.unitMs);
  for (const platform of SEARCH_PROBE_PLATFORMS) {
    const tag = platform === 'youtube' ? 'y' : 'v';
    const banned = `vg${w.seed % 1000}${tag}s`;
    const quiet = `vg${w.seed % 1000}${tag}q`;
    w.targets.push({ handle: banned, story: 'shadowban_cycle', history: int(6, 10), viewsBase: int(5, 50) * 100, platform });
    w.targets.push({ handle: quiet, story: 'quiet', history: int(6, 10), viewsBase: int(5, 50) * 100, platform });
    const a = 4 + r() * 4;
    // Both spans end inside the world (WORLD_UNITS = 34): at most 8 + 10 + 13 units.
    const spans: [number, number][] = [[a, a + int(8, 10)]];
    spans.push([spans[0]![1] + int(3, 4), spans[0]![1] + int(12, 13)]);
    for (const [s, e] of spans) {
      w.actions.push({ at: at(s), handle: banned, action: { kind: 'shadow', search: true } }, { at: at(e), handle: banned, action: { kind: 'shadow', search: false } });
      w.truth.push({ type: 'shadowban_search', handle: banned, start: at(s), end: at(e) });
    }
    for (let k = 0; k < 3; k++) {
      const fault = SEARCH_FAULTS[Math.floor(r() * SEARCH_FAULTS.length)]!;
      w.actions.push({ at: at(2 + k * 8 + r() * 3), handle: quiet, action: { kind: 'search_fault', fault, count: int(2, 8) } });
    }
  }
  w.actions.sort((x, y) => x.at - y.at);
}
