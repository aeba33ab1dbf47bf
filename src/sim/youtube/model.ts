// The simulated YouTube's world: channels (UC id, @handle, state, countries that block it) and
// their videos (publication time, views, own state, countries that block them), sessions, faults
// and the ground truth of what happened (event names from src/detect/vocabulary.ts).
import { createHash, randomBytes } from 'node:crypto';
import type { EventType } from '../../detect/vocabulary.js';
import { benignSurge, botFarm } from '../crowds.js';
import { commentId, type CommentShape, type VideoComments, type YtComment, type YtCommenter } from './comments.js';

/** terminated / removed / copyright: the three suspension alerts; deleted: "does not exist"; age_gated: sign-in wall. */
export type YtChannelState = 'ok' | 'terminated' | 'removed' | 'copyright' | 'deleted' | 'age_gated';
/** deleted: gone ("Video unavailable"); private; members: members-only; age: age-restricted. */
export type YtVideoState = 'public' | 'deleted' | 'private' | 'members' | 'age';

export interface YtVideo {
  id: string;
  title: string;
  description: string;
  /** Publication time, ms. */
  publishedAt: number;
  views: number;
  durationSec: number;
  state: YtVideoState;
  /** Country codes where the video is blocked (answered UNPLAYABLE there, hidden from the tab). */
  geoBlocked: string[];
}

export interface YtChannel {
  id: string;
  handle: string;
  title: string;
  description: string;
  subscribers: number;
  state: YtChannelState;
  /** Country codes where the whole channel is blocked ("This channel is not available in your country."). */
  geoBlocked: string[];
  /** Newest last. */
  videos: YtVideo[];
  /** Kept out of search (shadowban_search): neither the channel nor its videos are found. */
  shadowSearch: boolean;
}

export type YtTruthType = Extract<EventType, 'post_deleted' | 'post_edited' | 'account_suspended' | 'account_deleted' | 'account_geo_blocked' | 'account_restored' | 'shadowban_search' | 'attack_suspected'>;

export interface YtTruth {
  type: YtTruthType;
  channel: string;
  videoId?: string;
  countries?: string[];
  /** shadowban_search: turned on (true) or off. */
  on?: boolean;
  at: string;
}

export type YtFaultRoute = 'search' | 'comments';
export type YtFaultKind = 'rate_limit' | 'error' | 'garbage' | 'consent' | 'bot_check' | 'login_wall';

export interface YtFault {
  kind: YtFaultKind;
  /** Only requests about this channel (handle or id); all when absent. */
  channel?: string;
  /** Only this route (`search`: the results page; `comments`: POST /youtubei/v1/next); every route when absent. */
  route?: YtFaultRoute;
  remaining: number;
}

/** Deterministic ids: `UC` + 22 characters for a channel, 11 for a video. */
const token = (seed: string, n: number): string => createHash('sha256').update(seed).digest('base64url').slice(0, n);

export class YtWorld {
  private readonly byHandle = new Map<string, YtChannel>();
  private readonly byId = new Map<string, YtChannel>();
  readonly truth: YtTruth[] = [];
  faults: YtFault[] = [];
  private readonly sessions = new Map<string, boolean>();
  private readonly comments = new Map<string, YtComment[]>();
  private readonly commentsOff = new Set<string>();
  /** The shape `/youtubei/v1/next` answers comments in: the current entity one, or the older renderer one. */
  commentShape: CommentShape = 'entity';

  constructor(readonly now: () => number = Date.now) {}

  /** A channel with `videos` videos, one a day, the newest a day old. */
  addChannel(c: { handle: string; title?: string; id?: string; subscribers?: number; videos?: number }): YtChannel {
    const handle = (c.handle.startsWith('@') ? c.handle : `@${c.handle}`).toLowerCase();
    const ch: YtChannel = {
      id: c.id ?? `UC${token(`channel:${handle}`, 22)}`,
      handle,
      title: c.title ?? `Channel ${handle.slice(1)}`,
      description: `The channel of ${handle}.`,
      subscribers: c.subscribers ?? 1234,
      state: 'ok',
      geoBlocked: [],
      videos: [],
      shadowSearch: false,
    };
    this.byHandle.set(handle, ch);
    this.byId.set(ch.id, ch);
    const n = c.videos ?? 0;
    for (let i = 0; i < n; i++) this.upload(handle, { at: this.now() - (n - i) * 86_400_000 });
    return ch;
  }

