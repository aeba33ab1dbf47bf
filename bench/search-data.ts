// Data for `npm run bench -- search`: targets and archived posts written straight into the
// catalog schema (migrated as in production) with multi-row INSERT … SELECT FROM unnest(arrays),
// not through the pipeline. Texts come from the simulator's corpus generator (src/sim/text.ts).
import type { Db, SqlParam } from '../src/catalog/db.js';
import { archiveText, corpusLang, rng } from '../src/sim/text.js';

export interface BenchTarget {
  id: string;
  platform: string;
  tags: string[];
}

const TAGS = ['media', 'ngo', 'official', 'kz', 'ru', 'activist', 'opposition', 'regional'];
const START = Date.parse('2023-01-01T00:00:00Z');
const SPAN_MS = 2 * 365 * 86_400_000;
const BATCH = 2000;

/** 85% Telegram channels, 10% press-release feeds, 5% official web pages; 1-2 tags each. Pure. */
export function benchTargets(n: number): BenchTarget[] {
  const r = rng(7);
  return Array.from({ length: n }, (_, i) => {
    const x = r();
    const platform = x < 0.85 ? 'telegram' : x < 0.95 ? 'rss' : 'web';
    const tags = [...new Set([TAGS[Math.floor(r() * TAGS.length)], ...(r() < 0.5 ? [TAGS[Math.floor(r() * TAGS.length)]] : [])])];
    return { id: `bench_${String(i).padStart(5, '0')}`, platform, tags };
  });
}

/** Post `i` (0-based, global): its target, time, text and fate. Pure and deterministic. */
export function benchPost(i: number, targets: readonly BenchTarget[], total: number) {
  const t = targets[i % targets.length];
  const n = Math.floor(i / targets.length) + 1;
  const r = rng(i * 2654435761);
  // Time grows with n inside each target, spread over two years with some jitter.
  const published = START + Math.floor(((i + r() * targets.length) / total) * SPAN_MS);
  const statement = t.platform !== 'telegram';
  const seen = published + 60_000 + Math.floor(r() * 3_600_000);
  const deleted = r() < 0.02;
  return {
    target: t.id,
    id: statement ? `https://gov.example/${t.id}/press/${n}` : `${t.id}/${n}`,
    num: n,
    url: statement ? `https://gov.example/${t.id}/press/${n}` : `https://t.me/${t.id}/${n}`,
    publishedAt: new Date(published).toISOString(),
    text: archiveText(i, corpusLang(i), statement),
    views: statement ? null : Math.floor(r() * 50_000),
    firstSeenAt: new Date(seen).toISOString(),
    deleted,
    deletedAt: deleted ? new Date(seen + 86_400_000).toISOString() : null,
  };
}

export async function loadTargets(db: Db, targets: readonly BenchTarget[]): Promise<void> {
  for (let i = 0; i < targets.length; i += BATCH) {
    const b = targets.slice(i, i + BATCH);
    await db.query(
      `INSERT INTO targets (id, spec, platform, key, every_ms, tags, created_at)
       SELECT id, platform || ':' || id, platform, id, 300000, tags::jsonb, '2023-01-01T00:00:00Z'
       FROM unnest($1::text[], $2::text[], $3::text[]) AS x(id, platform, tags)`,
      [arr(b.map((t) => t.id)), arr(b.map((t) => t.platform)), arr(b.map((t) => JSON.stringify(t.tags)))],
    );
  }
}

// Arrays travel as PostgreSQL array literals (one text parameter): the same on pg and PGlite.
const arr = (xs: readonly (string | number | boolean | null)[]): SqlParam =>
  `{${xs.map((x) => (x === null ? 'NULL' : `"${String(x).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`)).join(',')}}`;

/**
 * Loads posts [from, to) in batches. Columns are the catalog's own; `num` is filled only while the
 * schema has it (posts are addressed by (target_id, id) everywhere search looks).
 */
export async function loadPosts(db: Db, targets: readonly BenchTarget[], from: number, to: number, total: number, onBatch?: (done: number) => void): Promise<void> {
  const cols = new Set((await db.query<{ column_name: string }>(`SELECT column_name FROM information_schema.columns WHERE table_name = 'posts'`)).map((c) => c.column_name));
  const withNum = cols.has('num');
  for (let i = from; i < to; i += BATCH) {
    const b = Array.from({ length: Math.min(BATCH, to - i) }, (_, k) => benchPost(i + k, targets, total));
    const params: SqlParam[] = [
      arr(b.map((p) => p.target)), arr(b.map((p) => p.id)), arr(b.map((p) => p.url)), arr(b.map((p) => p.publishedAt)),
      arr(b.map((p) => p.text)), arr(b.map((p) => p.views)), arr(b.map((p) => p.deleted)), arr(b.map((p) => p.deletedAt)),
      arr(b.map((p) => p.firstSeenAt)), ...(withNum ? [arr(b.map((p) => p.num))] : []),
    ];
    await db.query(
      `INSERT INTO posts (target_id, id, url, published_at, text, views, deleted, deleted_at, first_seen_at, first_observation_id, last_seen_at${withNum ? ', num' : ''})
       SELECT t, i, u, p, x, v, d, da, f, 'BENCH', f${withNum ? ', n' : ''}
       FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::float8[], $7::bool[], $8::timestamptz[], $9::timestamptz[]${withNum ? ', $10::bigint[]' : ''})
         AS x(t, i, u, p, x, v, d, da, f${withNum ? ', n' : ''})`,
      params,
    );
    onBatch?.(i + b.length);
  }
}

/** Secondary indexes of posts, dropped before a bulk load and rebuilt after (as pg_restore does). */
export async function dropPostIndexes(db: Db): Promise<string[]> {
  const rows = await db.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'posts' AND indexname NOT LIKE '%_pkey'`,
  );
  for (const r of rows) await db.exec(`DROP INDEX ${r.indexname}`);
  return rows.map((r) => r.indexdef);
}

export async function rebuildIndexes(db: Db, defs: readonly string[], maintenanceMem?: string): Promise<void> {
  // One exec, one session: the setting applies to the index builds after it.
  for (const d of defs) await db.exec(`${maintenanceMem ? `SET maintenance_work_mem = '${maintenanceMem}'; ` : ''}${d}`);
  await db.exec('ANALYZE targets');
  await db.exec('ANALYZE posts');
}
