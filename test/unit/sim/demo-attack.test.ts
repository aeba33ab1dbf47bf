// The demo's bot-farm attack on the simulated Telegram: a benign surge of real comments on an
// outlet's post, then a farm (name+digits handles, no avatars, near-duplicate texts in one go,
// two impersonators) under the attacked channel's newest post; ground truth only when a detector
// is configured. Timers are faked: the play is a schedule of simulator steps.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createSim, type Sim } from '../../../src/sim/index.js';
import { ATTACKED, ATTACK_AT_MS, playDemoAttack } from '../../../src/app/demo-attack.js';

let sim: Sim;
beforeEach(() => {
  vi.useFakeTimers();
  sim = createSim();
  for (const username of [ATTACKED, 'free_news_sim']) {
    sim.world.addChannel({ username, title: username });
    sim.apply({ type: 'post', channel: username, count: 3 });
  }
});
afterEach(() => vi.useRealTimers());

const commentsOf = (channel: string) => sim.world.get(channel)!.posts.at(-1)!.comments ?? [];

describe('demo attack', () => {
  it('a benign surge first, then the farm under the newest post of the attacked channel, recorded as truth', () => {
    const play = playDemoAttack(sim, true);
    vi.advanceTimersByTime(ATTACK_AT_MS - 1);
    expect(commentsOf(ATTACKED)).toEqual([]);
    const surge = commentsOf('free_news_sim');
    expect(surge.length).toBeGreaterThanOrEqual(5);
    expect(surge.every((c) => c.avatar)).toBe(true);
    expect(new Set(surge.map((c) => c.text)).size).toBe(surge.length);
    expect(play.truth()).toEqual([]);

    vi.advanceTimersByTime(1);
    const farm = commentsOf(ATTACKED);
    const bots = farm.filter((c) => !c.avatar);
    expect(bots.length).toBeGreaterThanOrEqual(10);
    expect(bots.every((c) => /^[a-z]+\d{4,}$/.test(c.username ?? ''))).toBe(true);
    expect(new Set(bots.map((c) => c.date)).size).toBe(1); // synchronized
    expect(bots.every((c) => /жалуйтесь все/i.test(c.text))).toBe(true);
    expect(farm.filter((c) => c.username?.includes('gomel_activ')).length).toBe(2); // impersonators
    expect(play.truth()).toEqual([{ type: 'attack_suspected', channel: ATTACKED, at: expect.any(String) }]);
  });

  it('no detector configured: the comments are played, no attack is ground truth; stop() cancels the rest', () => {
    const play = playDemoAttack(sim, false);
    vi.advanceTimersByTime(ATTACK_AT_MS);
    expect(commentsOf(ATTACKED).length).toBeGreaterThan(0);
    expect(play.truth()).toEqual([]);

    const other = createSim();
    other.world.addChannel({ username: ATTACKED, title: 'x' });
    other.apply({ type: 'post', channel: ATTACKED });
    const stopped = playDemoAttack(other, true);
    stopped.stop();
    vi.advanceTimersByTime(ATTACK_AT_MS * 2);
    expect(other.world.get(ATTACKED)!.posts.at(-1)!.comments ?? []).toEqual([]);
    expect(stopped.truth()).toEqual([]);
  });
});