  /** By `@handle` (any case) or `UC…` id. */
  get(key: string): YtChannel | undefined {
    return this.byId.get(key) ?? this.byHandle.get((key.startsWith('@') ? key : `@${key}`).toLowerCase());
  }

  mustGet(key: string): YtChannel {
    const c = this.get(key);
    if (!c) throw new Error(`sim: no YouTube channel ${key}`);
    return c;
  }

  channels(): YtChannel[] {
    return [...this.byId.values()];
  }

  upload(key: string, v: { title?: string; description?: string; at?: number; views?: number; durationSec?: number } = {}): YtVideo {
    const c = this.mustGet(key);
    const seq = c.videos.length + 1;
    const video: YtVideo = {
      id: token(`video:${c.id}:${seq}`, 11),
      title: v.title ?? `${c.title}: report ${seq}`,
      description: v.description ?? `Report number ${seq} of ${c.title}.\nSources in the comments.`,
      publishedAt: v.at ?? this.now(),
      views: v.views ?? 100 * seq,
      durationSec: v.durationSec ?? 60 + seq * 7,
      state: 'public',
      geoBlocked: [],
    };
    c.videos.push(video);
    c.videos.sort((a, b) => a.publishedAt - b.publishedAt);
    return video;
  }

  video(key: string, id: string): YtVideo | undefined {
    return this.get(key)?.videos.find((v) => v.id === id);
  }

  /** A video anywhere in the world (the watch page is addressed by id only). */
  findVideo(id: string): { channel: YtChannel; video: YtVideo } | undefined {
    for (const channel of this.byId.values()) {
      const video = channel.videos.find((v) => v.id === id);
      if (video) return { channel, video };
    }
    return undefined;
  }

  setVideo(key: string, id: string, change: { state?: YtVideoState; geoBlocked?: string[]; title?: string }): YtVideo {
    const c = this.mustGet(key);
    const v = c.videos.find((x) => x.id === id);
    if (!v) throw new Error(`sim: no video ${id} on ${key}`);
    if (change.state) {
      v.state = change.state;
      if (change.state === 'deleted') this.record('post_deleted', c, { videoId: id });
    }
    if (change.geoBlocked) v.geoBlocked = change.geoBlocked.map((x) => x.toUpperCase());
    if (change.title !== undefined && change.title !== v.title) {
      v.title = change.title;
      this.record('post_edited', c, { videoId: id });
    }
    return v;
  }

  setChannel(key: string, change: { state?: YtChannelState; geoBlocked?: string[] }): YtChannel {
    const c = this.mustGet(key);
    const was = c.state;
    if (change.state && change.state !== was) {
      c.state = change.state;
      if (change.state === 'terminated' || change.state === 'removed' || change.state === 'copyright') this.record('account_suspended', c);
      else if (change.state === 'deleted') this.record('account_deleted', c);
      else if (change.state === 'ok') this.record('account_restored', c);
    }
    if (change.geoBlocked) {
      c.geoBlocked = change.geoBlocked.map((x) => x.toUpperCase());
      if (c.geoBlocked.length) this.record('account_geo_blocked', c, { countries: c.geoBlocked });
    }
    return c;
  }

  /** One comment under a video (default: the channel's newest), `at` ms (default now). */
  comment(key: string, c: { author: YtCommenter; text: string; at?: number; videoId?: string }): YtComment {
    const ch = this.mustGet(key);
    const v = c.videoId ? ch.videos.find((x) => x.id === c.videoId) : ch.videos.at(-1);
    if (!v) throw new Error(`sim: no video ${c.videoId ?? '(newest)'} on ${key}`);
    const list = this.comments.get(v.id) ?? [];
    const cm: YtComment = { id: commentId(v.id, list.length + 1), author: { ...c.author, handle: (c.author.handle.startsWith('@') ? c.author.handle : `@${c.author.handle}`).toLowerCase() }, text: c.text, at: c.at ?? this.now() };
    list.push(cm);
    this.comments.set(v.id, list);
    return cm;
  }

