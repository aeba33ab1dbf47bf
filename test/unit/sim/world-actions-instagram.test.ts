// A generated world's Instagram targets on the simulated Instagram's model: seeded with their
// history, an attack is a farm's comments under the newest post (ground truth attack_suspected), a
// surge real accounts' comments, a delete Instagram's one "unavailable" state.
import { describe, expect, it } from 'vitest';
import { IgSimModel } from '../../../src/sim/instagram/index.js';
import { generateWorld, SESSION_WORLD_PLATFORMS, WORLD_PLATFORMS } from '../../../src/sim/generate.js';
import { applyOtherAction, seedOtherWorlds, worldTargetSpec, type WorldSims } from '../../../src/sim/world-actions.js';

describe('world actions on Instagram', () => {
  it('seeds Instagram targets and applies their attacks, surges and deletions', () => {
    // The first seed whose world puts both an attack and a surge on Instagram (platforms are drawn).
    const w = Array.from({ length: 60 }, (_, i) => generateWorld({ seed: i + 1, targets: 24, unitMs: 1000, platforms: [...WORLD_PLATFORMS, ...SESSION_WORLD_PLATFORMS], searchPlatforms: false })).find((x) =>
      ['attack_then_takedown', 'benign_surge'].every((story) => x.targets.some((t) => t.platform === 'instagram' && t.story === story)),
    )!;
    const ig = new IgSimModel();
    // Only the Instagram model is read for Instagram targets.
    const sims = { instagram: ig } as unknown as WorldSims;
    const mine = w.targets.filter((t) => t.platform === 'instagram');
    expect(mine.length).toBeGreaterThan(0);
    seedOtherWorlds(sims, { ...w, targets: mine });
    for (const t of mine) {
      expect(ig.listed(ig.account(t.handle))).toHaveLength(t.history);
      expect(worldTargetSpec(t)).toBe(`instagram:${t.handle}`);
    }
    for (const a of w.actions.filter((x) => mine.some((t) => t.handle === x.handle))) expect(applyOtherAction(sims, w, a)).toBe(true);
    const attacked = mine.find((t) => t.story === 'attack_then_takedown')!;
    const act = w.actions.find((x) => x.handle === attacked.handle && x.action.kind === 'attack')!.action as { accounts: number };
    const newest = ig.listed(ig.account(attacked.handle))[0]!;
    expect(newest.commentList).toHaveLength(act.accounts);
    expect(ig.account(attacked.handle).state).toBe('unavailable');
    expect(ig.truth.filter((x) => x.account === attacked.handle).map((x) => x.type)).toEqual(['attack_suspected', 'account_deleted']);
    const surged = mine.find((t) => t.story === 'benign_surge')!;
    expect(ig.listed(ig.account(surged.handle))[0]!.commentList.length).toBeGreaterThanOrEqual(20);
    expect(ig.truth.some((x) => x.account === surged.handle)).toBe(false);
  });
});
