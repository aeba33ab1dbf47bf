// Reads for rebuilding a target's detection state after Redis lost its data (src/workers/
// state-recovery.ts): the last observation record of a target, and its posts with the blob of
// their latest version. Lean on purpose: one query each, no hydration.
import type { Queryable } from './db.js';
import { iso, type Ts } from './rows.js';
import { numFromDb } from './post-num.js';

export interface StatePost {
  id: string;
  /** The post's key within its account (posts.post_key). */
  key: string;
  /** Its publication order (posts.num, exact decimal string). */
  order: string;
  url: string;
  publishedAt?: string;
  deleted: boolean;
  /** Blob of the post record's latest version (null when no version was recorded). */
  sha256: string | null;
  /** Observation that recorded that version. */
  observationId: string | null;
}

export async function latestObservation(q: Queryable, targetId: string): Promise<{ id: string; observedAt: string } | null> {
  const [r] = await q.query<{ id: string; observed_at: Ts }>('SELECT id, observed_at FROM observations WHERE target_id = $1 ORDER BY observed_at DESC, id DESC LIMIT 1', [targetId]);
  if (r) return { id: r.id, observedAt: iso(r.observed_at) ?? '' };
  // Catalogs indexed before the observations table: the newest observation that recorded a post version.
  const [v] = await q.query<{ observation_id: string; observed_at: Ts }>(
    'SELECT observation_id, observed_at FROM post_versions WHERE target_id = $1 ORDER BY observed_at DESC, observation_id DESC LIMIT 1',
    [targetId],
  );
  return v ? { id: v.observation_id, observedAt: iso(v.observed_at) ?? '' } : null;
}

export async function statePosts(q: Queryable, targetId: string): Promise<StatePost[]> {
  const rows = await q.query<{ id: string; post_key: string | null; num: number | string | bigint; url: string; published_at: Ts; deleted: boolean; sha256: string | null; observation_id: string | null }>(
    `SELECT p.id, p.post_key, p.num, p.url, p.published_at, p.deleted, v.sha256, v.observation_id
     FROM posts p LEFT JOIN LATERAL (
       SELECT sha256, observation_id FROM post_versions pv
       WHERE pv.target_id = p.target_id AND pv.post_id = p.id ORDER BY observed_at DESC, observation_id DESC LIMIT 1
     ) v ON true
     WHERE p.target_id = $1 ORDER BY p.num DESC`,
    [targetId],
  );
  return rows.map((r) => {
    const order = numFromDb(r.num).numKey;
    return {
      id: r.id,
      key: r.post_key ?? order,
      order,
      url: r.url,
      publishedAt: iso(r.published_at),
      deleted: r.deleted,
      sha256: r.sha256,
      observationId: r.observation_id,
    };
  });
}
