// The simulated X: accounts, posts (ids above 2^53, as strings), account states, countries an
// account or post is withheld in, sessions and faults, and the ground truth of what changed. Pure
// state; the clock is injected.

export type XAccountState = 'ok' | 'suspended' | 'deleted';

export interface XSimPost {
  id: string;
  text: string;
  createdAt: string;
  views: number;
  media: ('photo' | 'video')[];
  /** A retweet: the original's author and id (the text is the original's). */
  retweetOf?: { handle: string; userId: string; id: string };
  /** A reply: the post it answers (shown in that post's conversation, TweetDetail). */
  inReplyTo?: { handle: string; userId: string; id: string };
  /**
   * Views that grow with age (modelled): base × reach × age / (age + halfLife), `reach` being the
   * author's reach factor when the post was made (a throttled account's posts stay low).
   */
  curve?: { base: number; reach: number; halfLifeMs: number };
  deleted?: { at: string };
  /** Replies and quotes under it, by other accounts (its conversation, TweetDetail). */
  replies?: { user: XSimUser; post: XSimPost; quote?: boolean }[];
}

/** What X hides of an account without telling it (the per-target shadow-ban toggle). */
export interface XShadow {
  search: boolean;
  suggestion: boolean;
  reply: boolean;
}

export interface XSimUser {
  handle: string;
  restId: string;
  name: string;
  bio: string;
  followers: number;
  following: number;
  createdAt: string;
  state: XAccountState;
  protected: boolean;
  /** `profile_interstitial_type` ("" = none), e.g. "fake_account", "offensive_profile_content". */
  interstitial: string;
  /** ISO country codes the account is withheld in. */
  withheldIn: string[];
  /** Newest last. */
  posts: XSimPost[];
  pinned?: string;
  /** X's default picture instead of one of its own. */
  defaultAvatar?: boolean;
  shadow: XShadow;
  /** Views model of new posts (undefined = the fixed `views` counter): typical views and reach factor. */
  views?: { base: number; reach: number; halfLifeMs: number };
}

export type XTruthType =
  | 'post_deleted'
  | 'account_suspended'
  | 'account_deleted'
  | 'account_restored'
  | 'account_private'
  | 'account_geo_blocked'
  | 'account_restricted'
  | 'shadowban_search'
  | 'shadowban_suggestion'
  | 'shadowban_reply'
  | 'reach_drop'
  | 'attack_suspected';

export interface XTruth {
  type: XTruthType;
  handle: string;
  /** Shadow-bans and reach drops: false when it ended. */
  on?: boolean;
  postId?: string;
  countries?: string[];
  at: string;
}

export type XFaultKind = 'rate_limit' | 'deadline' | 'suspended_flap' | 'server_error' | 'login_wall' | 'captcha';
export interface XFault {
  kind: XFaultKind;
  /** Only requests about this handle (lower-case), or every request when absent. */
  handle?: string;
  /** Only this GraphQL operation, or every one when absent. */
  op?: string;
  remaining: number;
}

export class XWorld {
  readonly users = new Map<string, XSimUser>();
  readonly truth: XTruth[] = [];
  faults: XFault[] = [];
  /** Session tokens the sim issued (`auth_token` cookie values) and whether they were revoked. */
  readonly sessions = new Map<string, 'valid' | 'revoked'>();
  /** Bumped on every change (renderers may cache by it). */
  version = 0;
  private nextId = 1_950_000_000_000_000_000n;
  private nextUser = 1_800_000_000_000_000_000n;
  private tick = 0;

  constructor(private readonly now: () => Date = () => new Date()) {}

  private stamp(): string {
    // Posts made in one burst still get distinct, increasing times.
    return new Date(this.now().getTime() + this.tick++).toISOString();
  }

  private touch(): void {
    this.version++;
  }

