// A generated world (generate.ts) on the simulated Telegram, VK, YouTube, Instagram and Facebook: seed the targets that
// live there and apply their timed actions as those simulators' own steps (attacks and surges in a
// post's discussion comments / wall comments / a video's comments, blocks, a YouTube termination,
// search shadow-bans and search-only faults).
// X has its own in x/actions.ts.
import type { GeneratedWorld, TimedAction } from './generate.js';
import type { IgSimModel } from './instagram/index.js';
import type { Sim } from './sim.js';
import type { VkSim } from './vk/index.js';
import type { YtWorld } from './youtube/index.js';
import { applyOtherStory, seedOtherTarget } from './world-other.js';
import type { FbSimModel } from './facebook/index.js';

export interface WorldSims {
  telegram: Sim;
  vk: VkSim;
  youtube: YtWorld;
  /** The simulated Instagram's world (attack stories there need a session: SESSION_WORLD_PLATFORMS). */
  instagram?: IgSimModel;
  /** The simulated Facebook's model, when the world has Facebook targets (read with a session). */
  facebook?: FbSimModel;
}

/** The target spec Vigil watches a world's account by. */
export function worldTargetSpec(t: GeneratedWorld['targets'][number]): string {
  // A VK community watched by its numeric address (rename-proof: generate-other.ts's renames).
  if (t.platform === 'vk' && t.numericId !== undefined) return `vk:club${t.numericId}`;
  return t.platform === 'youtube' ? `youtube:@${t.handle}` : `${t.platform ?? 'x'}:${t.handle}`;
}

/** Channels / communities with `history` posts for the world's Telegram, VK and YouTube targets. */
export function seedOtherWorlds(s: WorldSims, w: GeneratedWorld, startMs = Date.now()): void {
  for (const t of w.targets) {
    // Reach and rename stories (generate-other.ts): views and ages of their own.
    if (seedOtherTarget(s, t, startMs)) continue;
    if (t.platform === 'telegram') {
      s.telegram.world.addChannel({ username: t.handle, title: `Channel ${t.handle}` });
      s.telegram.apply({ type: 'post', channel: t.handle, count: t.history });
    } else if (t.platform === 'vk') {
      s.vk.apply({ type: 'account', name: t.handle, title: `Community ${t.handle}`, followers: t.viewsBase });
      // Distinct texts: the search probe looks a post up by its exact first words.
      for (let i = 0; i < t.history; i++) s.vk.apply({ type: 'post', account: t.handle, text: `Statement ${i + 1} of ${t.handle}: what we saw on day ${i + 1}.` });
    } else if (t.platform === 'youtube') {
      s.youtube.addChannel({ handle: `@${t.handle}`, videos: t.history });
    } else if (t.platform === 'instagram' && s.instagram) {
      s.instagram.addAccount({ username: t.handle, fullName: `Account ${t.handle}`, followers: t.viewsBase });
      s.instagram.post(t.handle, { count: t.history });
    } else if (t.platform === 'facebook' && s.facebook) {
      s.facebook.addPage({ vanity: t.handle, name: `Page ${t.handle}` });
      s.facebook.post(t.handle, { count: t.history });
    }
  }
}

/** Applies one action of a Telegram or VK target; false when the target is not on either. */
export function applyOtherAction(s: WorldSims, w: GeneratedWorld, a: TimedAction): boolean {
  const platform = w.targets.find((t) => t.handle === a.handle)?.platform;
  const act = a.action;
  if (applyOtherStory(s, w, a, Date.now())) return true;
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
      case 'shadow':
        if (act.search !== undefined) s.vk.apply({ type: 'shadow', account, search: act.search });
        return true;
      case 'search_fault':
        s.vk.faults.add({ kind: act.fault === 'captcha' ? 'garbage' : 'rate_limit', channel: account, route: 'search', count: act.count });
        return true;
      default:
        return true;
    }
  }
  // Instagram and Facebook (comments read with a session): attacks, surges and takedowns ("unavailable").
  const logged = platform === 'instagram' ? s.instagram : platform === 'facebook' ? s.facebook : undefined;
  if (logged) {
    if (act.kind === 'attack') logged.attack(a.handle, { count: act.accounts, seed: act.seed ?? 1, lookalikes: act.lookalikes ?? 0, template: act.text, lang: 'ru' });
    else if (act.kind === 'surge') logged.surge(a.handle, { count: act.accounts, seed: act.seed ?? 1, spanSeconds: 600 });
    else if (act.kind === 'delete') logged.makeUnavailable(a.handle);
    return true;
  }
  if (platform === 'youtube') {
    const channel = `@${a.handle}`;
    // The generator gives YouTube targets attacks and surges in the newest video's comments, a
    // termination after an attack, search shadow-bans and search-only faults.
    if (act.kind === 'shadow' && act.search !== undefined) s.youtube.setShadow(channel, act.search);
    else if (act.kind === 'search_fault') s.youtube.addFault({ kind: act.fault === 'captcha' ? 'bot_check' : 'rate_limit', channel, route: 'search', count: act.count });
    else if (act.kind === 'attack') s.youtube.crowd(channel, { kind: 'attack', count: act.accounts, seed: act.seed ?? 1, lookalikes: act.lookalikes ?? 0, template: act.text });
    else if (act.kind === 'surge') s.youtube.crowd(channel, { kind: 'surge', count: act.accounts, seed: act.seed ?? 1, spanMs: 600_000 });
    else if (act.kind === 'suspend') s.youtube.setChannel(channel, { state: 'terminated' });
    return true;
  }
  return false;
}
