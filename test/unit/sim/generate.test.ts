// The scenario generator: deterministic per seed, every story when there are enough targets,
// ground truth inside the world's time; the scorer's matching rules.
import { describe, expect, it } from 'vitest';
import { generateWorld, SESSION_WORLD_PLATFORMS, STORIES, WORLD_PLATFORMS } from '../../../src/sim/generate.js';
import { historyAt, historyViews } from '../../../src/sim/generate-other.js';
import { worldTargetSpec } from '../../../src/sim/world-actions.js';
import { score, type Detection } from '../../helpers/detectionWorld.js';

describe('generateWorld', () => {
  it('is deterministic per seed and differs between seeds', () => {
    const a = generateWorld({ seed: 5, targets: 14, unitMs: 1000 });
    expect(generateWorld({ seed: 5, targets: 14, unitMs: 1000 })).toEqual(a);
    expect(generateWorld({ seed: 6, targets: 14, unitMs: 1000 })).not.toEqual(a);
  });

  it('tells every story once there are enough targets, with truth and actions inside the world', () => {
    const w = generateWorld({ seed: 2, targets: STORIES.length, unitMs: 1000 });
    // Full worlds add the other platforms' renames (generate-other.ts) to the stories drawn over X.
    expect(new Set(w.targets.map((t) => t.story))).toEqual(new Set([...STORIES, 'rename']));
    for (const t of w.truth) {
      expect(t.start).toBeGreaterThan(0);
      expect(t.end ?? t.start).toBeLessThan(w.durationMs);
    }
    for (const a of w.actions) expect(a.at).toBeLessThan(w.durationMs);
    // Faults and surges carry no truth; attacks come before their takedown.
    const attack = w.targets.find((t) => t.story === 'attack_then_takedown')!;
    const [first, second] = w.truth.filter((t) => t.handle === attack.handle);
    expect(first!.type).toBe('attack_suspected');
    expect(['account_deleted', 'account_suspended']).toContain(second!.type);
    expect(second!.start).toBeGreaterThan(first!.start);
    for (const story of ['faults', 'benign_surge', 'quiet'] as const) {
      const t = w.targets.find((x) => x.story === story)!;
      expect(w.truth.filter((x) => x.handle === t.handle)).toEqual([]);
    }
  });

  it('a campaign: two targets hit by the same farm, a campaign naming both, and a shadow-ban that followed the second attack', () => {
    const w = generateWorld({ seed: 4, targets: 1, unitMs: 1000, stories: ['campaign'] });
    expect(w.targets.map((t) => t.story)).toEqual(['campaign', 'campaign']);
    const [a, b] = w.targets.map((t) => t.handle);
    const attacks = w.actions.filter((x) => x.action.kind === 'attack');
    expect(attacks.map((x) => x.handle)).toEqual([a, b]);
    expect((attacks[0]!.action as { seed?: number }).seed).toBe((attacks[1]!.action as { seed?: number }).seed);
    const camp = w.truth.find((t) => t.type === 'campaign')!;
    expect(camp.members).toEqual([a, b].sort());
    const sb = w.truth.find((t) => t.type.startsWith('shadowban_'))!;
    expect(sb.handle).toBe(b);
    expect(sb.attack).toBe(w.truth.find((t) => t.type === 'attack_suspected' && t.handle === b)!.start);
  });

  it('attack stories are drawn over X, Telegram, VK and YouTube; a blocked Telegram/VK account is account_restricted, a YouTube channel terminated; the rest stay on X', () => {
    // Without the YouTube/VK search-ban accounts (their own test below): the attack stories only.
    const w = generateWorld({ seed: 9, targets: 60, unitMs: 1000, platforms: WORLD_PLATFORMS, searchPlatforms: false, otherStories: [] });
    const on = (story: string) => new Set(w.targets.filter((t) => t.story === story).map((t) => t.platform ?? 'x'));
    expect(new Set([...on('attack_then_takedown'), ...on('benign_surge'), ...on('campaign')])).toEqual(new Set(WORLD_PLATFORMS));
    expect(on('attack_then_takedown').size).toBeGreaterThan(1);
    for (const story of ['shadowban_cycle', 'reach_drop', 'faults', 'geo_block', 'takedown'] as const) expect(on(story)).toEqual(new Set(['x']));
    for (const t of w.targets.filter((x) => x.story === 'attack_then_takedown' && x.platform)) {
      const yt = t.platform === 'youtube';
      expect(w.truth.filter((x) => x.handle === t.handle).map((x) => x.type)).toEqual(['attack_suspected', yt ? 'account_suspended' : 'account_restricted']);
      expect(w.actions.filter((x) => x.handle === t.handle).map((x) => x.action.kind)).toEqual(['attack', yt ? 'suspend' : 'block']);
    }
    // Without `platforms`, everything is on X (the fault-world test's worlds).
    expect(generateWorld({ seed: 9, targets: 60, unitMs: 1000, searchPlatforms: false, otherStories: [] }).targets.every((t) => t.platform === undefined)).toBe(true);
  });

  it('with a session platform listed, attack stories fall on Instagram too; an attacked Instagram account is account_deleted (its one "unavailable" page)', () => {
    // Over a few seeds (which platform a story falls on is drawn): every kind of story lands there.
    const worlds = Array.from({ length: 12 }, (_, i) => generateWorld({ seed: i + 1, targets: 60, unitMs: 1000, platforms: [...WORLD_PLATFORMS, ...SESSION_WORLD_PLATFORMS], searchPlatforms: false }));
    expect(new Set(worlds.flatMap((w) => w.targets.filter((t) => t.platform === 'instagram').map((t) => t.story)))).toEqual(new Set(['attack_then_takedown', 'benign_surge', 'campaign']));
    for (const w of worlds) {
      for (const t of w.targets.filter((x) => x.platform === 'instagram' && x.story === 'attack_then_takedown')) {
        expect(w.truth.filter((x) => x.handle === t.handle).map((x) => x.type)).toEqual(['attack_suspected', 'account_deleted']);
        expect(w.actions.filter((x) => x.handle === t.handle).map((x) => x.action.kind)).toEqual(['attack', 'delete']);
      }
    }
    // Without it listed (no session configured), nothing lands on Instagram.
    expect(generateWorld({ seed: 5, targets: 60, unitMs: 1000, platforms: WORLD_PLATFORMS, searchPlatforms: false }).targets.some((t) => t.platform === 'instagram')).toBe(false);
  });

  it('with a session configured, attack stories fall on Facebook too; a Facebook takedown is the unavailable Page (account_deleted)', () => {
    const worlds = Array.from({ length: 12 }, (_, i) => generateWorld({ seed: i + 1, targets: 80, unitMs: 1000, platforms: [...WORLD_PLATFORMS, ...SESSION_WORLD_PLATFORMS], searchPlatforms: false }));
    const fb = worlds.flatMap((w) => w.targets.filter((t) => t.platform === 'facebook'));
    expect(new Set(fb.map((t) => t.story))).toEqual(new Set(['attack_then_takedown', 'benign_surge', 'campaign']));
    for (const w of worlds) {
      for (const t of w.targets.filter((x) => x.platform === 'facebook' && x.story === 'attack_then_takedown')) {
        expect(w.truth.filter((x) => x.handle === t.handle).map((x) => x.type)).toEqual(['attack_suspected', 'account_deleted']);
        expect(w.actions.filter((x) => x.handle === t.handle).map((x) => x.action.kind)).toEqual(['attack', 'delete']);
      }
    }
    // Facebook Page names are 5-50 of [a-z0-9.]: the generated handles fit.
    for (const t of fb) expect(t.handle).toMatch(/^[a-z0-9][a-z0-9.]{3,48}[a-z0-9]$/);
  });

  it('shadow-bans come and go: two spans per banned kind', () => {
    const w = generateWorld({ seed: 3, targets: 30, unitMs: 1000, stories: ['shadowban_cycle'] });
    const t = w.targets[0]!;
    const spans = w.truth.filter((x) => x.handle === t.handle);
    const kinds = new Set(spans.map((s) => s.type));
    expect(spans.length).toBe(kinds.size * 2);
    for (const s of spans) expect(s.end).toBeGreaterThan(s.start);
  });
});

