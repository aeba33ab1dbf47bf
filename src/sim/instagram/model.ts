// The simulated Instagram's world: accounts, their posts, sessions it issued, faults, and the ground
// truth of what changed (event names of src/detect/vocabulary.ts). Pure state; the clock is injected.
import { createHash } from 'node:crypto';
import { benignSurge, botFarm, type CrowdMember } from '../crowds.js';

/** One comment under a post, by an account the scenario controls (src/sim/crowds.ts). */
export interface IgSimComment {
  pk: string;
  /** Seconds since the epoch. */
  createdAt: number;
  text: string;
  user: { pk: string; username: string; fullName: string; avatar: boolean; verified: boolean };
}

export interface IgSimPost {
  shortcode: string;
  id: string;
  /** Seconds since the epoch; strictly increasing per account, so post orders never tie. */
  takenAt: number;
  caption: string;
  isVideo: boolean;
  views: number;
  likes: number;
  comments: number;
  /** The comments its comments page lists (the count above also counts older, unlisted ones). */
  commentList: IgSimComment[];
  /** The owner turned comments off: the comments page answers `comments_disabled`. */
  commentsDisabled: boolean;
  pinned: boolean;
  /** Countries (ISO codes) where the post is withheld. */
  geoBlocked: string[];
  removed?: string;
}

export type IgAccountState = 'ok' | 'unavailable';

export interface IgSimAccount {
  username: string;
  id: string;
  fullName: string;
  biography: string;
  followers: number;
  following: number;
  isPrivate: boolean;
  isVerified: boolean;
  state: IgAccountState;
  /** Countries (ISO codes) where the whole profile is withheld. */
  geoBlocked: string[];
  posts: IgSimPost[];
}

export type IgFaultKind = 'http' | 'login_wall' | 'unavailable' | 'wait' | 'checkpoint';
export type IgFaultRoute = 'comments' | 'comments_older';

export interface IgFault {
  kind: IgFaultKind;
  /** `http`: 429 or a 5xx. */
  status?: number;
  /** Only requests about this username (profile, its posts); absent = every request, the control's too. */
  user?: string;
  /** Only requests of this route (`comments`: the comments API, any page; `comments_older`: its pages asked with `min_id`); absent = any route. */
  route?: IgFaultRoute;
  remaining: number;
}

export interface IgTruth {
  type: 'post_deleted' | 'post_edited' | 'account_deleted' | 'account_private' | 'account_restored' | 'account_geo_blocked' | 'attack_suspected';
  account: string;
  shortcode?: string;
  countries?: string[];
  at: string;
}

const SHORTCODE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Instagram's shortcode of a media pk: the pk in URL-safe base64 without leading zero digits
 * (instaloader Post.mediaid_to_shortcode), so a client can turn a shortcode back into the pk its
 * comments API is addressed by.
 */
export function shortcodeOf(mediaId: string): string {
  let s = '';
  for (let n = BigInt(mediaId); n > 0n; n /= 64n) s = SHORTCODE_ALPHABET[Number(n % 64n)] + s;
  return s || 'A';
}

export class IgSimModel {
  readonly accounts = new Map<string, IgSimAccount>();
  readonly truth: IgTruth[] = [];
  faults: IgFault[] = [];
  /** `wall`: logged-out clients get 401 require_login / the login page (today's Instagram); `open`: they are served. */
  loggedOut: 'wall' | 'open' = 'wall';
  /** Comments are shown to logged-in viewers only (`wall`, default) or to anyone (`open`). */
  commentsLoggedOut: 'wall' | 'open' = 'wall';
  /** Session cookie values issued (`sessionid`), and the ones revoked since. */
  readonly sessions = new Set<string>();
  readonly revoked = new Set<string>();
  private seq = 0;

  constructor(private readonly now: () => Date = () => new Date()) {}

  private at(): string {
    return this.now().toISOString();
  }