  /**
   * A crowd (src/sim/crowds.ts) comments under a video (default the newest): a bot farm within
   * `spanMs` (default 8 s) or a benign surge over `spanMs` (default 10 min), both ending now.
   */
  crowd(key: string, o: { kind: 'attack' | 'surge'; count: number; seed: number; lookalikes?: number; template?: string; spanMs?: number; videoId?: string }): YtComment[] {
    const ch = this.mustGet(key);
    const t = this.now();
    const span = o.spanMs ?? (o.kind === 'attack' ? 8000 : 600_000);
    const target = { handle: ch.handle.slice(1), title: ch.title };
    const crowd = o.kind === 'attack'
      ? botFarm(t - span, { seed: o.seed, count: o.count, target, lookalikes: o.lookalikes, spanMs: span, ...(o.template ? { template: o.template } : {}) })
      : benignSurge(t - span, { seed: o.seed, count: o.count, spanMs: span });
    const out = [...crowd].sort((a, b) => a.offsetMs - b.offsetMs).map((m) => this.comment(key, { author: { handle: m.username, name: m.name, avatar: m.avatar }, text: m.text, at: t - span + m.offsetMs, ...(o.videoId ? { videoId: o.videoId } : {}) }));
    if (o.kind === 'attack') this.record('attack_suspected', ch);
    return out;
  }

  /** Turn a video's comments off (the watch page says so) or back on. */
  setCommentsOff(videoId: string, off: boolean): void {
    if (off) this.commentsOff.add(videoId);
    else this.commentsOff.delete(videoId);
  }

  commentsOf(videoId: string): VideoComments {
    return { off: this.commentsOff.has(videoId), comments: this.comments.get(videoId) ?? [] };
  }

  addFault(f: { kind: YtFaultKind; channel?: string; route?: YtFaultRoute; count?: number }): void {
    this.faults.push({ kind: f.kind, ...(f.channel ? { channel: f.channel } : {}), ...(f.route ? { route: f.route } : {}), remaining: f.count ?? 1 });
  }

  /** Keep a channel out of search or let it back (ground truth records each change). */
  setShadow(key: string, search: boolean): YtChannel {
    const c = this.mustGet(key);
    if (c.shadowSearch !== search) {
      c.shadowSearch = search;
      this.record('shadowban_search', c, { on: search });
    }
    return c;
  }

  /** The next fault that applies to a request about `channel` on `route` (consumed). */
  takeFault(channel: YtChannel | undefined, route?: YtFaultRoute): YtFault | undefined {
    const i = this.faults.findIndex((f) => f.remaining > 0 && (f.route === undefined || f.route === route) && (f.channel === undefined || (channel !== undefined && this.get(f.channel) === channel)));
    if (i < 0) return undefined;
    const f = this.faults[i];
    f.remaining--;
    if (f.remaining <= 0) this.faults.splice(i, 1);
    return f;
  }

  /** A fresh session cookie value (the sim's stand-in for Google's SID). */
  issueSession(): string {
    const v = randomBytes(18).toString('base64url');
    this.sessions.set(v, true);
    return v;
  }

  revokeSession(v: string): void {
    if (this.sessions.has(v)) this.sessions.set(v, false);
  }

  /** 'valid' | 'revoked' | 'none' for a cookie value. */
  session(v: string | undefined): 'valid' | 'revoked' | 'none' {
    if (v === undefined) return 'none';
    const s = this.sessions.get(v);
    return s === undefined ? 'none' : s ? 'valid' : 'revoked';
  }

  private record(type: YtTruthType, c: YtChannel, extra: Partial<YtTruth> = {}): void {
    this.truth.push({ type, channel: c.handle, at: new Date(this.now()).toISOString(), ...extra });
  }
}