describe('search shadow-bans on YouTube and VK', () => {
  it('full worlds add, per platform, an account whose search ban comes and goes and a quiet one with failing searches', () => {
    const w = generateWorld({ seed: 4, targets: STORIES.length, unitMs: 1000, otherStories: [] });
    expect(generateWorld({ seed: 4, targets: STORIES.length, unitMs: 1000, otherStories: [] })).toEqual(w);
    for (const platform of ['youtube', 'vk'] as const) {
      const mine = w.targets.filter((t) => t.platform === platform);
      expect(mine.map((t) => t.story).sort()).toEqual(['quiet', 'shadowban_cycle']);
      const banned = mine.find((t) => t.story === 'shadowban_cycle')!;
      const spans = w.truth.filter((t) => t.handle === banned.handle);
      expect(spans.map((t) => t.type)).toEqual(['shadowban_search', 'shadowban_search']);
      expect(spans[1]!.start).toBeGreaterThan(spans[0]!.end!);
      for (const t of spans) expect(t.end!).toBeLessThan(w.durationMs);
      const quiet = mine.find((t) => t.story === 'quiet')!;
      expect(w.truth.filter((t) => t.handle === quiet.handle)).toEqual([]);
      expect(w.actions.filter((a) => a.handle === quiet.handle).every((a) => a.action.kind === 'search_fault')).toBe(true);
    }
    // The X accounts are those the seed drew without them.
    const x = generateWorld({ seed: 4, targets: STORIES.length, unitMs: 1000, searchPlatforms: false, otherStories: [] });
    expect(w.targets.filter((t) => !t.platform)).toEqual(x.targets);
    // Fault worlds (a story list) stay X-only.
    expect(generateWorld({ seed: 4, targets: 3, unitMs: 1000, stories: ['faults'] }).targets.some((t) => t.platform)).toBe(false);
  });
});