  addAccount(a: { username: string; fullName?: string; biography?: string; followers?: number; isPrivate?: boolean; isVerified?: boolean }): IgSimAccount {
    const username = a.username.toLowerCase();
    if (this.accounts.has(username)) throw new Error(`instagram sim: account "${username}" exists`);
    const acc: IgSimAccount = {
      username,
      id: String(1_000_000_000 + this.accounts.size * 7919 + 17),
      fullName: a.fullName ?? username,
      biography: a.biography ?? '',
      followers: a.followers ?? 1000,
      following: 100,
      isPrivate: a.isPrivate ?? false,
      isVerified: a.isVerified ?? false,
      state: 'ok',
      geoBlocked: [],
      posts: [],
    };
    this.accounts.set(username, acc);
    return acc;
  }

  account(username: string): IgSimAccount {
    const a = this.accounts.get(username.toLowerCase());
    if (!a) throw new Error(`instagram sim: no account "${username}"`);
    return a;
  }

  post(username: string, p: { caption?: string; isVideo?: boolean; views?: number; pinned?: boolean; count?: number } = {}): IgSimPost[] {
    const a = this.account(username);
    const out: IgSimPost[] = [];
    for (let i = 0; i < (p.count ?? 1); i++) {
      // In the range of real media pks (19 digits, 64 bits): their shortcodes have 11 characters.
      const id = String(3_100_000_000_000_000_000n + BigInt(++this.seq) * 1_000_003n);
      const last = a.posts.reduce((m, x) => Math.max(m, x.takenAt), 0);
      const takenAt = Math.max(Math.floor(this.now().getTime() / 1000), last + 1);
      const post: IgSimPost = {
        shortcode: shortcodeOf(id),
        id,
        takenAt,
        caption: p.caption ?? `Post ${this.seq} of @${a.username}: report from the ground. https://example.org/r/${this.seq}`,
        isVideo: p.isVideo ?? false,
        views: p.views ?? (p.isVideo ? 100 : 0),
        likes: 10,
        comments: 0,
        commentList: [],
        commentsDisabled: false,
        pinned: p.pinned ?? false,
        geoBlocked: [],
      };
      a.posts.push(post);
      out.push(post);
    }
    return out;
  }

  findPost(shortcode: string): { account: IgSimAccount; post: IgSimPost } | undefined {
    for (const account of this.accounts.values()) {
      const post = account.posts.find((p) => p.shortcode === shortcode);
      if (post) return { account, post };
    }
    return undefined;
  }

  edit(shortcode: string, caption: string): void {
    const f = this.livePost(shortcode);
    f.post.caption = caption;
    this.truth.push({ type: 'post_edited', account: f.account.username, shortcode, at: this.at() });
  }

  remove(shortcode: string): void {
    const f = this.livePost(shortcode);
    f.post.removed = this.at();
    this.truth.push({ type: 'post_deleted', account: f.account.username, shortcode, at: f.post.removed });
  }

  /** Deleted, deactivated or banned: Instagram shows the same page for all of them. */
  makeUnavailable(username: string): void {
    this.account(username).state = 'unavailable';
    this.truth.push({ type: 'account_deleted', account: username.toLowerCase(), at: this.at() });
  }

  restore(username: string): void {
    const a = this.account(username);
    a.state = 'ok';
    a.isPrivate = false;
    a.geoBlocked = [];
    this.truth.push({ type: 'account_restored', account: a.username, at: this.at() });
  }

  makePrivate(username: string): void {
    this.account(username).isPrivate = true;
    this.truth.push({ type: 'account_private', account: username.toLowerCase(), at: this.at() });
  }

  geoBlock(username: string, countries: string[]): void {
    this.account(username).geoBlocked = countries.map((c) => c.toUpperCase());
    this.truth.push({ type: 'account_geo_blocked', account: username.toLowerCase(), countries: countries.map((c) => c.toUpperCase()), at: this.at() });
  }

  geoBlockPost(shortcode: string, countries: string[]): void {
    this.livePost(shortcode).post.geoBlocked = countries.map((c) => c.toUpperCase());
  }

  addFault(f: { kind: IgFaultKind; status?: number; user?: string; route?: IgFaultRoute; count?: number }): void {
    this.faults.push({ kind: f.kind, ...(f.status !== undefined ? { status: f.status } : {}), ...(f.user ? { user: f.user.toLowerCase() } : {}), ...(f.route ? { route: f.route } : {}), remaining: f.count ?? 1 });
  }

