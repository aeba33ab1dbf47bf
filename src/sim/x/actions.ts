// A generated world (src/sim/generate.ts) on the simulated X: seed its accounts, apply its timed
// actions. `backdate` runs a change with the sim's clock set in the past (history, throttled posts).
import { benignSurge, botFarm } from '../crowds.js';
import type { GeneratedWorld, TimedAction } from '../generate.js';
import type { XWorld } from './model.js';

const H = 3_600_000;

export interface XWorldClock {
  /** Run `f` with the sim clock at `ms` (epoch), then back to the wall clock. */
  backdate(ms: number, f: () => void): void;
}

export const bystanderOf = (w: Pick<GeneratedWorld, 'seed'>): string => `vgby${w.seed % 1000}`;

/** Accounts with their history: posts an hour apart ending 3 h ago, one reply to a bystander. */
export function seedXWorld(x: XWorld, w: GeneratedWorld, clock: XWorldClock, nowMs: number): void {
  const by = bystanderOf(w);
  x.addUser({ handle: by, posts: 0 });
  clock.backdate(nowMs - 30 * H, () => x.post(by, { count: 3 }));
  for (const t of w.targets) {
    x.addUser({ handle: t.handle, followers: t.viewsBase * 3 });
    x.setViews(t.handle, { base: t.viewsBase, reach: 1, halfLifeMs: H });
    for (let i = 0; i < t.history; i++) clock.backdate(nowMs - (t.history + 3 - i) * H, () => x.post(t.handle, { text: `Statement ${i + 1} of @${t.handle}: what we saw on day ${i + 1}.` }));
    clock.backdate(nowMs - 2.5 * H, () => x.post(t.handle, { replyTo: { handle: by, id: x.user(by).posts[0]!.id } }));
  }
}

let botSeq = 0;

export function applyXAction(x: XWorld, a: TimedAction, clock: XWorldClock, nowMs: number): void {
  const act = a.action;
  const live = () => x.user(a.handle).posts.filter((p) => !p.deleted && !p.inReplyTo);
  switch (act.kind) {
    case 'suspend':
      return x.setState(a.handle, 'suspended');
    case 'delete':
      return x.setState(a.handle, 'deleted');
    case 'restore':
      return x.setState(a.handle, 'ok');
    case 'withhold':
      return x.withhold(a.handle, act.countries);
    case 'delete_posts': {
      const posts = live().reverse();
      for (const k of act.newest) if (posts[k]) x.deletePost(a.handle, posts[k]!.id);
      return;
    }
    case 'shadow':
      return x.setShadow(a.handle, { ...(act.search !== undefined ? { search: act.search } : {}), ...(act.suggestion !== undefined ? { suggestion: act.suggestion } : {}), ...(act.reply !== undefined ? { reply: act.reply } : {}) });
    case 'reach':
      x.setViews(a.handle, { reach: act.reach });
      // Posts made since the throttling began, now 1..n hours old (their views are compared at that age).
      for (let i = act.posts; i >= 1; i--) clock.backdate(nowMs - i * H + 60_000, () => x.post(a.handle));
      return;
    case 'attack': {
      const target = live().at(-1);
      if (!target) return;
      if (act.seed !== undefined) {
        // A farm from crowds.ts (batch-made days ago, name+digits handles, default avatars, few
        // followers, near-duplicate calls to report within seconds), its replies (or quote posts) just arrived.
        const start = nowMs - 10_000;
        x.replyCrowd(a.handle, target.id, start, botFarm(start, { seed: act.seed, count: act.accounts, target: { handle: a.handle }, lang: 'en', lookalikes: act.lookalikes ?? 0, template: act.text }), act.quote ?? false);
        return;
      }
      // Fresh, batch-made accounts with generated handles and no followers, near-identical replies at once.
      for (let i = 0; i < act.accounts; i++) {
        const h = `user${String(40_000_000 + ++botSeq * 7919).slice(0, 8)}`;
        x.addUser({ handle: h, name: h, bio: '', followers: i % 3 });
        x.post(h, { text: `@${a.handle} ${act.text} ${i % 4 === 0 ? '!!' : ''}`.trim(), replyTo: { handle: a.handle, id: target.id } });
      }
      return;
    }
    case 'surge': {
      // A viral post: many established, different people answering in their own words.
      const target = live().at(-1);
      if (!target) return;
      if (act.seed !== undefined) {
        // Real accounts (years old, own avatars, followers) over the last ten minutes, diverse texts.
        const start = nowMs - 600_000;
        x.replyCrowd(a.handle, target.id, start, benignSurge(start, { seed: act.seed, count: act.accounts }));
        return;
      }
      for (let i = 0; i < act.accounts; i++) {
        const h = `reader_${(++botSeq).toString(36)}_${['anna', 'marat', 'olga', 'timur', 'dana', 'ivan'][i % 6]}`.slice(0, 15);
        x.addUser({ handle: h, followers: 200 + i * 37 });
        x.post(h, { text: `@${a.handle} ${['Thank you for this.', 'Where was this taken?', 'Sharing with my family.', 'Is there a source?', 'We saw the same in our town.'][i % 5]} (${i})`, replyTo: { handle: a.handle, id: target.id } });
      }
      return;
    }
    case 'fault':
      return x.addFault({ kind: act.fault, handle: a.handle, count: act.count });
  }
}
