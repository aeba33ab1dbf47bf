// Write side of the catalog: apply records read back from the bucket. Every function is
// idempotent (re-applying a record changes nothing) and tolerant of replay order.
import type { CaptureManifest, EventRecord, ObservationRecord } from '../archive/types.js';
import { sha256Hex } from '../ids.js';
import { NO_VERDICT_STATES, type PageState, type PostRecord } from '../scrapers/types.js';
import type { Queryable } from './db.js';
import { keyFromPostId, numParam } from './post-num.js';
import type { TargetDef } from './types.js';

/** What makes a new version: the words and what is attached, not counters such as views. */
export function contentKey(p: PostRecord): string {
  return sha256Hex(JSON.stringify({ t: p.text, m: p.media.map((m) => [m.type, m.title ?? null]), l: p.links, s: p.service ?? false }));
}

export async function upsertTarget(q: Queryable, t: TargetDef): Promise<void> {
  await q.query(
    `INSERT INTO targets (id, spec, platform, key, every_ms, tags, created_at)
     VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7)
     ON CONFLICT (id) DO UPDATE SET spec = excluded.spec, platform = excluded.platform, key = excluded.key,
       every_ms = excluded.every_ms, tags = excluded.tags, created_at = LEAST(targets.created_at, excluded.created_at)`,
    [t.id, t.spec, t.platform, t.key, t.everyMs, JSON.stringify(t.tags), t.createdAt],
  );
}

/** Move the target's state forward; older reports never overwrite newer ones. */
export async function touchTarget(q: Queryable, id: string, at: string, state: PageState, reason?: string, channel?: unknown): Promise<void> {
  // rate_limited / login_wall / unknown say nothing about the account: keep its last real state.
  const verdict = !NO_VERDICT_STATES.has(state);
  await q.query(
    `UPDATE targets SET
       last_observed_at = $2,
       state_since = CASE WHEN $4 AND state <> $3 THEN $2::timestamptz ELSE state_since END,
       state = CASE WHEN $4 THEN $3 ELSE state END,
       state_reason = CASE WHEN $4 THEN $5 ELSE state_reason END,
       last_ok_at = CASE WHEN $3 IN ('ok', 'empty') THEN $2::timestamptz ELSE last_ok_at END,
       channel = COALESCE($6::jsonb, channel)
     WHERE id = $1 AND (last_observed_at IS NULL OR last_observed_at <= $2::timestamptz)`,
    [id, at, state, verdict, reason ?? null, channel ? JSON.stringify(channel) : null],
  );
}