  /** Consume the first fault that applies to a request about `user` (undefined: not about an account) on `route`. */
  takeFault(user: string | undefined, route?: IgFaultRoute): IgFault | undefined {
    const routeFits = (r: IgFaultRoute | undefined) => r === undefined || r === route || (r === 'comments' && route === 'comments_older');
    const f = this.faults.find((x) => x.remaining > 0 && (x.user === undefined || x.user === user) && routeFits(x.route));
    if (f) f.remaining--;
    this.faults = this.faults.filter((x) => x.remaining > 0);
    return f;
  }

  /** A post by its media pk (the comments API's address). */
  findPostById(pk: string): { account: IgSimAccount; post: IgSimPost } | undefined {
    for (const account of this.accounts.values()) {
      const post = account.posts.find((p) => p.id === pk);
      if (post) return { account, post };
    }
    return undefined;
  }

  /** Comments by a crowd (src/sim/crowds.ts) under a post, `at` (ms) being the crowd's start. */
  comment(shortcode: string, at: number, crowd: readonly CrowdMember[]): void {
    const { post } = this.livePost(shortcode);
    for (const m of [...crowd].sort((x, y) => x.offsetMs - y.offsetMs)) {
      const n = ++this.seq;
      post.commentList.push({
        pk: String(17_800_000_000_000_000n + BigInt(n) * 7919n),
        createdAt: Math.floor((at + m.offsetMs) / 1000),
        text: m.text,
        // The same handle is the same account across posts and targets (campaigns share accounts).
        user: { pk: String(50_000_000_000n + BigInt('0x' + createHash('sha256').update(m.username).digest('hex').slice(0, 8))), username: m.username.toLowerCase(), fullName: m.name, avatar: m.avatar, verified: false },
      });
    }
    post.comments += crowd.length;
  }

  /** A bot farm's burst of comments under the account's newest post (or `shortcode`): ground truth attack_suspected. */
  attack(username: string, o: { count: number; seed: number; lookalikes?: number; template?: string; lang?: 'ru' | 'en'; shortcode?: string }): void {
    const a = this.account(username);
    const code = o.shortcode ?? this.listed(a).filter((p) => !p.pinned)[0]?.shortcode;
    if (!code) throw new Error(`instagram sim: @${a.username} has no post to comment on`);
    const span = 8000;
    const at = this.now().getTime() - span;
    this.comment(code, at, botFarm(at, { seed: o.seed, count: o.count, target: { handle: a.username, title: a.fullName }, lang: o.lang ?? 'en', lookalikes: o.lookalikes ?? 0, spanMs: span, ...(o.template ? { template: o.template } : {}) }));
    this.truth.push({ type: 'attack_suspected', account: a.username, shortcode: code, at: this.at() });
  }

  /** A viral post's surge of real, diverse comments (never an attack). */
  surge(username: string, o: { count: number; seed: number; spanSeconds?: number; shortcode?: string }): void {
    const a = this.account(username);
    const code = o.shortcode ?? this.listed(a).filter((p) => !p.pinned)[0]?.shortcode;
    if (!code) throw new Error(`instagram sim: @${a.username} has no post to comment on`);
    const span = (o.spanSeconds ?? 600) * 1000;
    const at = this.now().getTime() - span;
    this.comment(code, at, benignSurge(at, { seed: o.seed, count: o.count, spanMs: span }));
  }

  issueSession(): string {
    const v = `${this.accounts.size}%3A${createHash('sha256').update(`ig-session-${++this.seq}-${this.now().getTime()}`).digest('hex').slice(0, 24)}`;
    this.sessions.add(v);
    return v;
  }

  revokeSession(value: string): void {
    if (this.sessions.delete(value)) this.revoked.add(value);
  }

  /** Newest first, pinned ones on top (as the profile grid lists them), live posts only. */
  listed(a: IgSimAccount): IgSimPost[] {
    const live = a.posts.filter((p) => !p.removed);
    const byTime = (x: IgSimPost, y: IgSimPost): number => y.takenAt - x.takenAt;
    return [...live.filter((p) => p.pinned).sort(byTime), ...live.filter((p) => !p.pinned).sort(byTime)];
  }

  private livePost(shortcode: string): { account: IgSimAccount; post: IgSimPost } {
    const f = this.findPost(shortcode);
    if (!f || f.post.removed) throw new Error(`instagram sim: no live post "${shortcode}"`);
    return f;
  }
}
