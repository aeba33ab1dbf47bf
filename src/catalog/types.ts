// The catalog is a queryable index DERIVED from the bucket: everything here can be rebuilt
// from the stored records (`vigil reindex`). Workers never write it directly; an indexer
// applies records read back from the bucket (see src/workers: the `index` queue).
import type { ArtifactRef, CaptureManifest, EventRecord, ObservationRecord } from '../archive/types.js';
import type { ChannelInfo, PageState, PostRecord } from '../scrapers/types.js';
import type { EventStatus, EventType } from '../detect/vocabulary.js';
import type { StatePost } from './state-queries.js';
import type { SearchRequest } from './search-query.js';

export type { StatePost } from './state-queries.js';
export type { SearchRequest } from './search-query.js';

/** A watched account. Stored in the bucket as targets/<id>.json (the definition) and indexed here. */
export interface TargetDef {
  id: string;
  spec: string; // canonical `<platform>:<key>`
  platform: string;
  key: string;
  everyMs: number;
  tags: string[];
  createdAt: string;
  /** network.vantages ids that poll the target (absent: all); from the definition, not the catalog. */
  vantages?: string[];
  /** Not polled while true (kept in targets/<id>.json; the catalog row does not store it). */
  paused?: boolean;
}

export interface TargetRow extends TargetDef {
  state: PageState | 'pending';
  stateReason?: string;
  stateSince?: string;
  lastObservedAt?: string;
  lastOkAt?: string;
  channel?: ChannelInfo;
  postCount: number;
}

export interface PostVersion {
  sha256: string; // blob of the PostRecord JSON
  observedAt: string;
  observationId: string;
  text: string;
  edited: boolean;
}

export interface PostRow {
  targetId: string;
  id: string; // e.g. "durov/523"
  /** The post's address within its target: Telegram "523", an X post id, a YouTube video id, a statement's hash. */
  key: string;
  /** Order within the target (exact up to 2^53; use numKey for paging and anything larger). */
  num: number;
  /** The same order number as an exact decimal string (posts.num is a 64-bit integer). */
  numKey: string;
  url: string;
  publishedAt?: string;
  text: string;
  views?: number;
  edited: boolean;
  deleted: boolean;
  deletedAt?: string;
  firstSeenAt: string;
  lastSeenAt: string;
  versions: PostVersion[];
  artifacts: (ArtifactRef & { captureId: string })[];
}

export interface EventRow {
  id: string;
  type: EventType;
  status: EventStatus;
  target: string;
  postId?: string;
  detectedAt: string;
  confirmedAt?: string;
  confidence: number;
  rule: string;
  evidence: string[];
  window: { lastOkAt?: string; firstChangedAt: string };
  details?: Record<string, unknown>;
}

export interface EventFilter {
  target?: string;
  type?: EventType;
  status?: EventStatus;
  limit?: number;
  /** Page on: only events listed after this one (detected earlier, or at the same time with a smaller id). */
  before?: { detectedAt: string; id: string };
}

/** One search result (GET /api/search `hits[]`). */
export interface SearchHit {
  targetId: string;
  postId: string;
  url: string;
  publishedAt?: string;
  deleted: boolean;
  /** HTML: the archived text escaped, matches in <mark>…</mark>. */
  snippet: string;
}

export interface SearchPage {
  hits: SearchHit[];
  /** Pass as `cursor` for the next page; null on the last page. */
  next: string | null;
  /** The hits' posts (every version, artifacts), in hit order, when asked for with `posts: true`. */
  posts?: PostRow[];
}

export interface Catalog {
  migrate(): Promise<void>;
  upsertTarget(t: TargetDef): Promise<void>;
  removeTarget(id: string): Promise<void>;
  getTarget(id: string): Promise<TargetRow | null>;
  listTargets(): Promise<TargetRow[]>;
  /** Apply one stored observation; `posts` are the PostRecords it references (read from their blobs). */
  applyObservation(rec: ObservationRecord, posts: { record: PostRecord; sha256: string }[]): Promise<void>;
  applyEvent(ev: EventRecord): Promise<void>;
  applyCapture(m: CaptureManifest): Promise<void>;
  /** Cheap "still there" update from unchanged polls. */
  touchTarget(id: string, observedAt: string, state: PageState): Promise<void>;
  /** Newest (highest num) first; `beforeNum` pages on: a num or its exact decimal string (numKey). */
  listPosts(targetId: string, opts?: { limit?: number; beforeNum?: number | string; includeDeleted?: boolean }): Promise<PostRow[]>;
  getPost(targetId: string, postId: string): Promise<PostRow | null>;
  listEvents(f?: EventFilter): Promise<EventRow[]>;
  getEvent(id: string): Promise<EventRow | null>;
  getCapture(id: string): Promise<CaptureManifest | null>;
  /** Full-text and trigram search with filters, newest first, one page (see src/catalog/search.ts). */
  search(req: SearchRequest & { posts?: boolean }): Promise<SearchPage>;
  /** The first page of `search` as posts (same semantics and filters). */
  searchPosts(q: string, opts?: Omit<SearchRequest, 'q'>): Promise<PostRow[]>;
  /** Added (catalog engineer): where a blob hash was seen, so /api/blobs can send its content-type. */
  findArtifact?(sha256: string): Promise<{ name: string; type: string; size: number; captureId: string } | null>;
  /** Added (catalog engineer): cheap reachability check for /healthz. */
  ping?(): Promise<void>;
  /** The newest observation record applied for the target (state rebuild after Redis lost its data). */
  latestObservation(targetId: string): Promise<{ id: string; observedAt: string } | null>;
  /** Every post of the target with the blob of its latest version, newest first (state rebuild). */
  statePosts(targetId: string): Promise<StatePost[]>;
  close(): Promise<void>;
}