export async function applyObservation(q: Queryable, rec: ObservationRecord, posts: { record: PostRecord; sha256: string }[]): Promise<void> {
  await touchTarget(q, rec.target, rec.observedAt, rec.state, rec.stateReason, rec.channel);
  await q.query('INSERT INTO observations (id, target_id, observed_at, state) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING', [rec.id, rec.target, rec.observedAt, rec.state]);
  for (const { record: raw, sha256 } of posts) {
    // A post keeps the id it was first seen under: after a channel rename the same message
    // (same key within the target) comes back as `<newname>/<key>`; it is the same post, new URL.
    // Its order (num) follows the newest record: a statement first indexed while its order was its
    // hash moves to its publication time when seen again.
    const num = numParam(raw.order, `post ${raw.id}: order`);
    const [known] = await q.query<{ id: string }>('SELECT id FROM posts WHERE target_id = $1 AND post_key = $2 ORDER BY first_seen_at LIMIT 1', [rec.target, raw.key]);
    const p = known && known.id !== raw.id ? { ...raw, id: known.id } : raw;
    await q.query(
      `INSERT INTO posts (target_id, id, num, post_key, url, published_at, text, views, edited, first_seen_at, first_observation_id, last_seen_at)
       VALUES ($1, $2, $3::bigint, $11, $4, $5, $6, $7, $8, $9, $10, $9)
       ON CONFLICT (target_id, id) DO UPDATE SET
         url = CASE WHEN excluded.last_seen_at >= posts.last_seen_at THEN excluded.url ELSE posts.url END,
         num = CASE WHEN excluded.last_seen_at >= posts.last_seen_at THEN excluded.num ELSE posts.num END,
         post_key = COALESCE(posts.post_key, excluded.post_key),
         published_at = COALESCE(posts.published_at, excluded.published_at),
         text = CASE WHEN excluded.last_seen_at >= posts.last_seen_at THEN excluded.text ELSE posts.text END,
         views = CASE WHEN excluded.last_seen_at >= posts.last_seen_at THEN COALESCE(excluded.views, posts.views) ELSE posts.views END,
         edited = posts.edited OR excluded.edited,
         first_observation_id = CASE WHEN excluded.first_seen_at < posts.first_seen_at THEN excluded.first_observation_id ELSE posts.first_observation_id END,
         first_seen_at = LEAST(posts.first_seen_at, excluded.first_seen_at),
         last_seen_at = GREATEST(posts.last_seen_at, excluded.last_seen_at)`,
      [rec.target, p.id, num, p.url, p.publishedAt ?? null, p.text, p.views ?? null, p.edited, rec.observedAt, rec.id, p.key],
    );
    const key = contentKey(p);
    // A new version only when the content differs from the version just before this observation.
    const prev = await q.query<{ content_key: string }>(
      `SELECT content_key FROM post_versions
       WHERE target_id = $1 AND post_id = $2 AND observation_id <> $3 AND observed_at <= $4
       ORDER BY observed_at DESC, observation_id DESC LIMIT 1`,
      [rec.target, p.id, rec.id, rec.observedAt],
    );
    if (prev[0]?.content_key === key) continue;
    await q.query(
      `INSERT INTO post_versions (target_id, post_id, observation_id, sha256, content_key, observed_at, text, edited)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
      [rec.target, p.id, rec.id, sha256, key, rec.observedAt, p.text, p.edited],
    );
  }
}

const EVENT_RANK = `CASE %s WHEN 'candidate' THEN 0 ELSE 1 END`;

export async function applyEvent(q: Queryable, ev: EventRecord): Promise<void> {
  await q.query(
    `INSERT INTO events (id, type, status, target_id, post_id, detected_at, confirmed_at, confidence, rule, evidence, time_window, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11::jsonb, $12::jsonb)
     ON CONFLICT (id) DO UPDATE SET status = excluded.status,
       confirmed_at = COALESCE(excluded.confirmed_at, events.confirmed_at),
       confidence = excluded.confidence, rule = excluded.rule, evidence = excluded.evidence,
       time_window = excluded.time_window, details = COALESCE(excluded.details, events.details)
     WHERE ${EVENT_RANK.replace('%s', 'events.status')} <= ${EVENT_RANK.replace('%s', 'excluded.status')}`,
    [
      ev.id, ev.type, ev.status, ev.target, ev.postId ?? null, ev.detectedAt, ev.confirmedAt ?? null, ev.confidence, ev.rule,
      JSON.stringify(ev.evidence), JSON.stringify(ev.window), ev.details ? JSON.stringify(ev.details) : null,
    ],
  );
  if (ev.type !== 'post_deleted' || !ev.postId) return;
  // Follow the stored status (a late candidate record never undoes a confirmation).
  const [row] = await q.query<{ status: string }>('SELECT status FROM events WHERE id = $1', [ev.id]);
  if (row?.status === 'confirmed') {
    // After a rename the event names the post by its new id; the catalog row keeps the first id (same key).
    const [byId] = await q.query<{ id: string }>('SELECT id FROM posts WHERE target_id = $1 AND id = $2', [ev.target, ev.postId]);
    // Events written before keys were strings name the post by id only: its key ends it (`name/523`).
    const key = ev.postKey ?? keyFromPostId(ev.postId);
    const [byKey] = byId || key === undefined ? [] : await q.query<{ id: string }>('SELECT id FROM posts WHERE target_id = $1 AND post_key = $2 ORDER BY first_seen_at LIMIT 1', [ev.target, key]);
    await q.query(
      `UPDATE posts SET deleted = true, deleted_at = COALESCE(deleted_at, $3::timestamptz), deleted_by = COALESCE(deleted_by, $4)
       WHERE target_id = $1 AND id = $2`,
      [ev.target, byId?.id ?? byKey?.id ?? ev.postId, ev.confirmedAt ?? ev.window.firstChangedAt, ev.id],
    );
  } else if (row?.status === 'dismissed') {
    await q.query('UPDATE posts SET deleted = false, deleted_at = NULL, deleted_by = NULL WHERE deleted_by = $1', [ev.id]);
  }
}

const CAPTURE_RANK = `CASE %s WHEN 'queued' THEN 0 WHEN 'running' THEN 1 ELSE 2 END`;

export async function applyCapture(q: Queryable, m: CaptureManifest): Promise<void> {
  await q.query(
    `INSERT INTO captures (id, target_id, post_id, url, kind, status, started_at, finished_at, manifest)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb)
     ON CONFLICT (id) DO UPDATE SET status = excluded.status, finished_at = excluded.finished_at, manifest = excluded.manifest,
       target_id = COALESCE(excluded.target_id, captures.target_id), post_id = COALESCE(excluded.post_id, captures.post_id)
     WHERE ${CAPTURE_RANK.replace('%s', 'captures.status')} <= ${CAPTURE_RANK.replace('%s', 'excluded.status')}`,
    [m.id, m.target ?? null, m.postId ?? null, m.url, m.kind, m.status, m.startedAt, m.finishedAt, JSON.stringify(m)],
  );
  for (const a of m.artifacts) {
    await q.query('INSERT INTO artifacts (sha256, capture_id, name, type, size) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING', [
      a.sha256, m.id, a.name, a.type, a.size,
    ]);
    if (m.target && m.postId) {
      await q.query(
        `INSERT INTO post_artifacts (capture_id, name, target_id, post_id, sha256, size, type)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
        [m.id, a.name, m.target, m.postId, a.sha256, a.size, a.type],
      );
    }
  }
}
