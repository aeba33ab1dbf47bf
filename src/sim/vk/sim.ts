// The simulated VK's control surface: a world, its faults, issued sessions and the ground truth of
// what happened (event names from src/detect/vocabulary.ts). HTTP (server.ts) and tests drive it.
import { benignSurge, botFarm } from '../crowds.js';
import { randomBytes } from 'node:crypto';
import type { EventType } from '../../detect/vocabulary.js';
import { FaultBook } from '../faults.js';
import { VkWorld } from './model.js';
import { VkStep } from './steps.js';
import { hashSeed, postText } from '../text.js';

export interface VkTruth {
  type: EventType;
  account: string;
  num?: number;
  countries?: string[];
  /** shadowban_search: turned on (true) or off. */
  on?: boolean;
  at: string;
}

export interface VkSim {
  world: VkWorld;
  faults: FaultBook;
  truth: VkTruth[];
  /** Session cookie values issued by /__sim/session, and the revoked ones. */
  sessions: { issued: Set<string>; revoked: Set<string> };
  apply(step: VkStep): void;
  issueSession(): string;
  revokeSession(value: string): void;
  now(): number;
}

/** VK's session cookie (the one scrapers send to read walls logged in). */
export const VK_SESSION_COOKIE = 'remixsid';

export function createVkSim(opts: { now?: () => number } = {}): VkSim {
  const now = opts.now ?? Date.now;
  const world = new VkWorld();
  const faults = new FaultBook(now);
  const truth: VkTruth[] = [];
  const sessions = { issued: new Set<string>(), revoked: new Set<string>() };
  const record = (type: EventType, account: string, extra: Partial<VkTruth> = {}): void => {
    truth.push({ type, account: account.toLowerCase(), at: new Date(now()).toISOString(), ...extra });
  };

  function addPosts(s: Extract<ReturnType<typeof VkStep.parse>, { type: 'post' }>): void {
    const a = world.mustGet(s.account);
    for (let i = 0; i < s.count; i++) {
      const p = world.addPost(a.name, {
        date: Math.floor(now() / 1000),
        text: s.text ?? postText(hashSeed(`vk${a.id}/${a.nextNum}`)),
        views: s.views ?? 10,
        photos: s.photos,
        ...(s.video ? { video: s.video } : {}),
        ...(s.link ? { link: s.link } : {}),
      });
      if (s.pin) world.update(a.name, (x) => (x.pinned = p.num));
    }
  }

  function apply(input: VkStep): void {
    const s = VkStep.parse(input);
    switch (s.type) {
      case 'account': {
        const a = world.add({ name: s.name, kind: s.kind, ...(s.title ? { title: s.title } : {}), ...(s.about ? { about: s.about } : {}), ...(s.verified ? { verified: true } : {}), ...(s.followers !== undefined ? { followers: s.followers } : {}) });
        if (s.posts > 0) addPosts({ type: 'post', account: a.name, count: s.posts, photos: 0 });
        return;
      }
      case 'post':
        return addPosts(s);
      case 'edit':
        world.editPost(s.account, s.num, s.text);
        return record('post_edited', s.account, { num: s.num });
      case 'delete':
        for (const n of s.nums) {
          world.deletePost(s.account, n);
          record('post_deleted', s.account, { num: n });
        }
        return;
      case 'block': {
        const a = world.mustGet(s.account);
        world.update(a.name, (x) => (x.state = x.kind === 'community' ? 'blocked' : 'banned'));
        return record(a.kind === 'community' ? 'account_restricted' : 'account_suspended', a.name);
      }
      case 'unblock':
      case 'make_public':
        world.update(s.account, (x) => (x.state = 'ok'));
        return record('account_restored', s.account);
      case 'delete_account':
        world.update(s.account, (x) => (x.state = 'deleted'));
        return record('account_deleted', s.account);
      case 'make_private':
        world.update(s.account, (x) => (x.state = 'private'));
        return record('account_private', s.account);
      case 'geo_block':
        world.update(s.account, (x) => (x.geoBlocked = [...s.countries]));
        return record('account_geo_blocked', s.account, { countries: s.countries });
      case 'geo_unblock':
        world.update(s.account, (x) => (x.geoBlocked = []));
        return record('account_restored', s.account);
      case 'login_only':
        // Not a takedown: the owner's privacy setting; visitors without a session see the login page.
        return world.update(s.account, (x) => (x.loginOnly = s.on));
      case 'shadow': {
        const a = world.mustGet(s.account);
        if (a.shadowSearch === s.search) return;
        world.update(a.name, (x) => (x.shadowSearch = s.search));
        return record('shadowban_search', a.name, { on: s.search });
      }
      case 'rename':
        record('account_renamed', s.account);
        return world.rename(s.account, s.to);
      case 'attack':
      case 'surge': {
        const a = world.mustGet(s.account);
        const p = a.posts.find((x) => x.num === s.num);
        if (!p) throw new Error(`vk sim: no post ${s.num} of ${s.account}`);
        const t = now();
        const span = s.type === 'attack' ? 8000 : s.spanSeconds * 1000;
        const crowd = s.type === 'attack' ? botFarm(t - span, { seed: s.seed, count: s.count, target: { handle: a.name, title: a.title }, lookalikes: s.lookalikes, spanMs: span, ...(s.template ? { template: s.template } : {}) }) : benignSurge(t - span, { seed: s.seed, count: s.count, spanMs: span });
        const next = () => Math.max(0, ...a.posts.flatMap((x) => [x.num, ...(x.comments ?? []).map((c) => c.id)])) + 1;
        for (const m of [...crowd].sort((x, y) => x.offsetMs - y.offsetMs)) {
          (p.comments ??= []).push({ id: next(), date: Math.floor((t - span + m.offsetMs) / 1000), name: m.name, handle: m.username.toLowerCase(), avatar: m.avatar, text: m.text });
        }
        a.version++;
        if (s.type === 'attack') record('attack_suspected', s.account, { num: s.num });
        return;
      }
      case 'fault': {
        const { type: _t, ...spec } = s;
        faults.add(spec);
        return;
      }
    }
  }

  return {
    world,
    faults,
    truth,
    sessions,
    apply,
    now,
    issueSession: () => {
      const v = randomBytes(16).toString('hex');
      sessions.issued.add(v);
      return v;
    },
    revokeSession: (v) => {
      sessions.revoked.add(v);
    },
  };
}
