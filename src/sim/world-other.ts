// generate-other.ts's stories on the simulated Telegram, VK and YouTube: accounts whose history
// posts carry the world's views and publication times, new posts whose views the world sets
// (reach drops, or as usual), and renames. Views reach Vigil in each platform's own markup: the
// Telegram `tgme_widget_message_views`, VK's `wall_item_views`, YouTube's view count on the Videos tab.
import type { GeneratedWorld, TimedAction } from './generate.js';
import { historyAt, historyViews } from './generate-other.js';
import type { Sim } from './sim.js';
import type { VkSim } from './vk/index.js';
import type { YtWorld } from './youtube/index.js';

/** The simulators (world-actions.ts WorldSims; no import back). */
interface WorldSims {
  telegram: Sim;
  vk: VkSim;
  youtube: YtWorld;
}

type Target = GeneratedWorld['targets'][number];
const MIN = 60_000;

const text = (handle: string, i: number): string => `Statement ${i + 1} of ${handle}: what we saw on day ${i + 1}.`;

/** One post of `t` published at `ms` with `views` views, on its own simulator. */
function put(s: WorldSims, t: Target, i: number, ms: number, views: number): void {
  if (t.platform === 'telegram') s.telegram.world.addPost(t.handle, { text: text(t.handle, i), date: Math.floor(ms / 1000), views });
  else if (t.platform === 'vk') s.vk.world.addPost(t.handle, { text: text(t.handle, i), date: Math.floor(ms / 1000), views, photos: 0 });
  else if (t.platform === 'youtube') s.youtube.upload(`@${t.handle}`, { title: text(t.handle, i), at: ms, views });
}

/**
 * Seeds a target of generate-other.ts (views plan, or watched by a numeric address); false when the
 * target is none of those (world-actions.ts seeds it the usual way).
 */
export function seedOtherTarget(s: WorldSims, t: Target, startMs: number): boolean {
  if (t.platform === 'vk' && t.numericId !== undefined) {
    s.vk.world.add({ name: t.handle, id: t.numericId, title: `Community ${t.handle}`, followers: t.viewsBase });
    for (let i = 0; i < t.history; i++) s.vk.world.addPost(t.handle, { text: text(t.handle, i), date: Math.floor((startMs - (t.history - i) * 60 * MIN) / 1000), views: t.viewsBase, photos: 0 });
    return true;
  }
  const v = t.views;
  if (!v) return false;
  if (t.platform === 'telegram') s.telegram.world.addChannel({ username: t.handle, title: `Channel ${t.handle}` });
  else if (t.platform === 'vk') s.vk.world.add({ name: t.handle, title: `Community ${t.handle}`, followers: t.viewsBase });
  else if (t.platform === 'youtube') s.youtube.addChannel({ handle: `@${t.handle}`, videos: 0 });
  else return false;
  for (let i = 0; i < t.history; i++) put(s, t, i, historyAt(v, t.history, i, startMs), historyViews(v, t.handle, i));
  return true;
}

/** Applies a reach or rename action of a Telegram, VK or YouTube target; false for any other action. */
export function applyOtherStory(s: WorldSims, w: GeneratedWorld, a: TimedAction, nowMs: number): boolean {
  const t = w.targets.find((x) => x.handle === a.handle);
  const act = a.action;
  if (!t || (t.platform ?? 'x') === 'x') return false;
  if (act.kind === 'reach' && t.views) {
    // New posts 33, 32, 31 minutes old: old enough to be judged at the bench's 30 min age at once.
    for (let k = 0; k < act.posts; k++) {
      const i = t.history + k;
      put(s, t, i, nowMs - (act.posts + 30 - k) * MIN, Math.max(1, Math.round(historyViews(t.views, t.handle, i) * act.reach)));
    }
    return true;
  }
  if (act.kind === 'rename') {
    if (t.platform === 'telegram') {
      s.telegram.apply({ type: 'rename', channel: t.handle, to: act.to });
      const ch = s.telegram.world.mustGet(act.to);
      const num = ch.posts.filter((p) => !p.service).at(-1)?.num ?? 1;
      if (act.forwardedBy) s.telegram.apply({ type: 'post', channel: act.forwardedBy, text: `Forwarded from ${ch.title}`, forwardedFrom: { name: ch.title, url: `https://t.me/${act.to}/${num}` } });
    } else if (t.platform === 'vk') s.vk.apply({ type: 'rename', account: t.handle, to: act.to });
    return true;
  }
  return false;
}
