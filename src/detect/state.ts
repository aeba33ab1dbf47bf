// Compact per-target state the detector compares each fresh observation against.
// It is derived (rebuildable from the bucket) and kept hot in Redis by the workers.
import type { EventType } from './vocabulary.js';
import type { PageState } from '../scrapers/types.js';
import type { AttackRef } from './attack/link.js';

/** A candidate event waiting for agreeing observations (and, for post_deleted, a direct-URL probe). */
export interface OpenCandidate {
  id: string; // deterministic event id
  key: string; // dedup key: `<type>:<subject>`
  type: EventType;
  target: string; // target id the event is about
  postId?: string;
  /** The post's key within its account. */
  postKey?: string;
  /** The post's order (range listings: which pages cover it). */
  postOrder?: string;
  rule: string;
  confidence: number;
  detectedAt: string;
  lastOkAt?: string;
  firstChangedAt: string;
  /** Observations that agreed (including the first). */
  agree: number;
  lastAgreeAt: string;
  evidence: string[];
  /** Direct-URL check result (post_deleted). */
  probe?: 'present' | 'missing' | 'no_verdict';
  /** When the direct URL last answered `missing` (feeds: must be >= minSpan after detection). */
  probeAt?: string;
  details?: Record<string, unknown>;
}

export interface TargetState {
  v: 1;
  /** Established account state (changes only through confirmed events, or the first verdict). */
  state: PageState | 'pending';
  /** Content digest of the last verdict observation (unchanged => only a "seen" record). */
  digest?: string;
  lastOkAt?: string;
  lastObservedAt?: string;
  /** Last observation record written for the target (evidence for "before" versions). */
  lastObservationId?: string;
  username?: string;
  channelId?: string;
  /** Recent post key -> short content digest (views excluded). */
  posts: Record<string, string>;
  /**
   * `range` listings: order of a recent post whose order is not its key (Telegram's is its key, so
   * nothing is stored there). Feeds never compare orders and keep none.
   */
  ord?: Record<string, string>;
  open: OpenCandidate[];
  /** `feed` listings only (rss/web): what a tracked statement needs besides its digest (see feed.ts). */
  items?: Record<string, FeedItem>;
  /** The account name the target follows after a rename discovered through forwards and links (Telegram). */
  follow?: string;
  /** Version of postDigest the `posts` digests were made with (absent = 1). */
  dv?: number;
  /** History sweep: listing cursor of the next older page to re-read (absent = right below the window). */
  sweep?: string;
  /** Newest posts' interactions (comments) last recorded: post key -> digest (src/workers/interactions.ts). */
  interactions?: Record<string, string>;
  /** Where each of those posts' interactions is archived: `<blob sha256>|<capture id>|<observation id>` (attack evidence). */
  ir?: Record<string, string>;
  /** attack_suspected events still within detection.attack.linkWindow (src/workers/attacks.ts). */
  attacks?: AttackRef[];
  /** Quiet outcomes confirmed and still holding (shadow-bans, reach_drop): event type -> detectedAt. */
  held?: Partial<Record<EventType, string>>;
  /** When the shadow-ban probes last ran (ms; src/workers/shadow-probes.ts). */
  probedAt?: number;
  /** Views baseline of reach_drop (src/detect/reach.ts). */
  reach?: ReachState;
}

/** Views baseline of reach_drop (src/detect/reach.ts). */
export interface ReachState {
  /** Bucket index -> recent normal views at that age (oldest first). */
  b: Record<string, number[]>;
  /** Post key -> [last bucket judged, 1 low | 0 normal | -1 no baseline yet, post order]. */
  j: Record<string, [number, number, string]>;
  /**
   * Post key -> publication time (ms) seen on an earlier poll, for listings that print an exact
   * time only while a post is young (YouTube's Videos tab: "5 minutes ago", later "3 hours ago").
   * Kept only for the posts of the last listing that lacked a time there.
   */
  p?: Record<string, number>;
}

/** A tracked rss/web statement: its own URL (confirmation probes), age and last archived blob. */
export interface FeedItem {
  /** The item's own URL. */
  u: string;
  /** publishedAt (ms) when the feed gives one. */
  t?: number;
  /** Newness rank: larger = newer (feed order when first seen). */
  o: number;
  /** sha256 of the archived post-record blob of the version in `posts` (text diffs of edits). */
  b?: string;
  /** sha256 of the archived record of its own page's text (page edits; absent = never fetched ok). */
  p?: string;
  /** When its own page was last checked with a verdict (ms); re-checks go to the oldest first. */
  c?: number;
}

export const emptyState = (): TargetState => ({ v: 1, state: 'pending', posts: {}, open: [] });

/** The order of a post the state remembers (its key unless recorded otherwise). */
export const orderOf = (s: Pick<TargetState, 'ord'>, key: string): string => s.ord?.[key] ?? key;

/**
 * A hot state as stored, of either shape: states written before post keys were strings name a
 * candidate's post by `postNum` (a number, also its order) and keep the sweep cursor as a number.
 * Post maps were keyed by String(num) already, which is the key now.
 */
export function upgradeState(raw: unknown): TargetState {
  type Stored = Omit<TargetState, 'open' | 'sweep'> & { open?: (OpenCandidate & { postNum?: number })[]; sweep?: string | number };
  const s = raw as Stored;
  const open = (s.open ?? []).map((c): OpenCandidate => {
    if (typeof c.postNum !== 'number') return c;
    const { postNum, ...rest } = c;
    return { ...rest, postKey: rest.postKey ?? String(postNum), postOrder: rest.postOrder ?? String(postNum) };
  });
  const { sweep, ...rest } = s;
  const out: TargetState = { ...rest, posts: s.posts ?? {}, open };
  if (sweep !== undefined) out.sweep = String(sweep);
  return out;
}

/** Account states a takedown event moves a target into. */
export const TAKEDOWN_STATE_EVENT: Partial<Record<PageState, EventType>> = {
  not_found: 'account_deleted',
  restricted: 'account_restricted',
  suspended: 'account_suspended',
  geo_blocked: 'account_geo_blocked',
  private: 'account_private',
};

export const EVENT_TAKEDOWN_STATE: Partial<Record<EventType, PageState>> = Object.fromEntries(
  Object.entries(TAKEDOWN_STATE_EVENT).map(([s, e]) => [e, s]),
) as Partial<Record<EventType, PageState>>;
