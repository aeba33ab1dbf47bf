// In-memory VK for the simulator: communities and users, their wall posts and account states, who
// may see them from where (geo blocks by vantage country) and whether a session is required.
// Mutations bump a per-account version so rendered pages can be cached.

export type VkAccountState = 'ok' | 'private' | 'blocked' | 'banned' | 'deleted';

export interface VkSimPost {
  /** Post number within the wall (VK's `<owner>_<num>`): grows with every post. */
  num: number;
  /** Unix seconds. */
  date: number;
  text: string;
  views: number;
  photos: number;
  video?: { seconds: number; title: string };
  /** A link in the text (rendered as VK's /away.php?to=… wrapper). */
  link?: string;
  /** Comments under it (its own page lists them). */
  comments?: VkSimComment[];
}

export interface VkSimComment {
  /** Comment id: numbered in the owner's post sequence, as VK does. */
  id: number;
  /** Unix seconds. */
  date: number;
  name: string;
  /** Screen name of the commenter. */
  handle: string;
  avatar: boolean;
  text: string;
}

export interface VkSimAccount {
  /** Screen name (lower case). */
  name: string;
  kind: 'community' | 'user';
  /** Numeric id: communities render as -id in post ids, users as id. */
  id: number;
  title: string;
  about: string;
  verified: boolean;
  followers: number;
  state: VkAccountState;
  /** ISO country codes from which the account is blocked (VK's "заблокирован на территории" page). */
  geoBlocked: string[];
  /** The owner allows only logged-in VK users to see the page (visitors get the login page). */
  loginOnly: boolean;
  /** Post number of the pinned post, if any. */
  pinned?: number;
  /** Ascending by num. */
  posts: VkSimPost[];
  /** Kept out of VK's search (shadowban_search): neither the account nor its posts are found. */
  shadowSearch: boolean;
  nextNum: number;
  version: number;
}

export interface NewVkAccount {
  name: string;
  kind?: 'community' | 'user';
  id?: number;
  title?: string;
  about?: string;
  verified?: boolean;
  followers?: number;
}

export class VkWorld {
  private readonly byName = new Map<string, VkSimAccount>();
  /** VK shows its search to members only: visitors without a session get the login page. */
  searchMembersOnly = false;
  private nextId = 200_000_000;

  add(a: NewVkAccount): VkSimAccount {
    const name = a.name.toLowerCase();
    if (this.byName.has(name)) throw new Error(`vk sim: account ${name} already exists`);
    const acc: VkSimAccount = {
      name,
      kind: a.kind ?? 'community',
      id: a.id ?? this.nextId++,
      title: a.title ?? name,
      about: a.about ?? '',
      verified: a.verified ?? false,
      followers: a.followers ?? 1000,
      state: 'ok',
      geoBlocked: [],
      loginOnly: false,
      posts: [],
      shadowSearch: false,
      nextNum: 1,
      version: 0,
    };
    this.byName.set(name, acc);
    return acc;
  }

  /** The account answering under this name: the screen name, or its numeric address club<n> / id<n>. */
  get(name: string): VkSimAccount | undefined {
    const n = name.toLowerCase();
    const direct = this.byName.get(n);
    if (direct) return direct;
    const m = /^(club|public|event|id)(\d+)$/.exec(n);
    if (!m) return undefined;
    const kind = m[1] === 'id' ? 'user' : 'community';
    return [...this.byName.values()].find((a) => a.kind === kind && a.id === Number(m[2]));
  }

  /** By the owner part of a post id: "-24199209" (community) or "1" (user). */
  byOwner(owner: string): VkSimAccount | undefined {
    const id = Number(owner.replace(/^-/, ''));
    const kind = owner.startsWith('-') ? 'community' : 'user';
    return [...this.byName.values()].find((a) => a.kind === kind && a.id === id);
  }

  mustGet(name: string): VkSimAccount {
    const a = this.get(name);
    if (!a) throw new Error(`vk sim: no account ${name}`);
    return a;
  }

  accounts(): VkSimAccount[] {
    return [...this.byName.values()];
  }

  addPost(name: string, p: Omit<VkSimPost, 'num'>): VkSimPost {
    const a = this.mustGet(name);
    const post: VkSimPost = { ...p, num: a.nextNum++ };
    a.posts.push(post);
    a.version++;
    return post;
  }

  editPost(name: string, num: number, text: string): void {
    const p = this.mustGet(name).posts.find((x) => x.num === num);
    if (!p) throw new Error(`vk sim: no post ${name}/${num}`);
    p.text = text;
    this.mustGet(name).version++;
  }

  deletePost(name: string, num: number): void {
    const a = this.mustGet(name);
    const i = a.posts.findIndex((x) => x.num === num);
    if (i < 0) throw new Error(`vk sim: no post ${name}/${num}`);
    a.posts.splice(i, 1);
    if (a.pinned === num) delete a.pinned;
    a.version++;
  }

  update(name: string, f: (a: VkSimAccount) => void): void {
    const a = this.mustGet(name);
    f(a);
    a.version++;
  }

  /** A renamed account keeps its id; its old screen name answers "not found". */
  rename(from: string, to: string): void {
    const a = this.mustGet(from);
    const next = to.toLowerCase();
    if (this.byName.has(next)) throw new Error(`vk sim: ${next} is taken`);
    this.byName.delete(a.name);
    a.name = next;
    a.version++;
    this.byName.set(next, a);
  }

  bumpViews(name: string): void {
    const a = this.mustGet(name);
    for (const p of a.posts) p.views = Math.ceil(p.views * 1.05) + 1;
    a.version++;
  }
}

/** `-24199209` for a community, `1` for a user: the owner part of its post ids. */
export const ownerOf = (a: Pick<VkSimAccount, 'kind' | 'id'>): string => (a.kind === 'community' ? `-${a.id}` : String(a.id));