  addUser(u: { handle: string; name?: string; bio?: string; followers?: number; posts?: number }): XSimUser {
    const key = u.handle.toLowerCase();
    if (this.users.has(key)) throw new Error(`x sim: user "${u.handle}" exists`);
    const user: XSimUser = {
      handle: u.handle,
      restId: String(this.nextUser++),
      name: u.name ?? u.handle,
      bio: u.bio ?? `Posts of ${u.handle}`,
      followers: u.followers ?? 1200,
      following: 80,
      createdAt: this.now().toISOString(),
      state: 'ok',
      protected: false,
      interstitial: '',
      withheldIn: [],
      posts: [],
      shadow: { search: false, suggestion: false, reply: false },
    };
    this.users.set(key, user);
    if (u.posts) this.post(key, { count: u.posts });
    this.touch();
    return user;
  }

  user(handle: string): XSimUser {
    const u = this.users.get(handle.toLowerCase());
    if (!u) throw new Error(`x sim: no user "${handle}"`);
    return u;
  }

  /** New posts (ids keep rising in steps like X's, far above 2^53). */
  post(handle: string, p: { text?: string; count?: number; media?: ('photo' | 'video')[]; retweetOf?: { handle: string; id: string }; replyTo?: { handle: string; id: string } } = {}): XSimPost[] {
    const u = this.user(handle);
    const out: XSimPost[] = [];
    for (let i = 0; i < (p.count ?? 1); i++) {
      this.nextId += 123_456_789n;
      const id = String(this.nextId);
      const rt = p.retweetOf ? this.user(p.retweetOf.handle) : undefined;
      const post: XSimPost = { id, text: p.text ?? `Post ${u.posts.length + 1} of @${u.handle}: what happened today.`, createdAt: this.stamp(), views: 100 + u.posts.length * 7, media: p.media ?? [] };
      if (rt && p.retweetOf) {
        const orig = rt.posts.find((x) => x.id === p.retweetOf!.id);
        post.retweetOf = { handle: rt.handle, userId: rt.restId, id: p.retweetOf.id };
        if (orig) post.text = orig.text;
      }
      if (p.replyTo) {
        const to = this.user(p.replyTo.handle);
        post.inReplyTo = { handle: to.handle, userId: to.restId, id: p.replyTo.id };
        if (!p.text) post.text = `@${to.handle} Reply ${u.posts.length + 1} of @${u.handle}.`;
      }
      if (u.views) {
        // Deterministic ±20 % spread per post around the account's typical views.
        const spread = 0.8 + (Number(BigInt(id) % 1000n) / 1000) * 0.4;
        post.curve = { base: Math.round(u.views.base * spread), reach: u.views.reach, halfLifeMs: u.views.halfLifeMs };
        post.views = 0;
      }
      u.posts.push(post);
      out.push(post);
    }
    this.touch();
    return out;
  }

  /**
   * Replies to a post by accounts that exist only as repliers (not watched, not in `users`), each
   * posted `offsetMs` after `start`: a bot farm or a viral surge from src/sim/crowds.ts.
   */
  replyCrowd(handle: string, postId: string, start: number, crowd: readonly { name: string; username: string; avatar: boolean; createdAt: string; followers: number; text: string; offsetMs: number; bot?: boolean }[], quote = false): void {
    const target = this.user(handle).posts.find((p) => p.id === postId);
    if (!target) throw new Error(`x sim: no post ${postId} of ${handle}`);
    for (const m of crowd) {
      this.nextId += 1_234_567n;
      const user: XSimUser = { handle: m.username.slice(0, 15), restId: String(this.nextUser++), name: m.name, bio: '', followers: m.followers, following: 3, createdAt: m.createdAt, state: 'ok', protected: false, interstitial: '', withheldIn: [], posts: [], defaultAvatar: !m.avatar, shadow: { search: false, suggestion: false, reply: false } };
      const post: XSimPost = { id: String(this.nextId), text: quote ? m.text : `@${this.user(handle).handle} ${m.text}`, createdAt: new Date(start + m.offsetMs).toISOString(), views: 10, media: [] };
      (target.replies ??= []).push({ user, post, ...(quote ? { quote: true } : {}) });
    }
    // A farm's crowd is ground truth for the detection bench; a surge of real accounts is not.
    if (crowd.some((m) => m.bot)) this.record({ type: 'attack_suspected', handle, postId });
    else this.touch();
  }

