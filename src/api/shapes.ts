// The external JSON shapes of the API (stable: the CLI, scripts and report tooling read them).
import type { EventRow, PostRow, TargetDef, TargetRow } from '../catalog/types.js';

export const postJson = (p: PostRow) => ({
  id: p.id,
  /** The post's address within its account (Telegram "523", an X post id, a YouTube video id, a statement's hash). */
  key: p.key,
  // Order within the target as an exact decimal string (pass it as `before=` to page on).
  num: p.numKey,
  url: p.url,
  publishedAt: p.publishedAt ?? null,
  text: p.text,
  views: p.views ?? null,
  edited: p.edited,
  deleted: p.deleted,
  versions: p.versions.map((v) => ({ text: v.text, sha256: v.sha256, observedAt: v.observedAt })),
  artifacts: p.artifacts.map((a) => ({ name: a.name, sha256: a.sha256, size: a.size, type: a.type, captureId: a.captureId })),
});
export type PostJson = ReturnType<typeof postJson>;

export const eventJson = (e: EventRow) => ({
  id: e.id,
  type: e.type,
  status: e.status,
  target: e.target,
  ...(e.postId ? { postId: e.postId } : {}),
  detectedAt: e.detectedAt,
  ...(e.confirmedAt ? { confirmedAt: e.confirmedAt } : {}),
  evidence: e.evidence,
  window: e.window,
  confidence: e.confidence,
  rule: e.rule,
  // A takedown or shadow-ban after an attack on the target: "consistent with" it, never "caused by".
  ...(e.details?.consistentWith ? { consistentWith: e.details.consistentWith } : {}),
});
export type EventJson = ReturnType<typeof eventJson>;

/** A target not yet seen by the catalog is shown as pending. */
export const pendingRow = (t: TargetDef): TargetRow => ({ ...t, state: 'pending', postCount: 0 });

export const targetJson = (t: TargetRow) => ({
  id: t.id,
  spec: t.spec,
  platform: t.platform,
  key: t.key,
  everyMs: t.everyMs,
  tags: t.tags,
  // The vantage points polling it (null: all configured ones, in rotation).
  vantages: t.vantages ?? null,
  createdAt: t.createdAt,
  paused: t.paused === true,
  state: t.state,
  stateReason: t.stateReason ?? null,
  stateSince: t.stateSince ?? null,
  lastObservedAt: t.lastObservedAt ?? null,
  lastOkAt: t.lastOkAt ?? null,
  postCount: t.postCount,
  channel: t.channel ?? null,
});
export type TargetJson = ReturnType<typeof targetJson>;

/** Merge the target definitions (source of truth) with their catalog rows (state). */
export function mergeTargets(defs: TargetDef[], rows: TargetRow[]): TargetRow[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return defs.map((d) => ({ ...(byId.get(d.id) ?? pendingRow(d)), ...d })).sort((a, b) => a.id.localeCompare(b.id));
}
