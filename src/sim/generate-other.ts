// Reach drops and renames beyond X for generated worlds (src/sim/generate.ts), so the detection
// bench scores `reach_drop` on Telegram, YouTube and VK and `account_renamed` where Vigil can see a
// rename. Drawn from its own random stream: the accounts a seed gave before stay what they were. Pure.
//
// reach_drop: per platform one account whose new posts' views fall to 3–8 % of its usual ones (its
// earlier posts vary ±20 % around them), and one quiet account whose views vary ±40 % and whose
// new posts are as usual: a benign variation that must never fire. Every account's history is 12–16
// posts published 34–52 minutes before the start (the bench compares views at the 30 min age; the
// YouTube tab prints an exact-to-the-minute age only under an hour), the new posts 31–33 minutes old
// when they appear, so they are judged at once.
//
// rename: a Telegram channel takes a new username while another watched channel forwards one of its
// posts from the new name (how a web-only watcher learns where it went; without such a forward
// Vigil reports `account_deleted`, the documented limit); a VK community watched by its numeric
// address (`vk:club<n>`, which survives renames) changes its screen name. YouTube and X are left
// out: their simulators have no renames (X answers a renamed handle as a free one).
import { hashSeed, rng } from './text.js';

/** Stories this adds (besides the ones generate.ts draws over X). */
export const OTHER_STORIES = ['reach_drop', 'rename'] as const;
export type OtherStory = (typeof OTHER_STORIES)[number];

export const REACH_PLATFORMS = ['telegram', 'youtube', 'vk'] as const;
export const RENAME_PLATFORMS = ['telegram', 'vk'] as const;

/** Views of an account's history posts: one typical value ± `spread` (a fraction), per post. */
export interface ViewsPlan {
  base: number;
  spread: number;
  /** Minutes before the world's start of its oldest and newest history post. */
  oldestMin: number;
  newestMin: number;
}

/** The parts of a generated world this adds to (generate.ts GeneratedWorld; no import back). */
interface WorldParts {
  seed: number;
  unitMs: number;
  targets: { handle: string; story: string; history: number; viewsBase: number; platform?: string; views?: ViewsPlan; numericId?: number }[];
  actions: { at: number; handle: string; action: { kind: 'reach'; reach: number; posts: number } | { kind: 'rename'; to: string; forwardedBy?: string } | { kind: string } }[];
  truth: { type: string; handle: string; start: number }[];
}

export function addOtherPlatformStories(w: WorldParts, stories: readonly OtherStory[] = OTHER_STORIES): void {
  const r = rng(w.seed * 130_363 + 7);
  const int = (lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
  const at = (units: number): number => Math.round(units * w.unitMs);
  const tag = `vg${w.seed % 1000}`;
  const views = (spread: number): { viewsBase: number; views: ViewsPlan } => {
    const base = int(5, 50) * 100;
    return { viewsBase: base, views: { base, spread, oldestMin: 52, newestMin: 34 } };
  };
  if (stories.includes('reach_drop')) {
    for (const platform of REACH_PLATFORMS) {
      const p = platform[0];
      const dropped = `${tag}r${p}`;
      const quiet = `${tag}q${p}`;
      w.targets.push({ handle: dropped, story: 'reach_drop', history: int(12, 16), platform, ...views(0.2) });
      w.targets.push({ handle: quiet, story: 'quiet', history: int(12, 16), platform, ...views(0.4) });
      const a = 4 + r() * 4;
      w.actions.push({ at: at(a), handle: dropped, action: { kind: 'reach', reach: 0.03 + r() * 0.05, posts: 3 } });
      w.truth.push({ type: 'reach_drop', handle: dropped, start: at(a) });
      // The quiet account posts as usual about then: new posts judged against its own baseline.
      w.actions.push({ at: at(4 + r() * 4), handle: quiet, action: { kind: 'reach', reach: 1, posts: 3 } });
    }
  }
  if (stories.includes('rename')) {
    const tg = `${tag}nt`;
    const forwarder = `${tag}nf`;
    w.targets.push({ handle: tg, story: 'rename', history: int(6, 10), viewsBase: int(5, 50) * 100, platform: 'telegram' });
    w.targets.push({ handle: forwarder, story: 'quiet', history: int(6, 10), viewsBase: int(5, 50) * 100, platform: 'telegram' });
    const a = 4 + r() * 4;
    w.actions.push({ at: at(a), handle: tg, action: { kind: 'rename', to: `${tg}x`, forwardedBy: forwarder } });
    w.truth.push({ type: 'account_renamed', handle: tg, start: at(a) });
    const vk = `${tag}nv`;
    w.targets.push({ handle: vk, story: 'rename', history: int(6, 10), viewsBase: int(5, 50) * 100, platform: 'vk', numericId: 300_000_000 + (w.seed % 1000) * 10 + 1 });
    const b = 4 + r() * 4;
    w.actions.push({ at: at(b), handle: vk, action: { kind: 'rename', to: `${vk}x` } });
    w.truth.push({ type: 'account_renamed', handle: vk, start: at(b) });
  }
  w.actions.sort((x, y) => x.at - y.at);
}

/** Views of history post `i` of an account (deterministic, within ±spread of the base). */
export function historyViews(v: ViewsPlan, handle: string, i: number): number {
  const u = rng(hashSeed(`${handle}/${i}`))();
  return Math.max(1, Math.round(v.base * (1 - v.spread + 2 * v.spread * u)));
}

/** Publication time (ms) of history post `i` of `n`, oldest first, given the world's start. */
export function historyAt(v: ViewsPlan, n: number, i: number, startMs: number): number {
  const step = n > 1 ? (v.oldestMin - v.newestMin) / (n - 1) : 0;
  return startMs - Math.round((v.oldestMin - i * step) * 60_000);
}
