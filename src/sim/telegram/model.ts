// In-memory Telegram world for the simulator: channels, posts, states. Mutations bump a
// per-channel version so rendered pages can be cached per (channel, version, page).

export type ChannelState = 'ok' | 'private' | 'restricted' | 'deleted';

export interface SimMedia {
  kind: 'photo' | 'video';
  /** Key under /media/ on the sim server (bytes come from media.ts). */
  id: string;
  width: number;
  height: number;
  /** Seconds, videos only. */
  duration?: number;
  /** Telegram shows "Media is too big" instead of a player. */
  tooBig?: boolean;
}

/** A comment in the channel's linked discussion group, under one post. */
export interface SimComment {
  /** Message id in the discussion group (one sequence per channel). */
  id: number;
  /** Unix seconds. */
  date: number;
  author: string;
  /** Public username of the commenter, if any (rendered as a t.me link). */
  username?: string;
  /** Whether the commenter has a profile picture. */
  avatar: boolean;
  text: string;
  /** Id of the comment it answers. */
  replyTo?: number;
}

export interface SimPost {
  num: number;
  /** Unix seconds. */
  date: number;
  /** Plain text; rendered escaped with <br/> for newlines. */
  text: string;
  views: number;
  edited: boolean;
  author?: string;
  forwardedFrom?: { name: string; url: string };
  replyTo?: { num: number; text: string };
  media: SimMedia[];
  /** Album: each media item occupies its own message id (num, num+1, ...), like Telegram. */
  grouped?: boolean;
  /** Service message ("Channel created"): no views. */
  service?: boolean;
  /** Comments in the linked discussion group, oldest first. */
  comments?: SimComment[];
}

export interface SimCounters {
  subscribers: number;
  photos: number;
  videos: number;
  links: number;
}

export interface SimChannel {
  username: string;
  /** Stable numeric id (survives renames); data-view carries it as `c: -id`. */
  channelId: number;
  title: string;
  description: string;
  verified: boolean;
  counters: SimCounters;
  state: ChannelState;
  /** Shown for state=restricted. */
  blockReason: string;
  /** Ascending by num. */
  posts: SimPost[];
  nextNum: number;
  version: number;
  /** The linked discussion: `public` (comments widget shows comments), `private` (group not public), `off`. */
  discussion: 'public' | 'private' | 'off';
  nextCommentId: number;
  /**
   * Countries (ISO codes, as the request's `x-sim-vantage` names them) where t.me shows its
   * "can't be displayed … local laws" stub instead of the channel (a per-country block).
   */
  geoBlockedIn: string[];
}

export const TOS_BLOCK_TEXT = "This channel can't be displayed because it violated Telegram's Terms of Service.";
/** The stub t.me serves where a channel is blocked per country (the "local laws" variant of the notice). */
export const GEO_BLOCK_TEXT = "This channel can't be displayed because it violated local laws.";

export interface NewChannel {
  username: string;
  channelId?: number;
  title: string;
  description?: string;
  verified?: boolean;
  subscribers?: number;
}

export type NewPost = Partial<Omit<SimPost, 'num'>> & { text: string };

/** Message ids a post occupies (albums take one id per item). */
export const postSpan = (p: SimPost): number => (p.grouped ? Math.max(1, p.media.length) : 1);

export class SimWorld {
  private readonly byName = new Map<string, SimChannel>();
  private readonly byId = new Map<number, SimChannel>();
  private nextId = 1_400_000_000;

  addChannel(c: NewChannel): SimChannel {
    const username = c.username.toLowerCase();
    if (this.byName.has(username)) throw new Error(`sim: channel @${username} already exists`);
    const ch: SimChannel = {
      username,
      channelId: c.channelId ?? this.nextId++,
      title: c.title,
      description: c.description ?? '',
      verified: c.verified ?? false,
      counters: { subscribers: c.subscribers ?? 1000, photos: 0, videos: 0, links: 0 },
      state: 'ok',
      blockReason: TOS_BLOCK_TEXT,
      posts: [],
      nextNum: 1,
      version: 0,
      discussion: 'public',
      nextCommentId: 1,
      geoBlockedIn: [],
    };
    this.byName.set(username, ch);
    this.byId.set(ch.channelId, ch);
    return ch;
  }