describe('score', () => {
  const w = generateWorld({ seed: 1, targets: 1, unitMs: 1000, stories: ['restoration'] });
  const h = w.targets[0]!.handle;
  const [susp, back] = w.truth;
  const det = (type: string, at: number, extra: Partial<Detection> = {}): Detection => ({ type, handle: h, detectedAt: at, confirmedAt: at + 2000, ...extra });

  it('matches by account and time; an unmatched takedown is a false takedown', () => {
    const f = score(w, 0, [det('account_suspended', susp!.start + 500), det('account_restored', back!.start + 100), det('account_deleted', 100)], new Map());
    expect(f.types.account_suspended).toEqual({ precision: 1, recall: 1, p50_s: 2.5, p95_s: 2.5 });
    expect(f.types.account_restored!.recall).toBe(1);
    expect(f.types.account_deleted).toEqual({ precision: 0, recall: null, p50_s: null, p95_s: null });
    expect(f.false_takedowns_under_faults).toBe(1);
  });

  it('links: right only when the takedown names the attack matched to the one it followed; campaigns by members', () => {
    const wa = generateWorld({ seed: 7, targets: 1, unitMs: 1000, stories: ['attack_then_takedown'] });
    const ha = wa.targets[0]!.handle;
    const [atk, down] = wa.truth;
    const d = (type: string, at: number, extra: Partial<Detection> = {}): Detection => ({ type, handle: ha, detectedAt: at, confirmedAt: at + 1000, ...extra });
    const right = score(wa, 0, [d('attack_suspected', atk!.start, { id: 'A1' }), d(down!.type, down!.start + 10, { linkedTo: 'A1' })], new Map());
    expect(right.types.link_consistent_with).toEqual({ precision: 1, recall: 1, p50_s: 1, p95_s: 1 });
    const wrong = score(wa, 0, [d('attack_suspected', atk!.start, { id: 'A1' }), d(down!.type, down!.start + 10, { linkedTo: 'B2' })], new Map());
    expect(wrong.types.link_consistent_with).toMatchObject({ precision: 0, recall: 0 });
    const none = score(wa, 0, [d('attack_suspected', atk!.start, { id: 'A1' }), d(down!.type, down!.start + 10)], new Map());
    expect(none.types.link_consistent_with).toMatchObject({ precision: null, recall: 0 });
    // A takedown without an attack that carries a link is a false link.
    const unlinked = score(w, 0, [det('account_suspended', susp!.start + 10, { linkedTo: 'A9' })], new Map());
    expect(unlinked.types.link_consistent_with).toMatchObject({ precision: 0, recall: null });

    const wc = generateWorld({ seed: 8, targets: 1, unitMs: 1000, stories: ['campaign'] });
    const camp = wc.truth.find((t) => t.type === 'campaign')!;
    const c = (members: string[]): Detection => ({ type: 'campaign', handle: members[0]!, detectedAt: camp.start + 5, confirmedAt: camp.start + 5, members });
    expect(score(wc, 0, [c([...camp.members!].reverse())], new Map()).types.campaign).toMatchObject({ precision: 1, recall: 1 });
    expect(score(wc, 0, [c([camp.members![0]!, 'someone'])], new Map()).types.campaign).toMatchObject({ precision: 0, recall: 0 });
  });

  it('a detection long before the event or on another account does not count', () => {
    const f = score(w, 0, [det('account_suspended', susp!.start - 5000), det('account_suspended', susp!.start + 10, { handle: 'other' })], new Map());
    expect(f.types.account_suspended!.recall).toBe(0);
    expect(f.false_takedowns_under_faults).toBe(2);
  });
});

