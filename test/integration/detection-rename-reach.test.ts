// Renames and reach drops beyond X in a generated world (src/sim/generate-other.ts) through the real
// workers: a Telegram channel renamed (a watched channel forwards it from the new name) and a VK
// community renamed (watched by its numeric address) are account_renamed, never a takedown; the
// Telegram, YouTube and VK accounts whose new posts' views collapse are reach_drop, and the quiet
// accounts whose views vary ±40 % are not.
import { describe, expect, it } from 'vitest';
import { runDetectionWorld } from '../helpers/detectionWorld.js';

const TAKEDOWNS = ['account_deleted', 'account_suspended', 'account_restricted', 'account_geo_blocked', 'account_private'];

describe('renames and reach drops in a generated world', () => {
  it('renamed accounts give account_renamed and no takedown; reach drops fire on Telegram, YouTube and VK, benign variation does not', async () => {
    const r = await runDetectionWorld({ seed: 12, targets: 1, unitMs: 2000, stories: ['quiet'], otherStories: ['rename', 'reach_drop'] });
    const renamed = r.world.targets.filter((t) => t.story === 'rename');
    expect(renamed.map((t) => t.platform).sort()).toEqual(['telegram', 'vk']);
    for (const t of renamed) {
      const mine = r.detections.filter((d) => d.handle === t.handle);
      expect(mine.filter((d) => TAKEDOWNS.includes(d.type))).toEqual([]);
      expect(mine.map((d) => d.type)).toContain('account_renamed');
    }
    expect(r.figures.false_takedowns_under_faults).toBe(0);
    const dropped = r.world.targets.filter((t) => t.story === 'reach_drop');
    expect(dropped.map((t) => t.platform).sort()).toEqual(['telegram', 'vk', 'youtube']);
    expect(new Set(r.detections.filter((d) => d.type === 'reach_drop').map((d) => d.handle))).toEqual(new Set(dropped.map((t) => t.handle)));
    expect(r.figures.types.account_renamed).toMatchObject({ precision: 1, recall: 1 });
    expect(r.figures.types.reach_drop).toMatchObject({ precision: 1, recall: 1 });
  }, 300_000);
});
