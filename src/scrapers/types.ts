// The contract between platforms and the rest of Vigil. Scrapers are pure: they plan
// fetches, classify fetched pages and parse them; they never fetch or write.
import { z } from 'zod';

export const PLATFORMS = ['telegram', 'rss', 'web'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** A recognised, normalised target: `telegram:durov` -> {platform:'telegram', key:'durov'}. */
export interface TargetRef {
  platform: Platform;
  /** Normalised account key (lower-case username for Telegram, the URL for rss/web). */
  key: string;
  /** Canonical spec string, `<platform>:<key>`. */
  spec: string;
}

export type FetchPurpose = 'listing' | 'landing' | 'post' | 'media' | 'probe';

export interface FetchStep {
  via: 'http' | 'browser';
  url: string;
  purpose: FetchPurpose;
}

/** What a fetcher hands back: the exact bytes plus response metadata (kept as evidence). */
export interface FetchedPage {
  url: string;
  finalUrl: string;
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  fetchedAt: string; // ISO time the response completed
  purpose: FetchPurpose;
}

/**
 * What a page says about the account. Only ok/not_found/suspended/restricted/geo_blocked/private/empty
 * can ever feed a takedown rule; rate_limited, login_wall and unknown are "no verdict".
 */
export const PAGE_STATES = [
  'ok',
  'empty',
  'not_found',
  'suspended',
  'restricted',
  'geo_blocked',
  'private',
  'login_wall',
  'rate_limited',
  'unknown',
] as const;
export type PageState = (typeof PAGE_STATES)[number];
export const NO_VERDICT_STATES: ReadonlySet<PageState> = new Set(['login_wall', 'rate_limited', 'unknown']);

export const MediaRef = z.object({
  type: z.enum(['photo', 'video', 'gif', 'roundvideo', 'voice', 'audio', 'document', 'sticker', 'poll', 'link_preview']),
  url: z.string().optional(),
  thumbUrl: z.string().optional(),
  duration: z.string().optional(),
  title: z.string().optional(),
  tooBig: z.boolean().optional(),
});
export type MediaRef = z.infer<typeof MediaRef>;

export const PostRecord = z.object({
  /** Platform-wide stable id, e.g. `durov/523` for Telegram. */
  id: z.string().min(1),
  /** Numeric message id within the channel (ordering, ranges). */
  num: z.number().int().nonnegative(),
  url: z.string(),
  publishedAt: z.string().optional(),
  text: z.string(),
  html: z.string(),
  views: z.number().int().nonnegative().optional(),
  edited: z.boolean(),
  author: z.string().optional(),
  forwardedFrom: z.object({ name: z.string(), url: z.string().optional() }).optional(),
  replyTo: z.object({ url: z.string(), num: z.number().int().optional(), text: z.string().optional() }).optional(),
  links: z.array(z.string()),
  media: z.array(MediaRef),
  /** Ids of album members folded into this post (Telegram grouped media). */
  groupedIds: z.array(z.number().int()).optional(),
  service: z.boolean().optional(),
});
export type PostRecord = z.infer<typeof PostRecord>;

export const ChannelInfo = z.object({
  username: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  avatarUrl: z.string().optional(),
  verified: z.boolean().optional(),
  /** Raw counters as shown, e.g. {subscribers: '109K', photos: '63.8K'}. */
  counters: z.record(z.string()),
  subscribers: z.number().optional(),
  /** Stable numeric id that survives renames (Telegram: `c` in data-view / data-peer). */
  channelId: z.string().optional(),
});
export type ChannelInfo = z.infer<typeof ChannelInfo>;

export const Observation = z.object({
  platform: z.enum(PLATFORMS),
  target: z.string(), // TargetRef.key
  url: z.string(),
  state: z.enum(PAGE_STATES),
  /** Human-readable reason for the state (e.g. the platform's block text). */
  stateReason: z.string().optional(),
  channel: ChannelInfo.optional(),
  posts: z.array(PostRecord),
  /** Cursor for the next (older) page, if the platform offers one. */
  olderCursor: z.string().optional(),
  /** True when the page provably reaches the first post of the account. */
  reachedStart: z.boolean(),
  /** The contiguous range of message numbers this observation covers (for deletion checks). */
  range: z.object({ min: z.number().int(), max: z.number().int() }).optional(),
  /** web: the listing advertises a feed (<link rel=alternate>); the pipeline may switch to rss:<feedUrl>. */
  feedUrl: z.string().optional(),
});
export type Observation = z.infer<typeof Observation>;

/** Result of checking one post by its direct URL (the confirmation step for post_deleted). */
export interface PostProbe {
  state: 'present' | 'missing' | 'no_verdict';
  post?: PostRecord;
  reason?: string;
}

/** Result of fetching one item's own page (rss/web statements): 404/410 = missing. */
export interface ItemProbe {
  state: 'present' | 'missing' | 'no_verdict';
  title?: string;
  /** Plain text of the statement's body (for edit detection and text diffs). */
  text?: string;
  reason?: string;
}

export interface ScraperSettings {
  baseUrl: string;
  [k: string]: unknown;
}

export interface Scraper<S extends ScraperSettings = ScraperSettings> {
  platform: Platform;
  settings: z.ZodType<S>;
  /** Recognise a spec (`telegram:name`) or URL (`https://t.me/name`) and normalise it. */
  match(specOrUrl: string): TargetRef | null;
  /** Where to look: the newest listing page, or an older page when `cursor` is given. */
  planListing(t: TargetRef, s: S, cursor?: string): FetchStep;
  /** Direct URL of one post (used to confirm deletions/edits). */
  planPost(t: TargetRef, s: S, num: number): FetchStep;
  /** Landing page of the account (used when the listing is unavailable). */
  planLanding(t: TargetRef, s: S): FetchStep;
  classify(p: FetchedPage): { state: PageState; reason?: string };
  /** Parse a listing page classified ok/empty. Throws VigilError VGL_PARSE_UNEXPECTED_MARKUP. */
  parse(p: FetchedPage, t: TargetRef): Observation;
  /** Interpret a direct-post page. */
  parsePost(p: FetchedPage, t: TargetRef, num: number): PostProbe;
  /** rss/web: the item's own URL (num is a hash there, so planPost cannot address it). */
  planItem?(t: TargetRef, s: S, post: PostRecord): FetchStep;
  /** rss/web: interpret an item's own page; 404/410 = missing, 429/5xx/garbage = no_verdict. */
  parseItem?(p: FetchedPage): ItemProbe;
}
