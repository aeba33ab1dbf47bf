// The contract between platforms and the rest of Vigil. Scrapers are pure: they plan
// fetches, classify fetched pages and parse them; they never fetch or write.
import { z } from 'zod';
import { Order, OrderRange } from './order.js';

/** A registered platform's name (the registry, src/scrapers/registry.ts, lists them). */
export type Platform = string;

/** A recognised, normalised target: `telegram:durov` -> {platform:'telegram', key:'durov'}. */
export interface TargetRef {
  platform: Platform;
  /** Normalised account key (lower-case username for Telegram, the URL for rss/web). */
  key: string;
  /** Canonical spec string, `<platform>:<key>`. */
  spec: string;
  /**
   * The account's stable id as its landing answered it (`channel.channelId`), for platforms whose
   * listing is addressed by it (`Scraper.landingFirst`); set by the poll, never by match().
   */
  id?: string;
}

export type FetchPurpose = 'listing' | 'landing' | 'post' | 'media' | 'probe' | 'interactions';

export interface FetchStep {
  /** `http`: the HTTP fetcher; `browser`: rendered by Chromium (the page's HTML after load is the body). */
  via: 'http' | 'browser';
  url: string;
  purpose: FetchPurpose;
  /** The step only works logged in: the worker sends a configured session of the platform (config `sessions`). */
  needsSession?: boolean;
  /**
   * Request headers the platform's own web client sends and its API insists on (Instagram's
   * `x-ig-app-id`). Sent by the HTTP fetcher beside its own; never cookies or credentials.
   */
  headers?: Readonly<Record<string, string>>;
  /**
   * `POST`: the platform's web client asks its API by POST (YouTube's /youtubei/v1/next, which lists
   * a video's comments). Sent by the HTTP fetcher only, under the same SSRF guard, pacing, timeout
   * and size limits as a GET; recorded in the capture manifest with its body. Absent = GET.
   */
  method?: 'GET' | 'POST';
  /** The POST's body (JSON text; `headers` say its content-type). Only with `method: 'POST'`. */
  body?: string;
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

/**
 * Records written before posts were addressed by strings carry `num` (a JS number): read them as
 * key = order = that number (Telegram message ids; rss/web item hashes), `replyTo.num` as
 * `replyTo.key`, `groupedIds` as `groupedKeys`. Writers write the new shape only.
 */
export function upgradePostRecord(v: unknown): unknown {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
  const o = v as Record<string, unknown>;
  if (typeof o.num !== 'number' && o.groupedIds === undefined && !legacyReply(o.replyTo)) return v;
  const { num, groupedIds, ...rest } = o;
  const out: Record<string, unknown> = { ...rest };
  if (typeof num === 'number' && out.key === undefined) out.key = String(num);
  if (typeof num === 'number' && out.order === undefined) out.order = String(num);
  if (Array.isArray(groupedIds) && out.groupedKeys === undefined) out.groupedKeys = groupedIds.map(String);
  if (legacyReply(o.replyTo)) {
    const { num: rn, ...r } = o.replyTo as Record<string, unknown>;
    out.replyTo = { ...r, ...(typeof rn === 'number' && r.key === undefined ? { key: String(rn) } : {}) };
  }
  return out;
}
const legacyReply = (r: unknown): boolean => r !== null && typeof r === 'object' && 'num' in r;

const PostRecordShape = z.object({
  /** Platform-wide stable id, e.g. `durov/523` for Telegram (events and the catalog name posts by it). */
  id: z.string().min(1),
  /**
   * The post's address within its account: Telegram's message id "523", an X post id, a YouTube
   * video id, a statement's stable hash. Hot state, candidates and the catalog's `post_key` use it.
   */
  key: z.string().min(1),
  /** Publication order within the account (decimal integer string, compared as BigInt; order.ts). */
  order: Order,
  url: z.string(),
  publishedAt: z.string().optional(),
  text: z.string(),
  html: z.string(),
  views: z.number().int().nonnegative().optional(),
  edited: z.boolean(),
  author: z.string().optional(),
  forwardedFrom: z.object({ name: z.string(), url: z.string().optional() }).optional(),
  replyTo: z.object({ url: z.string(), key: z.string().optional(), text: z.string().optional() }).optional(),
  links: z.array(z.string()),
  media: z.array(MediaRef),
  /** Keys of album members folded into this post (Telegram grouped media), this post's own included. */
  groupedKeys: z.array(z.string()).optional(),
  service: z.boolean().optional(),
});
export const PostRecord = z.preprocess(upgradePostRecord, PostRecordShape);
export type PostRecord = z.infer<typeof PostRecordShape>;

export const ChannelInfo = z.object({
  username: z.string(),
  title: z.string().optional(),
  description: z.string().optional(),
  avatarUrl: z.string().optional(),
  verified: z.boolean().optional(),
  /** Raw counters as shown, e.g. {subscribers: '109K', photos: '63.8K'}. */
  counters: z.record(z.string()),
  subscribers: z.number().optional(),
  /**
   * Stable id that survives renames (Telegram: `c` in data-view / data-peer, bare digits). It keys a
   * Redis index shared by all platforms: a new platform prefixes its ids (`vk:club1`) so they never
   * collide with another platform's.
   */
  channelId: z.string().optional(),
});
export type ChannelInfo = z.infer<typeof ChannelInfo>;

/**
 * How deletions are told from a listing. `range`: a post seen before whose order lies inside a
 * fresh, complete listing's range and is missing is a deletion candidate, confirmed by its own URL
 * (Telegram). `feed`: listings are windows that drop old items; a vanished item counts only while
 * an older one is still listed, or when its own page answers 404/410 (rss, web).
 */
export const LISTING_MODELS = ['range', 'feed'] as const;
export type ListingModel = (typeof LISTING_MODELS)[number];

export const Observation = z.object({
  /** A registered platform (src/scrapers/registry.ts). */
  platform: z.string().min(1),
  /** The scraper's listing model, carried so the pure detector needs no registry. */
  listingModel: z.enum(LISTING_MODELS),
  target: z.string(), // TargetRef.key
  url: z.string(),
  state: z.enum(PAGE_STATES),
  /** Human-readable reason for the state (e.g. the platform's block text). */
  stateReason: z.string().optional(),
  channel: ChannelInfo.optional(),
  posts: z.array(PostRecordShape),
  /** Cursor for the next (older) page, if the platform offers one. */
  olderCursor: z.string().optional(),
  /** True when the page provably reaches the first post of the account. */
  reachedStart: z.boolean(),
  /**
   * `range` listings: the orders this observation covers completely (for deletion checks). A post
   * a platform pins above the newest ones (Instagram) is listed but may lie outside it.
   */
  range: OrderRange.optional(),
  /** web: the listing advertises a feed (<link rel=alternate>); the pipeline may switch to rss:<feedUrl>. */
  feedUrl: z.string().optional(),
  /** Set by the worker (never a scraper) when vantage points disagree: where the account is blocked, where it is visible. */
  geo: z.object({ blockedIn: z.array(z.string()), visibleFrom: z.array(z.string()) }).optional(),
});
export type Observation = z.infer<typeof Observation>;

/** Result of checking one post by its direct URL (the confirmation step for post_deleted). */
export interface PostProbe {
  state: 'present' | 'missing' | 'no_verdict';
  post?: PostRecord;
  reason?: string;
  /** What the answer says of the post's author, when it says it (X: TweetUnavailable "Suspended"). */
  accountState?: PageState;
}

/** Result of fetching one item's own page (rss/web statements): 404/410 = missing. */
export interface ItemProbe {
  state: 'present' | 'missing' | 'no_verdict';
  title?: string;
  /** Plain text of the statement's body (for edit detection and text diffs). */
  text?: string;
  reason?: string;
}

/**
 * What other accounts did to a post, as its platform shows it publicly: Telegram discussion comments
 * today; X replies and quotes, YouTube and VK comments use the same shape. Recorded as evidence (the
 * page bytes, and each interaction in a blob listed by the observation record) so that attacks on an
 * account (bursts of comments from fresh, avatar-less accounts) can be studied later.
 */
export const INTERACTION_KINDS = ['comment', 'reply', 'mention', 'quote'] as const;
export const Interaction = z.object({
  kind: z.enum(INTERACTION_KINDS),
  /** Stable id within the post's interactions (Telegram: the comment's message id in the discussion group). */
  key: z.string().min(1),
  /** Direct URL of the interaction, when it has one (`t.me/<channel>/<post>?comment=<id>`). */
  url: z.string().optional(),
  author: z.object({
    /** Display name as shown. */
    name: z.string(),
    /** Public username / handle when the platform shows one. */
    username: z.string().optional(),
    /** Profile link when shown. */
    url: z.string().optional(),
    /** Whether the author has a profile picture (accounts without one are a bot-farm signal). */
    avatar: z.boolean(),
    /** The picture's URL as served (often signed and rotating: never part of a digest). */
    avatarUrl: z.string().optional(),
    /** ISO time the account was created, when the platform shows it (X, YouTube channels). */
    createdAt: z.string().optional(),
    /** Followers / subscribers as shown, when the platform shows them. */
    followers: z.number().int().nonnegative().optional(),
  }),
  text: z.string(),
  /** ISO time it was published, when shown. */
  at: z.string().optional(),
  /**
   * The time as the platform printed it, when it prints only a relative time ("5 mins", "on Fri":
   * Facebook; "3 minutes ago": YouTube); `at` is then an estimate from the fetch time, good only to
   * the unit shown, and neither counts in the interactions' digest (both drift as the page ages,
   * though nothing changed).
   */
  atShown: z.string().optional(),
  /** The interaction this one answers, within the same post's interactions. */
  replyTo: z.object({ key: z.string().optional(), name: z.string().optional(), text: z.string().optional() }).optional(),
  media: z.array(MediaRef).optional(),
});
export type Interaction = z.infer<typeof Interaction>;

/**
 * A post's interactions page: `ok` with what it lists (may be none), `none` when the platform says
 * there is nothing public to read (comments off, discussion group not public), `no_verdict` for a
 * transient or unreadable answer (the previous record stands).
 */
export interface InteractionsProbe {
  state: 'ok' | 'none' | 'no_verdict';
  interactions: Interaction[];
  /** Total the page announces ("44 comments"), which may exceed what it lists. */
  total?: number;
  reason?: string;
  /**
   * The page only says where the interactions are (YouTube: a watch page holds the continuation
   * that /youtubei/v1/next answers with the comments): the worker fetches this step and asks
   * parseInteractions again with its answer, a few steps at most (src/workers/interactions.ts), and
   * archives every page read. A probe with `next` is no verdict by itself.
   */
  next?: FetchStep;
  /**
   * The next, older page of the same list (Instagram's `next_min_id`). An `ok` page that has one is a
   * verdict already; the worker reads up to the platform's `interactionsPages` pages (within
   * MAX_INTERACTION_STEPS) and joins what they list, so a burst larger than one page is read whole.
   * It is sent like the page it follows (same headers, same session), with its own URL.
   */
  more?: FetchStep;
}

/**
 * Shadow-ban probes (issue 10, src/detect/shadow.ts). `search`: a platform search for the account's
 * handle or an exact phrase of one of its posts; what it lists of the account's posts. A login wall,
 * captcha, 429 or foreign answer is `no_verdict` (neither banned nor clear).
 */
export interface SearchQuery {
  /** `handle`: the account's own posts by its handle (X `from:`); `phrase`: an exact phrase of one post. */
  kind: 'handle' | 'phrase';
  text: string;
}
export interface SearchProbe {
  state: 'ok' | 'no_verdict';
  /** Keys of the account's posts the search listed (other accounts' posts are left out). */
  keys: string[];
  /**
   * Handle searches of platforms that list accounts beside posts (YouTube's channel result, VK's
   * communities search): whether the account itself was listed. Absent = the answer cannot say.
   */
  account?: boolean;
  reason?: string;
}
/** Typeahead / search suggestions for the exact handle: whether the account is among them. */
export interface SuggestionProbe {
  state: 'ok' | 'no_verdict';
  found: boolean;
  reason?: string;
}
/**
 * The conversation an account's reply belongs to, seen logged out: `shown` on the first page,
 * `hidden` only behind "show more replies" / "show probable spam", `missing` nowhere.
 */
export interface ReplyProbe {
  state: 'ok' | 'no_verdict';
  placement?: 'shown' | 'hidden' | 'missing';
  reason?: string;
}

/** A platform's settings (`platforms.<name>` in the config), as its own zod schema outputs them. */
export type ScraperSettings = Record<string, unknown>;

/** A `VIGIL_*` environment variable that sets one key of the platform's settings. */
export interface EnvSetting {
  key: string;
  kind: 'string' | 'int' | 'bool';
}

/** The `capture.*` settings a platform reads to decide whether it wants browser captures. */
export type CaptureFlags = Readonly<Record<string, unknown>>;

/**
 * How a `range` platform walks its history in bounded steps (the history sweep re-reads older
 * listing pages by cursor). Cursors are the platform's own strings (`olderCursor`).
 */
export interface HistoryWalk {
  /** The highest order a listing page read with `cursor` vouches for (it lists every post up to it), or undefined. */
  ceiling(cursor: string): string | undefined;
  /** A cursor whose listing page shows the post of this order (to re-read an open deletion's page), or undefined. */
  cursorFor(order: string): string | undefined;
}

/**
 * Everything Vigil knows about one platform, all pure: workers, detection, catalog, export and UI
 * ask this and never branch on a platform's name. One folder per platform (src/scrapers/<name>/),
 * one line in the registry. README "Adding a platform" walks through the members.
 */
export interface Scraper<S extends ScraperSettings = ScraperSettings> {
  platform: Platform;
  /** Human name for UI, help and citations ("Telegram", "RSS/Atom feed"). */
  displayName: string;
  /** Spec examples (`telegram:durov`); the first one is shown in help texts and errors. */
  examples: readonly string[];
  /** Its `platforms.<name>` config section: strict, with defaults (the config schema is built from it). */
  settings: z.ZodType<S, z.ZodTypeDef, unknown>;
  /** `VIGIL_*` variables that set keys of its section. */
  env?: Readonly<Record<string, EnvSetting>>;
  listingModel: ListingModel;
  /**
   * The listing is addressed by an id the public name does not give (X: UserTweets takes the user id
   * UserByScreenName answers). Each poll then reads `planLanding` first: its verdict is the account's
   * state, its `channel.channelId` is passed to `planListing` as `TargetRef.id`, and the listing adds
   * the posts (a listing without a verdict leaves the landing's state, without posts).
   */
  landingFirst?: boolean;
  /** Recognise a spec (`telegram:name`) or URL (`https://t.me/name`) and normalise it. */
  match(specOrUrl: string): TargetRef | null;
  /** Where to look: the newest listing page, or an older page when `cursor` is given. */
  planListing(t: TargetRef, s: S, cursor?: string): FetchStep;
  /** Direct URL of one post by its key (confirms deletions/edits). */
  planPost(t: TargetRef, s: S, key: string): FetchStep;
  /** Landing page of the account (used when the listing is unavailable). */
  planLanding(t: TargetRef, s: S): FetchStep;
  /**
   * A known-good public page of the platform (its settings' `controlUrl`), for platforms whose one
   * "unavailable" answer is also what a walled session or vantage sees (Instagram, Facebook). When
   * an answer would become a takedown (an account state other than ok/empty, a post `missing`), the
   * worker fetches it in the same poll, through the same session; unless it classifies ok/empty,
   * the answer is no verdict. Absent or undefined = no control.
   */
  planControl?(s: S): FetchStep | undefined;
  classify(p: FetchedPage): { state: PageState; reason?: string };
  /**
   * The platform answers "suspended" for live accounts too (X: gallery-dl #2258): an
   * account_suspended candidate is confirmed only after one of the account's known posts, fetched
   * by planPost, answers as its author's suspension too (parsePost's `accountState`); a post that
   * shows dismisses it. Absent = the usual confirmation.
   */
  recheckSuspension?: boolean;
  /** Parse a listing page classified ok/empty. Throws VigilError VGL_PARSE_UNEXPECTED_MARKUP. */
  parse(p: FetchedPage, t: TargetRef): Observation;
  /** Interpret a direct-post page. */
  parsePost(p: FetchedPage, t: TargetRef, key: string): PostProbe;
  /** Optional: the post key a post's public URL names (`t.me/durov/523` -> "523"), or null (`vigil inspect <post URL>`). */
  postKeyOf?(url: string): string | null;
  /** `feed` platforms: the item's own page (its key is a hash, so planPost cannot address it). */
  planItem?(t: TargetRef, s: S, post: Pick<PostRecord, 'key' | 'url'>): FetchStep;
  /** `feed` platforms: interpret an item's own page; 404/410 = missing, 429/5xx/garbage = no_verdict. */
  parseItem?(p: FetchedPage): ItemProbe;
  /**
   * What counts as the post's content for edit detection (hashed into its digest): never counters
   * or signed CDN URLs. Changing it changes every digest: bump DIGEST_VERSION (src/detect/digest.ts).
   */
  stableContent(post: PostRecord): unknown;
  /** `range` platforms with older pages: how the history sweep walks them. */
  history?: HistoryWalk;
  /**
   * Accounts of this platform the posts point at (forwards, links), as keys for match(): where a
   * renamed account that nobody watches went. Absent = no rename discovery.
   */
  referencedAccounts?(posts: readonly PostRecord[]): string[];
  /**
   * Optional: where the public interactions with a post (comments, replies) are read, or undefined
   * when the post has none to read. Workers read them for the newest `interactionsPerPoll` posts
   * (a key of the platform's settings, 0 = off) on polls that saw the account ok.
   */
  planInteractions?(t: TargetRef, s: S, post: PostRecord): FetchStep | undefined;
  /** Optional, with planInteractions: interpret that page. Never throws on foreign markup (no_verdict). */
  parseInteractions?(p: FetchedPage, t: TargetRef, post: PostRecord): InteractionsProbe;
  /**
   * With planInteractions: the platform shows them only to logged-in viewers (its steps say
   * needsSession), so a worker reading them with no session of the platform warns at start.
   */
  interactionsNeedSession?: boolean;
  /**
   * Optional shadow-ban probes (src/workers/shadow-probes.ts). planSearch: the platform's search for
   * the account's handle or an exact phrase of one of its posts (undefined = this kind unsupported).
   */
  planSearch?(t: TargetRef, s: S, q: SearchQuery): FetchStep | undefined;
  /** With planSearch: the account's posts the answer lists. Never throws on foreign markup (no_verdict). */
  parseSearch?(p: FetchedPage, t: TargetRef): SearchProbe;
  /**
   * Optional, with planSearch: the exact phrase of a post to search for (default: its first words,
   * src/detect/shadow.ts phraseOf). YouTube: the title, since the post's text also holds the description.
   */
  searchPhrase?(post: PostRecord): string;
  /**
   * Optional: the latest time (ms) a post can have been published, for posts the listing shows only
   * an age for (YouTube's "3 days ago" leaves publishedAt empty): whether it is old enough to be in
   * the platform's search index. Absent, or undefined: only publishedAt counts.
   */
  publishedNoLaterThan?(post: PostRecord): number | undefined;
  /**
   * Optional: shadow-ban probes this platform has no honest public way to run, with why. Each probe
   * round records them as `no_verdict` "unsupported on this platform: <why>" (never banned or clear).
   */
  unsupportedProbes?: Readonly<Partial<Record<'shadowban_search' | 'shadowban_suggestion' | 'shadowban_reply', string>>>;
  /** Optional: typeahead / search suggestions for the exact handle, logged out. */
  planTypeahead?(t: TargetRef, s: S): FetchStep | undefined;
  parseTypeahead?(p: FetchedPage, t: TargetRef): SuggestionProbe;
  /** Optional: the conversation of one of the account's replies (a post with replyTo), logged out. */
  planConversation?(t: TargetRef, s: S, reply: PostRecord): FetchStep | undefined;
  parseConversation?(p: FetchedPage, t: TargetRef, reply: PostRecord): ReplyProbe;
  /** Browser captures of new and edited posts: whether wanted (from `capture.*`), and what they are called. */
  captures: { kind: 'post' | 'statement'; wanted(capture: CaptureFlags, s: S): boolean };
  /** How a capture of this URL is cited: the account, or null when the URL is not this platform's. */
  cite(url: string): { account: string } | null;
  /** CSL type of its citations: `post` (social media) or `webpage`. */
  citeAs: 'post' | 'webpage';
}

/**
 * A scraper as its folder exports it: the interface, keeping its literal platform name and its
 * settings schema, from which the registry types the config's `platforms` section.
 */
export type PlatformScraper<P extends string, Z extends z.ZodTypeAny> = Omit<Scraper<z.output<Z>>, 'platform' | 'settings'> & { platform: P; settings: Z };
