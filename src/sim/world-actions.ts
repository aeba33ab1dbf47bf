// A generated world (generate.ts) on the simulated Telegram and VK: seed the targets that live
// there and apply their timed actions as those simulators' own steps (attacks and surges in a
// post's discussion comments / wall comments, blocks). X has its own in x/actions.ts.
import type { GeneratedWorld, TimedAction } from './generate.js';
import type { Sim } from './sim.js';
import type { VkSim } from './vk/index.js';

export interface WorldSims {
  telegram: Sim;
  vk: VkSim;
}

/** Channels / communities with `history` posts for the world's Telegram and VK targets. */
export function seedOtherWorlds(s: WorldSims, w: GeneratedWorld): void {
  for (const t of w.targets) {
    if (t.platform === 'telegram') {
      s.telegram.world.addChannel({ username: t.handle, title: `Channel ${t.handle}` });
      s.telegram.apply({ type: 'post', channel: t.handle, count: t.history });
    } else if (t.platform === 'vk') {
      s.vk.apply({ type: 'account', name: t.handle, title: `Community ${t.handle}`, posts: t.history });
    }
  }
}

/** Applies one action of a Telegram or VK target; false when the target is not on either. */
export function applyOtherAction(s: WorldSims, w: GeneratedWorld, a: TimedAction): boolean {
  const platform = w.targets.find((t) => t.handle === a.handle)?.platform;
  const act = a.action;
  if (platform === 'telegram') {
    const channel = a.handle;
    const num = s.telegram.world.get(channel)?.posts.filter((p) => !p.service).at(-1)?.num;
    switch (act.kind) {
      case 'attack':
        if (num !== undefined) s.telegram.apply({ type: 'attack', channel, num, count: act.accounts, seed: act.seed ?? 1, lookalikes: act.lookalikes ?? 0, lang: 'ru', template: act.text });
        return true;
      case 'surge':
        if (num !== undefined) s.telegram.apply({ type: 'surge', channel, num, count: act.accounts, seed: act.seed ?? 1, spanSeconds: 600 });
        return true;
      case 'block':
        s.telegram.apply({ type: 'block', channel });
        return true;
      default:
        // The generator gives Telegram targets only attacks, surges and blocks.
        return true;
    }
  }
  if (platform === 'vk') {
    const account = a.handle;
    const posts = s.vk.world.mustGet(account).posts.map((p) => p.num);
    const num = posts.length ? Math.max(...posts) : undefined;
    switch (act.kind) {
      case 'attack':
        if (num !== undefined) s.vk.apply({ type: 'attack', account, num, count: act.accounts, seed: act.seed ?? 1, lookalikes: act.lookalikes ?? 0, template: act.text });
        return true;
      case 'surge':
        if (num !== undefined) s.vk.apply({ type: 'surge', account, num, count: act.accounts, seed: act.seed ?? 1, spanSeconds: 600 });
        return true;
      case 'block':
        s.vk.apply({ type: 'block', account });
        return true;
      default:
        return true;
    }
  }
  return false;
}
