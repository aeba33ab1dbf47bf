// The simulator's control surface: a world, its faults, and the ground truth of what
// happened (event names from src/detect/vocabulary.ts). Scenario runner and HTTP both drive it.
import type { EventType } from '../detect/vocabulary.js';
import { FaultBook } from './faults.js';
import { Step, type ParsedStep } from './steps.js';
import { createWorld, type SimMedia, type SimWorld } from './telegram/model.js';
import { hashSeed, postText } from './text.js';
import { benignSurge, botFarm } from './crowds.js';

export type TruthType = Extract<
  EventType,
  'post_deleted' | 'post_edited' | 'account_restricted' | 'account_deleted' | 'account_private' | 'account_renamed' | 'account_restored' | 'attack_suspected'
>;

export interface TruthEvent {
  type: TruthType;
  channel: string;
  /** Stable channel id (survives renames). */
  channelId: number;
  postNum?: number;
  /** For account_renamed: the new username. */
  to?: string;
  /** ISO time it happened in the sim. */
  at: string;
}

export interface Sim {
  world: SimWorld;
  faults: FaultBook;
  truth: TruthEvent[];
  /** Apply one step now (validated). */
  apply(step: Step): void;
  /** Ground-truth JSON of the world for /__sim/state. */
  state(): object;
  now(): number;
}

export interface SimOpts {
  now?: () => number;
}

export function createSim(opts: SimOpts = {}): Sim {
  const now = opts.now ?? Date.now;
  const world = createWorld();
  const faults = new FaultBook(now);
  const truth: TruthEvent[] = [];
  let mediaSeq = 0;

  const record = (type: TruthType, channel: string, extra: Partial<TruthEvent> = {}): void => {
    const c = world.get(channel);
    truth.push({ type, channel: channel.toLowerCase(), channelId: c?.channelId ?? 0, at: new Date(now()).toISOString(), ...extra });
  };

  function apply(input: Step): void {
    const s: ParsedStep = Step.parse(input);
    switch (s.type) {
      case 'post': {
        const c = world.mustGet(s.channel);
        for (let i = 0; i < s.count; i++) {
          const media: SimMedia[] = s.media.map((m) => ({ ...m, id: `m${c.channelId}-${++mediaSeq}` }));
          const reply = s.replyTo !== undefined ? world.getPost(s.channel, s.replyTo) : undefined;
          world.addPost(s.channel, {
            text: s.text ?? postText(hashSeed(`${c.channelId}/${c.nextNum}`)),
            date: Math.floor(now() / 1000),
            views: s.views ?? 1,
            media,
            ...(s.grouped ? { grouped: true } : {}),
            ...(s.author ? { author: s.author } : {}),
            ...(s.forwardedFrom ? { forwardedFrom: s.forwardedFrom } : {}),
            ...(reply ? { replyTo: { num: reply.num, text: reply.text.slice(0, 80) } } : {}),
          });
        }
        return;
      }
      case 'edit':
        world.editPost(s.channel, s.num, s.text);
        record('post_edited', s.channel, { postNum: s.num });
        return;
      case 'delete':
        for (const n of s.nums) {
          world.deletePost(s.channel, n);
          record('post_deleted', s.channel, { postNum: n });
        }
        return;
      case 'block':
        world.setState(s.channel, 'restricted', s.reason);
        record('account_restricted', s.channel);
        return;
      case 'unblock':
      case 'make_public':
        world.setState(s.channel, 'ok');
        record('account_restored', s.channel);
        return;
      case 'make_private':
        world.setState(s.channel, 'private');
        record('account_private', s.channel);
        return;
      case 'rename': {
        record('account_renamed', s.channel, { to: s.to.toLowerCase() });
        world.rename(s.channel, s.to);
        return;
      }
      case 'delete_channel':
        record('account_deleted', s.channel);
        world.deleteChannel(s.channel);
        return;
      case 'comment':
        // Comments are not takedowns: no ground-truth event (issue 10 reads them as attack signals).
        for (let i = 0; i < s.count; i++) {
          world.addComment(s.channel, s.num, {
            date: Math.floor(now() / 1000),
            author: s.author,
            avatar: s.avatar,
            text: s.count > 1 ? `${s.text} ${i + 1}` : s.text,
            ...(s.username ? { username: s.username } : {}),
            ...(s.replyTo !== undefined ? { replyTo: s.replyTo } : {}),
          });
        }
        return;
      case 'attack':
      case 'surge': {
        // The crowd posted over the span that ends now (dates never in the future).
        const c = world.mustGet(s.channel);
        const t = now();
        const span = s.type === 'attack' ? 8000 : s.spanSeconds * 1000;
        const crowd = s.type === 'attack'
          ? botFarm(t - span, { seed: s.seed, count: s.count, target: { handle: c.username, title: c.title }, lookalikes: s.lookalikes, lang: s.lang, spanMs: span, ...(s.template ? { template: s.template } : {}) })
          : benignSurge(t - span, { seed: s.seed, count: s.count, spanMs: span });
        for (const m of [...crowd].sort((a, b) => a.offsetMs - b.offsetMs)) {
          world.addComment(s.channel, s.num, { date: Math.floor((t - span + m.offsetMs) / 1000), author: m.name, username: m.username, avatar: m.avatar, text: m.text });
        }
        if (s.type === 'attack') record('attack_suspected', s.channel, { postNum: s.num });
        return;
      }
      case 'delete_comment':
        world.deleteComment(s.channel, s.num, s.id);
        return;
      case 'discussion': {
        const c = world.mustGet(s.channel);
        c.discussion = s.mode;
        c.version++;
        return;
      }
      case 'fault': {
        const { type: _t, ...spec } = s;
        faults.add(spec);
        return;
      }
    }
  }

  const state = (): object => ({
    now: new Date(now()).toISOString(),
    channels: world.channels().map((c) => ({
      username: c.username,
      channelId: c.channelId,
      title: c.title,
      state: c.state,
      version: c.version,
      subscribers: c.counters.subscribers,
      posts: c.posts.map((p) => ({ num: p.num, date: p.date, edited: p.edited, views: p.views, text: p.text, media: p.media.length })),
    })),
    faults: faults.active().map((f) => ({ ...f, remaining: Number.isFinite(f.remaining) ? f.remaining : null, until: Number.isFinite(f.until) ? f.until : null })),
    truth,
  });

  return { world, faults, truth, apply, state, now };
}
