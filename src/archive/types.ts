// The evidence format (design: "Storage layout in the bucket"). Everything read back from
// the bucket goes through these zod schemas.
import { z } from 'zod';
import { EVENT_STATUSES, EVENT_TYPES } from '../detect/vocabulary.js';
import { PAGE_STATES, ChannelInfo } from '../scrapers/types.js';
import { Order } from '../scrapers/order.js';

export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);

/** One stored artifact, as listed in a manifest. */
export const ArtifactRef = z.object({
  name: z.string(), // e.g. "page.html", "screenshot.png", "capture.warc.gz", "media/0.jpg", "post.json"
  sha256: Sha256Hex,
  size: z.number().int().nonnegative(),
  type: z.string(), // MIME type
  truncated: z.boolean().optional(),
  sourceUrl: z.string().optional(),
});
export type ArtifactRef = z.infer<typeof ArtifactRef>;

export const CAPTURE_STATUSES = ['queued', 'running', 'done', 'partial', 'failed'] as const;

/** captures/<yyyy>/<mm>/<dd>/<captureId>.json */
export const CaptureManifest = z.object({
  v: z.literal(1),
  id: z.string(), // ULID
  kind: z.enum(['http', 'browser']),
  status: z.enum(CAPTURE_STATUSES),
  target: z.string().optional(), // target id
  postId: z.string().optional(),
  url: z.string(),
  /** `body`: the JSON text a POST step sent (a platform API call), so the request can be replayed. */
  request: z.object({ method: z.string(), headers: z.record(z.string()), body: z.string().optional() }).optional(),
  response: z
    .object({
      status: z.number().int(),
      headers: z.record(z.string()),
      finalUrl: z.string(),
      tls: z.record(z.unknown()).optional(),
    })
    .optional(),
  tool: z.object({ name: z.string(), version: z.string(), browser: z.string().optional(), userAgent: z.string().optional() }),
  /** Browser captures: did Chromium run with its sandbox. */
  browser: z.object({ sandbox: z.boolean() }).optional(),
  vantage: z.string(),
  /** The vantage's country (network.vantages[].country), when configured. */
  vantageCountry: z.string().optional(),
  /** Whether a logged-in session's cookies went with the request; `session` is its label (never the cookies). */
  loggedIn: z.boolean().optional(),
  session: z.string().optional(),
  /** Request/response headers recorded as "[redacted]" because they carried the session. */
  redacted: z.array(z.string()).optional(),
  startedAt: z.string(),
  finishedAt: z.string(),
  artifacts: z.array(ArtifactRef),
  metadata: z.record(z.unknown()).optional(),
  error: z.object({ code: z.string(), message: z.string() }).optional(),
});
export type CaptureManifest = z.infer<typeof CaptureManifest>;

/** A post order as written before orders were strings (a JS number) or now (a decimal string). */
const OrderCompat = z.union([Order, z.number().int().transform((n) => String(n))]);

/** One post of an observation record; old records carry `num` (a number) where new ones carry key + order. */
const ObservedPost = z.preprocess(
  (v) => {
    if (v === null || typeof v !== 'object' || typeof (v as { num?: unknown }).num !== 'number') return v;
    const { num, ...rest } = v as Record<string, unknown>;
    return { key: String(num), order: String(num), ...rest };
  },
  z.object({ id: z.string(), key: z.string().min(1), order: Order, sha256: Sha256Hex, views: z.number().optional() }),
);

