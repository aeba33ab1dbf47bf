// The simulated Facebook's world: Pages, their posts, sessions it issued, faults, and the ground
// truth of what changed (event names of src/detect/vocabulary.ts). Pure state; the clock is injected.
import { createHash } from 'node:crypto';
import { benignSurge, botFarm, type CrowdMember } from '../crowds.js';

/** A comment under a post (its author from a generated crowd, src/sim/crowds.ts). */
export interface FbSimComment {
  id: string;
  /** The commenter's numeric user id (stable per username: the same farm account is the same user). */
  userId: string;
  name: string;
  /** Vanity name of the commenter's profile (shown logged in, in the link around the picture). */
  username: string;
  avatar: boolean;
  text: string;
  /** Ms since the epoch. */
  at: number;
  /** Ground truth for benchmarks: a farm account. */
  bot: boolean;
}

export interface FbSimPost {
  /** `top_level_post_id`. */
  id: string;
  /** Seconds since the epoch; strictly increasing per Page, so post orders never tie. */
  publishTime: number;
  text: string;
  /** External links shown in the text (through Facebook's l.php redirector). */
  links: string[];
  attachment: 'none' | 'photo' | 'video';
  photoId?: string;
  likes: number;
  comments: number;
  geoBlocked: string[];
  removed?: string;
  /** Comments, oldest first (the story page lists them). */
  commentList: FbSimComment[];
}

export type FbPageState = 'ok' | 'unavailable';

export interface FbSimPage {
  /** Lower-case vanity name (the target key). */
  vanity: string;
  /** Display name. */
  name: string;
  pageId: string;
  about: string;
  likes: number;
  talking: number;
  verified: boolean;
  state: FbPageState;
  geoBlocked: string[];
  /** Logged-out visitors get "You must log in to continue" (the login redirect). */
  loginWalled: boolean;
  posts: FbSimPost[];
}

export type FbFaultKind = 'http' | 'login_wall' | 'checkpoint' | 'consent' | 'unavailable';

export interface FbFault {
  kind: FbFaultKind;
  status?: number;
  /** Only requests about this Page (its listing, its posts); absent = every request, the control's too. */
  page?: string;
  /** Only this kind of request: `listing` (posts tab, "more"), `post` (a post's own page, where its comments are); absent = any. */
  route?: FbRoute;
  remaining: number;
}

export type FbRoute = 'listing' | 'post';

export interface FbTruth {
  type: 'post_deleted' | 'post_edited' | 'account_deleted' | 'account_restored' | 'account_geo_blocked' | 'attack_suspected';
  page: string;
  postId?: string;
  countries?: string[];
  at: string;
}

export class FbSimModel {
  readonly pages = new Map<string, FbSimPage>();
  readonly truth: FbTruth[] = [];
  faults: FbFault[] = [];
  /** Issued sessions: `c_user` → `xs`; revoked `xs` values answer as expired. */
  readonly sessions = new Map<string, string>();
  readonly revoked = new Set<string>();
  /** Stories on the first listing page, and per "more" batch (the 2021 mobile site: 2, then 4). */
  firstPage = 3;
  batch = 4;
  private seq = 0;

  constructor(private readonly now: () => Date = () => new Date()) {}

  private at(): string {
    return this.now().toISOString();
  }

  addPage(p: { vanity: string; name?: string; about?: string; likes?: number; verified?: boolean; loginWalled?: boolean }): FbSimPage {
    const vanity = p.vanity.toLowerCase();
    if (this.pages.has(vanity)) throw new Error(`facebook sim: page "${vanity}" exists`);
    const page: FbSimPage = {
      vanity,
      name: p.name ?? vanity,
      pageId: String(100_000_000_000_000n + BigInt(this.pages.size) * 7_919n + 41n),
      about: p.about ?? `Official page of ${p.name ?? vanity}.`,
      likes: p.likes ?? 12_345,
      talking: 321,
      verified: p.verified ?? false,
      state: 'ok',
      geoBlocked: [],
      loginWalled: p.loginWalled ?? false,
      posts: [],
    };
    this.pages.set(vanity, page);
    return page;
  }

  page(vanity: string): FbSimPage {
    const p = this.pages.get(vanity.toLowerCase());
    if (!p) throw new Error(`facebook sim: no page "${vanity}"`);
    return p;
  }

  post(vanity: string, p: { text?: string; attachment?: FbSimPost['attachment']; links?: string[]; count?: number } = {}): FbSimPost[] {
    const page = this.page(vanity);
    const out: FbSimPost[] = [];
    for (let i = 0; i < (p.count ?? 1); i++) {
      const n = ++this.seq;
      const last = page.posts.reduce((m, x) => Math.max(m, x.publishTime), 0);
      const attachment = p.attachment ?? (n % 3 === 0 ? 'video' : 'photo');
      const post: FbSimPost = {
        id: String(4_100_000_000_000_000n + BigInt(n) * 1_000_003n),
        publishTime: Math.max(Math.floor(this.now().getTime() / 1000), last + 1),
        text: p.text ?? `Statement ${n} of ${page.name}: what happened today.`,
        links: p.links ?? [`https://example.org/news/${n}`],
        attachment,
        ...(attachment === 'photo' ? { photoId: String(4_200_000_000_000_000n + BigInt(n)) } : {}),
        likes: 10 + n,
        comments: n % 5,
        geoBlocked: [],
        commentList: [],
      };
      page.posts.push(post);
      out.push(post);
    }
    return out;
  }