  /** Live channel currently holding this username (deleted channels free their name). */
  get(username: string): SimChannel | undefined {
    return this.byName.get(username.toLowerCase());
  }

  mustGet(username: string): SimChannel {
    const ch = this.get(username);
    if (!ch) throw new Error(`sim: no channel @${username}`);
    return ch;
  }

  channels(): SimChannel[] {
    return [...this.byName.values()];
  }

  addPost(username: string, p: NewPost): SimPost {
    const ch = this.mustGet(username);
    const post: SimPost = {
      num: ch.nextNum,
      date: p.date ?? Math.floor(Date.now() / 1000),
      text: p.text,
      views: p.views ?? 0,
      edited: p.edited ?? false,
      media: p.media ?? [],
      ...(p.author ? { author: p.author } : {}),
      ...(p.forwardedFrom ? { forwardedFrom: p.forwardedFrom } : {}),
      ...(p.replyTo ? { replyTo: p.replyTo } : {}),
      ...(p.grouped ? { grouped: true } : {}),
      ...(p.service ? { service: true } : {}),
    };
    ch.nextNum += postSpan(post);
    ch.posts.push(post);
    for (const m of post.media) ch.counters[m.kind === 'photo' ? 'photos' : 'videos']++;
    if (/https?:\/\//.test(post.text)) ch.counters.links++;
    ch.version++;
    return post;
  }

  getPost(username: string, num: number): SimPost | undefined {
    return this.get(username)?.posts.find((p) => p.num === num);
  }

  editPost(username: string, num: number, text: string): SimPost {
    const p = this.getPost(username, num);
    if (!p) throw new Error(`sim: no post @${username}/${num} to edit`);
    p.text = text;
    p.edited = true;
    this.mustGet(username).version++;
    return p;
  }

  deletePost(username: string, num: number): void {
    const ch = this.mustGet(username);
    const i = ch.posts.findIndex((p) => p.num === num);
    if (i < 0) throw new Error(`sim: no post @${username}/${num} to delete`);
    ch.posts.splice(i, 1);
    ch.version++;
  }

  setState(username: string, state: ChannelState, reason?: string): void {
    const ch = this.mustGet(username);
    ch.state = state;
    if (reason) ch.blockReason = reason;
    ch.version++;
  }

  /** Blocks the channel in these countries (empty: lifts every per-country block). */
  setGeoBlock(username: string, countries: readonly string[]): void {
    const ch = this.mustGet(username);
    ch.geoBlockedIn = countries.map((c) => c.toUpperCase());
    ch.version++;
  }

  /** Deleting a channel frees its username: t.me/name then shows the generic not-found page. */
  deleteChannel(username: string): void {
    const ch = this.mustGet(username);
    ch.state = 'deleted';
    ch.version++;
    this.byName.delete(ch.username);
  }

  rename(from: string, to: string): SimChannel {
    const ch = this.mustGet(from);
    const next = to.toLowerCase();
    if (this.byName.has(next)) throw new Error(`sim: cannot rename @${from}: @${next} is taken`);
    this.byName.delete(ch.username);
    ch.username = next;
    ch.version++;
    this.byName.set(next, ch);
    return ch;
  }

  addComment(username: string, num: number, c: Omit<SimComment, 'id'>): SimComment {
    const ch = this.mustGet(username);
    const p = this.getPost(username, num);
    if (!p) throw new Error(`sim: no post @${username}/${num} to comment on`);
    const comment: SimComment = { ...c, id: ch.nextCommentId++ };
    (p.comments ??= []).push(comment);
    ch.version++;
    return comment;
  }

  deleteComment(username: string, num: number, id: number): void {
    const p = this.getPost(username, num);
    const i = p?.comments?.findIndex((c) => c.id === id) ?? -1;
    if (!p?.comments || i < 0) throw new Error(`sim: no comment ${id} under @${username}/${num}`);
    p.comments.splice(i, 1);
    this.mustGet(username).version++;
  }

  /** Advance view counters (posts keep gaining views like on the real platform). */
  bumpViews(username: string, factor = 1.05): void {
    const ch = this.mustGet(username);
    for (const p of ch.posts) if (!p.service) p.views = Math.ceil(p.views * factor) + 1;
    ch.version++;
  }
}

export const createWorld = (): SimWorld => new SimWorld();
