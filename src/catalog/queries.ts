// Read side of the catalog: list/search queries mapped to the contract rows.
import type { CaptureManifest } from '../archive/types.js';
import type { Queryable, SqlParam } from './db.js';
import {
  toEvent, toPost, toTarget,
  type ArtifactDbRow, type EventDbRow, type PostDbRow, type TargetDbRow, type VersionDbRow,
} from './rows.js';
import type { EventFilter, EventRow, PostRow, TargetRow } from './types.js';
import { numParam } from './post-num.js';

const TARGET_SELECT = `SELECT t.*, (SELECT count(*)::int FROM posts p WHERE p.target_id = t.id) AS post_count FROM targets t`;
const clampLimit = (n: number | undefined, def: number, max = 1000): number => Math.max(1, Math.min(max, Math.floor(n ?? def)));

export async function listTargets(q: Queryable): Promise<TargetRow[]> {
  return (await q.query<TargetDbRow>(`${TARGET_SELECT} ORDER BY t.id`)).map(toTarget);
}

export async function getTarget(q: Queryable, id: string): Promise<TargetRow | null> {
  const [r] = await q.query<TargetDbRow>(`${TARGET_SELECT} WHERE t.id = $1`, [id]);
  return r ? toTarget(r) : null;
}

/** Attach versions (oldest first) and artifacts to a page of posts, in two queries. */
export async function hydrate(q: Queryable, rows: PostDbRow[]): Promise<PostRow[]> {
  if (!rows.length) return [];
  const byTarget = new Map<string, PostDbRow[]>();
  for (const r of rows) byTarget.set(r.target_id, [...(byTarget.get(r.target_id) ?? []), r]);
  const versions = new Map<string, VersionDbRow[]>();
  const artifacts = new Map<string, ArtifactDbRow[]>();
  const k = (t: string, p: string) => `${t}\u0000${p}`;
  for (const [target, list] of byTarget) {
    const ids = JSON.stringify(list.map((r) => r.id));
    const vs = await q.query<VersionDbRow & { target_id: string }>(
      `SELECT target_id, post_id, sha256, observed_at, observation_id, text, edited FROM post_versions
       WHERE target_id = $1 AND post_id IN (SELECT jsonb_array_elements_text($2::jsonb)) ORDER BY observed_at, observation_id`,
      [target, ids],
    );
    for (const v of vs) versions.set(k(target, v.post_id), [...(versions.get(k(target, v.post_id)) ?? []), v]);
    const as = await q.query<ArtifactDbRow>(
      `SELECT post_id, capture_id, name, sha256, size, type FROM post_artifacts
       WHERE target_id = $1 AND post_id IN (SELECT jsonb_array_elements_text($2::jsonb)) ORDER BY capture_id, name`,
      [target, ids],
    );
    for (const a of as) artifacts.set(k(target, a.post_id), [...(artifacts.get(k(target, a.post_id)) ?? []), a]);
  }
  return rows.map((r) => toPost(r, versions.get(k(r.target_id, r.id)) ?? [], artifacts.get(k(r.target_id, r.id)) ?? []));
}

export async function listPosts(
  q: Queryable,
  targetId: string,
  opts: { limit?: number; beforeNum?: number | string; includeDeleted?: boolean } = {},
): Promise<PostRow[]> {
  const params: SqlParam[] = [targetId];
  let where = 'target_id = $1';
  if (opts.beforeNum !== undefined) {
    params.push(numParam(opts.beforeNum, 'before'));
    where += ` AND num < $${params.length}::bigint`;
  }
  if (opts.includeDeleted === false) where += ' AND NOT deleted';
  params.push(clampLimit(opts.limit, 50, 1001)); // 1000 a page, +1 to tell whether more follow
  const rows = await q.query<PostDbRow>(`SELECT * FROM posts WHERE ${where} ORDER BY num DESC LIMIT $${params.length}`, params);
  return hydrate(q, rows);
}

export async function getPost(q: Queryable, targetId: string, postId: string): Promise<PostRow | null> {
  const rows = await q.query<PostDbRow>('SELECT * FROM posts WHERE target_id = $1 AND id = $2', [targetId, postId]);
  return (await hydrate(q, rows))[0] ?? null;
}

export async function listEvents(q: Queryable, f: EventFilter = {}): Promise<EventRow[]> {
  const params: SqlParam[] = [];
  const where: string[] = [];
  for (const [col, v] of [['target_id', f.target], ['type', f.type], ['status', f.status]] as const) {
    if (v === undefined) continue;
    params.push(v);
    where.push(`${col} = $${params.length}`);
  }
  if (f.before) {
    // Keyset paging in the list's own order (newest first, id breaking ties).
    params.push(f.before.detectedAt, f.before.id);
    where.push(`(detected_at, id) < ($${params.length - 1}::timestamptz, $${params.length})`);
  }
  params.push(clampLimit(f.limit, 200, 5001));
  const sql = `SELECT * FROM events ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY detected_at DESC, id DESC LIMIT $${params.length}`;
  return (await q.query<EventDbRow>(sql, params)).map(toEvent);
}

export async function getEvent(q: Queryable, id: string): Promise<EventRow | null> {
  const [r] = await q.query<EventDbRow>('SELECT * FROM events WHERE id = $1', [id]);
  return r ? toEvent(r) : null;
}

export async function getCapture(q: Queryable, id: string): Promise<CaptureManifest | null> {
  const [r] = await q.query<{ manifest: CaptureManifest }>('SELECT manifest FROM captures WHERE id = $1', [id]);
  return r ? r.manifest : null;
}

export async function findArtifact(q: Queryable, sha256: string): Promise<{ name: string; type: string; size: number; captureId: string } | null> {
  const [r] = await q.query<{ name: string; type: string; size: number; capture_id: string }>(
    'SELECT name, type, size, capture_id FROM artifacts WHERE sha256 = $1 ORDER BY capture_id LIMIT 1',
    [sha256],
  );
  return r ? { name: r.name, type: r.type, size: Number(r.size), captureId: r.capture_id } : null;
}
