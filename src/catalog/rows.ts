// Row -> contract mappers. Both drivers return timestamptz as Date and jsonb parsed.
import type { CaptureManifest } from '../archive/types.js';
import type { EventStatus, EventType } from '../detect/vocabulary.js';
import type { ChannelInfo, PageState } from '../scrapers/types.js';
import type { EventRow, PostRow, PostVersion, TargetRow } from './types.js';
import { numFromDb } from './post-num.js';

export type Ts = Date | string | null;

export const iso = (v: Ts): string | undefined => (v === null || v === undefined ? undefined : new Date(v).toISOString());
const opt = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);

export interface TargetDbRow {
  id: string;
  spec: string;
  platform: string;
  key: string;
  every_ms: number;
  tags: string[];
  created_at: Ts;
  state: string;
  state_reason: string | null;
  state_since: Ts;
  last_observed_at: Ts;
  last_ok_at: Ts;
  channel: ChannelInfo | null;
  post_count: number;
}

export const toTarget = (r: TargetDbRow): TargetRow => ({
  id: r.id,
  spec: r.spec,
  platform: r.platform,
  key: r.key,
  everyMs: Number(r.every_ms),
  tags: r.tags ?? [],
  createdAt: iso(r.created_at) ?? '',
  state: r.state as PageState | 'pending',
  stateReason: opt(r.state_reason),
  stateSince: iso(r.state_since),
  lastObservedAt: iso(r.last_observed_at),
  lastOkAt: iso(r.last_ok_at),
  channel: opt(r.channel),
  postCount: Number(r.post_count ?? 0),
});

export interface PostDbRow {
  target_id: string;
  id: string;
  /** bigint: a string from pg, a number (or a BigInt beyond 2^53) from PGlite. */
  num: number | string | bigint;
  /** The post's key within its target (null only on rows no migration reached). */
  post_key: string | null;
  url: string;
  published_at: Ts;
  text: string;
  views: number | null;
  edited: boolean;
  deleted: boolean;
  deleted_at: Ts;
  first_seen_at: Ts;
  last_seen_at: Ts;
}

export interface VersionDbRow {
  post_id: string;
  sha256: string;
  observed_at: Ts;
  observation_id: string;
  text: string;
  edited: boolean;
}

export interface ArtifactDbRow {
  post_id: string;
  capture_id: string;
  name: string;
  sha256: string;
  size: number;
  type: string;
}

export const toVersion = (v: VersionDbRow): PostVersion => ({
  sha256: v.sha256,
  observedAt: iso(v.observed_at) ?? '',
  observationId: v.observation_id,
  text: v.text,
  edited: v.edited,
});

export const toPost = (r: PostDbRow, versions: VersionDbRow[], artifacts: ArtifactDbRow[]): PostRow => ({
  targetId: r.target_id,
  id: r.id,
  key: r.post_key ?? String(r.num),
  ...numFromDb(r.num),
  url: r.url,
  publishedAt: iso(r.published_at),
  text: r.text,
  views: r.views === null ? undefined : Number(r.views),
  // Edited when the platform says so or when we kept more than one version.
  edited: r.edited || versions.length > 1,
  deleted: r.deleted,
  deletedAt: iso(r.deleted_at),
  firstSeenAt: iso(r.first_seen_at) ?? '',
  lastSeenAt: iso(r.last_seen_at) ?? '',
  versions: versions.map(toVersion),
  artifacts: artifacts.map((a) => ({ name: a.name, sha256: a.sha256, size: Number(a.size), type: a.type, captureId: a.capture_id })),
});

export interface EventDbRow {
  id: string;
  type: string;
  status: string;
  target_id: string;
  post_id: string | null;
  detected_at: Ts;
  confirmed_at: Ts;
  confidence: number;
  rule: string;
  evidence: string[];
  time_window: { lastOkAt?: string; firstChangedAt: string };
  details: Record<string, unknown> | null;
}

export const toEvent = (r: EventDbRow): EventRow => ({
  id: r.id,
  type: r.type as EventType,
  status: r.status as EventStatus,
  target: r.target_id,
  postId: opt(r.post_id),
  detectedAt: iso(r.detected_at) ?? '',
  confirmedAt: iso(r.confirmed_at),
  confidence: Number(r.confidence),
  rule: r.rule,
  evidence: r.evidence ?? [],
  window: r.time_window,
  details: opt(r.details),
});

export const toManifest = (r: { manifest: CaptureManifest }): CaptureManifest => r.manifest;