  /** A crowd's comments under a post (default: the Page's newest live post), posted from `start` (ms) on. */
  addComments(vanity: string, crowd: readonly CrowdMember[], start: number, postId?: string): FbSimPost {
    const page = this.page(vanity);
    const post = postId ? this.livePost(postId).post : this.listed(page, '').at(0);
    if (!post) throw new Error(`facebook sim: page "${vanity}" has no live post to comment on`);
    for (const m of crowd) {
      const n = ++this.seq;
      // Facebook vanity names allow letters, digits and dots only.
      const username = m.username.toLowerCase().replace(/[^a-z0-9.]/g, '.');
      post.commentList.push({
        id: String(4_300_000_000_000_000n + BigInt(n) * 7n),
        userId: String(100_000_000_000_000n + BigInt('0x' + createHash('sha256').update(username).digest('hex').slice(0, 12)) % 899_999_999_999_999n),
        name: m.name,
        username,
        avatar: m.avatar,
        text: m.text,
        at: start + m.offsetMs,
        bot: m.bot,
      });
    }
    post.commentList.sort((a, b) => a.at - b.at || a.id.localeCompare(b.id));
    post.comments = Math.max(post.comments, post.commentList.length);
    return post;
  }

  /** A bot farm's comments within 8 s under the Page's newest post (ground truth: attack_suspected). */
  attack(vanity: string, o: { count?: number; seed?: number; lookalikes?: number; template?: string; lang?: 'ru' | 'en'; postId?: string } = {}): FbSimPost {
    const page = this.page(vanity);
    const start = this.now().getTime() - 8000;
    const crowd = botFarm(start, { seed: o.seed ?? 1, count: o.count ?? 30, target: { handle: page.vanity, title: page.name }, lang: o.lang ?? 'en', lookalikes: o.lookalikes ?? 2, spanMs: 8000, ...(o.template ? { template: o.template } : {}) });
    const post = this.addComments(vanity, crowd, start, o.postId);
    this.truth.push({ type: 'attack_suspected', page: page.vanity, postId: post.id, at: this.at() });
    return post;
  }

  /** A viral post's comments from real, diverse accounts over `spanSeconds` (no ground-truth event). */
  surge(vanity: string, o: { count?: number; seed?: number; spanSeconds?: number; postId?: string } = {}): FbSimPost {
    const span = (o.spanSeconds ?? 600) * 1000;
    const start = this.now().getTime() - span;
    return this.addComments(vanity, benignSurge(start, { seed: o.seed ?? 1, count: o.count ?? 60, spanMs: span }), start, o.postId);
  }

  findPost(id: string): { page: FbSimPage; post: FbSimPost } | undefined {
    for (const page of this.pages.values()) {
      const post = page.posts.find((p) => p.id === id);
      if (post) return { page, post };
    }
    return undefined;
  }

  edit(id: string, text: string): void {
    const f = this.livePost(id);
    f.post.text = text;
    this.truth.push({ type: 'post_edited', page: f.page.vanity, postId: id, at: this.at() });
  }

  remove(id: string): void {
    const f = this.livePost(id);
    f.post.removed = this.at();
    this.truth.push({ type: 'post_deleted', page: f.page.vanity, postId: id, at: f.post.removed });
  }

  /** Deleted, unpublished, restricted or removed: Facebook shows the same page for all of them. */
  makeUnavailable(vanity: string): void {
    this.page(vanity).state = 'unavailable';
    this.truth.push({ type: 'account_deleted', page: vanity.toLowerCase(), at: this.at() });
  }

  restore(vanity: string): void {
    const p = this.page(vanity);
    p.state = 'ok';
    p.geoBlocked = [];
    this.truth.push({ type: 'account_restored', page: p.vanity, at: this.at() });
  }

  geoBlock(vanity: string, countries: string[]): void {
    const c = countries.map((x) => x.toUpperCase());
    this.page(vanity).geoBlocked = c;
    this.truth.push({ type: 'account_geo_blocked', page: vanity.toLowerCase(), countries: c, at: this.at() });
  }

  addFault(f: { kind: FbFaultKind; status?: number; page?: string; route?: FbRoute; count?: number }): void {
    this.faults.push({ kind: f.kind, ...(f.status !== undefined ? { status: f.status } : {}), ...(f.page ? { page: f.page.toLowerCase() } : {}), ...(f.route ? { route: f.route } : {}), remaining: f.count ?? 1 });
  }

  takeFault(page: string | undefined, route?: FbRoute): FbFault | undefined {
    const f = this.faults.find((x) => x.remaining > 0 && (x.page === undefined || x.page === page) && (x.route === undefined || x.route === route));
    if (f) f.remaining--;
    this.faults = this.faults.filter((x) => x.remaining > 0);
    return f;
  }

  issueSession(): { c_user: string; xs: string } {
    const c_user = String(100_000_000_000 + ++this.seq);
    const xs = `${this.seq}%3A${createHash('sha256').update(`fb-xs-${c_user}-${this.now().getTime()}`).digest('base64url').slice(0, 14)}%3A2%3A${Math.floor(this.now().getTime() / 1000)}%3A-1%3A-1`;
    this.sessions.set(c_user, xs);
    return { c_user, xs };
  }

  revokeSession(c_user: string): void {
    const xs = this.sessions.get(c_user);
    if (xs !== undefined) this.revoked.add(xs);
    this.sessions.delete(c_user);
  }

  /** Live posts newest first, as `country` sees them. */
  listed(p: FbSimPage, country: string): FbSimPost[] {
    return p.posts.filter((x) => !x.removed && !x.geoBlocked.includes(country)).sort((a, b) => b.publishTime - a.publishTime);
  }

  private livePost(id: string): { page: FbSimPage; post: FbSimPost } {
    const f = this.findPost(id);
    if (!f || f.post.removed) throw new Error(`facebook sim: no live post "${id}"`);
    return f;
  }
}