  deletePost(handle: string, id: string): void {
    const p = this.user(handle).posts.find((x) => x.id === id && !x.deleted);
    if (!p) throw new Error(`x sim: no live post ${id} of ${handle}`);
    p.deleted = { at: this.now().toISOString() };
    this.record({ type: 'post_deleted', handle, postId: id });
  }

  setState(handle: string, state: XAccountState): void {
    const u = this.user(handle);
    const was = u.state;
    u.state = state;
    if (state !== was) this.record({ type: state === 'ok' ? 'account_restored' : state === 'suspended' ? 'account_suspended' : 'account_deleted', handle });
  }

  setProtected(handle: string, on: boolean): void {
    this.user(handle).protected = on;
    this.record({ type: on ? 'account_private' : 'account_restored', handle });
  }

  setInterstitial(handle: string, type: string): void {
    this.user(handle).interstitial = type;
    this.record({ type: type ? 'account_restricted' : 'account_restored', handle });
  }

  withhold(handle: string, countries: string[]): void {
    this.user(handle).withheldIn = countries.map((c) => c.toUpperCase());
    this.record({ type: countries.length ? 'account_geo_blocked' : 'account_restored', handle, countries });
  }

  /** Turn shadow-bans of an account on or off (ground truth records each change). */
  setShadow(handle: string, change: Partial<XShadow>): void {
    const u = this.user(handle);
    for (const k of ['search', 'suggestion', 'reply'] as const) {
      const v = change[k];
      if (v === undefined || v === u.shadow[k]) continue;
      u.shadow[k] = v;
      this.record({ type: `shadowban_${k}`, handle, on: v });
    }
  }

  /** Views model of the account's new posts; a reach below 1 throttles posts made from now on. */
  setViews(handle: string, v: { base?: number; reach?: number; halfLifeMs?: number }): void {
    const u = this.user(handle);
    const was = u.views?.reach ?? 1;
    u.views = { base: v.base ?? u.views?.base ?? 1000, reach: v.reach ?? u.views?.reach ?? 1, halfLifeMs: v.halfLifeMs ?? u.views?.halfLifeMs ?? 3_600_000 };
    if ((was < 0.5) !== (u.views.reach < 0.5)) this.record({ type: 'reach_drop', handle, on: u.views.reach < 0.5 });
    else this.touch();
  }

  /** Bring the age-dependent view counters of an account's posts to the clock's now. */
  refreshViews(u: XSimUser): void {
    const now = this.now().getTime();
    for (const p of u.posts) {
      if (!p.curve) continue;
      const age = Math.max(0, now - Date.parse(p.createdAt));
      p.views = Math.round((p.curve.base * p.curve.reach * age) / (age + p.curve.halfLifeMs));
    }
  }

  pin(handle: string, id: string | undefined): void {
    const u = this.user(handle);
    if (id === undefined) delete u.pinned;
    else u.pinned = id;
    this.touch();
  }

  addFault(f: { kind: XFaultKind; handle?: string; op?: string; count?: number }): void {
    this.faults.push({ kind: f.kind, remaining: f.count ?? 1, ...(f.handle ? { handle: f.handle.toLowerCase() } : {}), ...(f.op ? { op: f.op } : {}) });
  }

  /** Consume the first fault that applies to this request, if any. */
  takeFault(handle: string | undefined, op: string): XFault | undefined {
    const f = this.faults.find((x) => x.remaining > 0 && (x.handle === undefined || x.handle === handle) && (x.op === undefined || x.op === op));
    if (f) f.remaining--;
    this.faults = this.faults.filter((x) => x.remaining > 0);
    return f;
  }

  /** Which user a post id belongs to (TweetResultByRestId carries only the id). */
  findPost(id: string): { user: XSimUser; post: XSimPost } | undefined {
    for (const user of this.users.values()) {
      const post = user.posts.find((p) => p.id === id);
      if (post) return { user, post };
    }
    return undefined;
  }

  private record(t: Omit<XTruth, 'at'>): void {
    this.truth.push({ ...t, at: this.now().toISOString() });
    this.touch();
  }
}