/** observations/<yyyy>/<mm>/<dd>/<observationId>.json — what one poll saw (only written when content changed). */
export const ObservationRecord = z.object({
  v: z.literal(1),
  id: z.string(),
  target: z.string(), // target id
  platform: z.string(),
  url: z.string(),
  observedAt: z.string(),
  state: z.enum(PAGE_STATES),
  stateReason: z.string().optional(),
  channel: ChannelInfo.optional(),
  /** Captures holding the raw page bytes this observation was parsed from. */
  captures: z.array(z.string()),
  /** Each post seen, with the blob of its JSON record (content-addressed). */
  posts: z.array(ObservedPost),
  /** `range` listings: the post orders this observation covered completely. */
  range: z.object({ min: OrderCompat, max: OrderCompat }).optional(),
  contentDigest: Sha256Hex,
  /**
   * Posts whose public interactions (comments, replies) changed since the last record: the blob of
   * `{postId, postKey, url, observedAt, state, total?, interactions: Interaction[]}` and the capture
   * of the page they were read from (src/workers/interactions.ts).
   */
  interactions: z
    .array(
      z.object({
        postId: z.string(),
        postKey: z.string(),
        state: z.enum(['ok', 'none']),
        count: z.number().int().nonnegative(),
        total: z.number().int().nonnegative().optional(),
        sha256: Sha256Hex,
        /** The capture of the page that listed the interactions (the last page read). */
        capture: z.string(),
        /** Every page read for them, in order, when it took more than one (a watch page, then its API answer). */
        captures: z.array(z.string()).optional(),
      }),
    )
    .optional(),
  /** The vantage point the poll went out from (network.vantages: id and country, never the proxy). */
  vantage: z.object({ id: z.string(), country: z.string().optional() }).optional(),
  /** Whether the poll's answer was fetched logged in, and the session's label. */
  loggedIn: z.boolean().optional(),
  session: z.string().optional(),
  /** A suspected block re-checked from the target's other vantages: each one's answer (the poll's own first). */
  vantageChecks: z.array(z.object({ id: z.string(), country: z.string().optional(), state: z.enum(PAGE_STATES), reason: z.string().optional() })).optional(),
  /** Where the account is blocked and where it is visible, when vantages disagreed. */
  geo: z.object({ blockedIn: z.array(z.string()), visibleFrom: z.array(z.string()) }).optional(),
  /**
   * Shadow-ban probes run with this poll (src/workers/shadow-probes.ts): per type and vantage the
   * verdict, the blob of its record and the captures of the answers it was read from.
   */
  probes: z
    .array(
      z.object({
        type: z.enum(['shadowban_search', 'shadowban_suggestion', 'shadowban_reply']),
        vantage: z.string(),
        verdict: z.enum(['banned', 'clear', 'no_verdict']),
        sha256: Sha256Hex,
        captures: z.array(z.string()),
      }),
    )
    .optional(),
});
export type ObservationRecord = z.infer<typeof ObservationRecord>;

/** events/<yyyy>/<mm>/<dd>/<eventId>.<status>.json — one immutable record per status transition. */
export const EventRecord = z.object({
  v: z.literal(1),
  id: z.string(),
  type: z.enum(EVENT_TYPES),
  status: z.enum(EVENT_STATUSES),
  target: z.string(),
  postId: z.string().optional(),
  /** The post's key within its account (records before keys were strings carry only postId). */
  postKey: z.string().optional(),
  detectedAt: z.string(),
  confirmedAt: z.string().optional(),
  window: z.object({ lastOkAt: z.string().optional(), firstChangedAt: z.string() }),
  confidence: z.number().min(0).max(1),
  rule: z.string(),
  evidence: z.array(z.string()),
  details: z.record(z.unknown()).optional(),
});
export type EventRecord = z.infer<typeof EventRecord>;

/** Minimal S3-like store. Implementations: S3 (AWS SDK) for production and the embedded server. */
export interface ObjectStore {
  /**
   * Write bytes. `sha256` (hex) is sent as ChecksumSHA256 so the store can verify it. With
   * `ifNoneMatch`, an existing key is left alone and `existed: true` is returned (added, optional).
   */
  put(key: string, body: Buffer, opts: { contentType: string; sha256?: string; ifNoneMatch?: boolean }): Promise<{ versionId?: string; existed?: boolean }>;
  get(key: string): Promise<Buffer | null>;
  head(key: string): Promise<{ size: number } | null>;
  list(prefix: string): AsyncIterable<string>;
  /** Throws VGL_STORE_UNAVAILABLE if the bucket cannot be reached. */
  ping(): Promise<void>;
}

/** Receives every manifest/event/observation written, for the append-only ledger (issue: integrity). */
type LedgerInput = { type: 'capture' | 'observation' | 'event' | 'custody' | 'seen'; key: string; sha256: string; size: number; versionId?: string };

/** What intend() answers: whether the intent is new, and the Redis dataset (epoch) it lives in. */
export interface IntentClaim {
  fresh: boolean;
  epoch: string;
}

export interface LedgerSink {
  /** With `claim`: append only while the key's intent is pending (exactly once across retries, drains and repair). */
  append(entry: LedgerInput, opts?: { claim?: IntentClaim }): Promise<void>;
  /**
   * Optional: record, BEFORE the object write, that `key` is about to be written. If the process
   * dies between the write and append(), the ledger's repair() on the next start appends it.
   * Returns the claim to pass to append(): `fresh` unless an intent was already pending for the key.
   */
  intend?(entry: LedgerInput): Promise<IntentClaim | void>;
  /** Optional: drop an intent this writer created for a key that turned out to be stored already. */
  forget?(key: string): Promise<void>;
}
