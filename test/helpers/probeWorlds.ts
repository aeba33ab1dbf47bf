// The YouTube and VK accounts of a generated world (src/sim/generate-probes.ts) on their
// simulators, beside X's in runDetectionWorld: seeds them, applies their timed actions (search
// shadow-bans on and off, search-only faults) and names their target specs. Worlds without such
// accounts start nothing.
import type { GeneratedWorld, TimedAction } from '../../src/sim/generate.js';
import { startYouTubeSim, type YouTubeSim } from '../../src/sim/youtube/index.js';
import { startVkSim, type VkSimServer } from '../../src/sim/vk/index.js';

export interface ProbeSims {
  /** `platforms.<name>` settings pointing at the started simulators. */
  platforms: Record<string, Record<string, unknown>>;
  /** The spec of a target that lives on one of them, else undefined (an X account). */
  specOf(t: GeneratedWorld['targets'][number]): string | undefined;
  /** Applies an action of one of their accounts; false when the account is not theirs. */
  apply(a: TimedAction): boolean;
  close(): Promise<void>;
}

export async function startProbeSims(w: GeneratedWorld): Promise<ProbeSims> {
  const on = new Map(w.targets.filter((t) => t.platform).map((t) => [t.handle, t.platform!]));
  const yt: YouTubeSim | undefined = [...on.values()].includes('youtube') ? await startYouTubeSim() : undefined;
  const vk: VkSimServer | undefined = [...on.values()].includes('vk') ? await startVkSim() : undefined;
  for (const t of w.targets) {
    if (t.platform === 'youtube') yt!.world.addChannel({ handle: `@${t.handle}`, videos: t.history });
    if (t.platform === 'vk') {
      vk!.sim.apply({ type: 'account', name: t.handle, title: `Account ${t.handle}`, followers: t.viewsBase });
      for (let i = 0; i < t.history; i++) vk!.sim.apply({ type: 'post', account: t.handle, text: `Statement ${i + 1} of ${t.handle}: what we saw on day ${i + 1}.` });
    }
  }
  return {
    platforms: { ...(yt ? { youtube: { baseUrl: yt.url } } : {}), ...(vk ? { vk: { baseUrl: vk.url, rescanPages: 0 } } : {}) },
    specOf: (t) => (t.platform === 'youtube' ? `youtube:@${t.handle}` : t.platform === 'vk' ? `vk:${t.handle}` : undefined),
    apply(a) {
      const platform = on.get(a.handle);
      if (!platform) return false;
      const act = a.action;
      if (platform === 'youtube') {
        if (act.kind === 'shadow' && act.search !== undefined) yt!.world.setShadow(`@${a.handle}`, act.search);
        else if (act.kind === 'search_fault') yt!.world.addFault({ kind: act.fault === 'captcha' ? 'bot_check' : 'rate_limit', channel: `@${a.handle}`, route: 'search', count: act.count });
      } else if (act.kind === 'shadow' && act.search !== undefined) vk!.sim.apply({ type: 'shadow', account: a.handle, search: act.search });
      else if (act.kind === 'search_fault') vk!.sim.faults.add({ kind: act.fault === 'captcha' ? 'garbage' : 'rate_limit', channel: a.handle, route: 'search', count: act.count });
      return true;
    },
    async close() {
      await yt?.close();
      await vk?.close();
    },
  };
}