describe('reach drops and renames beyond X (generate-other.ts)', () => {
  const unitMs = 4000;
  const w = generateWorld({ seed: 5, targets: STORIES.length, unitMs });
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

  it('a reach_drop on Telegram, YouTube and VK, each beside a quiet account whose views vary ±40 %', () => {
    for (const platform of ['telegram', 'youtube', 'vk'] as const) {
      const dropped = w.targets.find((t) => t.platform === platform && t.story === 'reach_drop')!;
      const quiet = w.targets.find((t) => t.platform === platform && t.story === 'quiet' && t.views)!;
      expect(w.truth.filter((t) => t.handle === dropped.handle).map((t) => t.type)).toEqual(['reach_drop']);
      expect(w.truth.filter((t) => t.handle === quiet.handle)).toEqual([]);
      const base = (t: typeof dropped) => Array.from({ length: t.history }, (_, i) => historyViews(t.views!, t.handle, i));
      // The dropped account's baseline is at least 8 posts (the bench's minBaseline); its new posts fall far below it.
      expect(dropped.history).toBeGreaterThanOrEqual(12);
      const drop = w.actions.find((a) => a.handle === dropped.handle)!.action as { kind: string; reach: number; posts: number };
      expect(drop.kind).toBe('reach');
      expect(drop.posts).toBe(3);
      for (let k = 0; k < drop.posts; k++) expect(historyViews(dropped.views!, dropped.handle, dropped.history + k) * drop.reach).toBeLessThan(0.1 * median(base(dropped)));
      // The quiet account: a real spread (benign), new posts as usual.
      const qv = base(quiet);
      expect(Math.max(...qv) / Math.min(...qv)).toBeGreaterThan(1.5);
      for (const v of qv) expect(Math.abs(v / quiet.viewsBase - 1)).toBeLessThanOrEqual(0.4 + 1e-9);
      expect(w.actions.filter((a) => a.handle === quiet.handle).map((a) => a.action)).toEqual([{ kind: 'reach', reach: 1, posts: 3 }]);
      // Every history post is over 30 min old at the start and, on YouTube, under an hour at the world's end.
      const start = 10_000_000;
      for (const t of [dropped, quiet]) {
        expect(start - historyAt(t.views!, t.history, t.history - 1, start)).toBeGreaterThan(30 * 60_000);
        expect(start - historyAt(t.views!, t.history, 0, start) + w.durationMs + 3 * unitMs).toBeLessThan(60 * 60_000);
      }
    }
  });

  it('renames: a Telegram channel forwarded from its new name by a watched channel, a VK community watched by its numeric address; never a takedown', () => {
    const tg = w.targets.find((t) => t.platform === 'telegram' && t.story === 'rename')!;
    const vk = w.targets.find((t) => t.platform === 'vk' && t.story === 'rename')!;
    for (const t of [tg, vk]) {
      expect(w.truth.filter((x) => x.handle === t.handle).map((x) => x.type)).toEqual(['account_renamed']);
      const a = w.actions.find((x) => x.handle === t.handle)!;
      expect(a.action).toMatchObject({ kind: 'rename', to: `${t.handle}x` });
      expect(a.at).toBe(w.truth.find((x) => x.handle === t.handle)!.start);
    }
    const fwd = (w.actions.find((x) => x.handle === tg.handle)!.action as { forwardedBy?: string }).forwardedBy!;
    expect(w.targets.find((t) => t.handle === fwd)).toMatchObject({ platform: 'telegram', story: 'quiet' });
    expect(worldTargetSpec(vk)).toBe(`vk:club${vk.numericId}`);
    expect(worldTargetSpec(tg)).toBe(`telegram:${tg.handle}`);
    // The X accounts are those the seed drew without them; story lists (fault worlds) get none.
    expect(w.targets.filter((t) => !t.platform)).toEqual(generateWorld({ seed: 5, targets: STORIES.length, unitMs, otherStories: [] }).targets.filter((t) => !t.platform));
    expect(generateWorld({ seed: 5, targets: 3, unitMs, stories: ['faults'] }).targets.some((t) => t.story === 'rename' || t.views)).toBe(false);
    expect(generateWorld({ seed: 5, targets: 1, unitMs, stories: ['quiet'], otherStories: ['rename'] }).targets.map((t) => t.story).sort()).toEqual(['quiet', 'quiet', 'rename', 'rename']);
  });
});
