// Search over archived posts (schema: migrations/004_search.sql). A post matches when
//  - its text, indexed under its own language's configuration, matches the query parsed under
//    russian, english and simple alike (one GIN index; word forms: расследования finds
//    Расследование), or
//  - it is a 'simple' post (Kazakh, mixed-script) holding every query word as a substring,
//    case-insensitively (pg_trgm index): Қазақстан finds Қазақстанда.
// Hits come newest first (published time, else first seen), then by target and post id, so the
// keyset cursor is exact and stable while new posts arrive. Rank is not the order: a report
// author reads what was said when, and a ranked list cannot be paged reliably over millions.
import type { Logger } from 'pino';
import { VigilError } from '../errors.js';
import type { Queryable, SqlParam } from './db.js';
import { hydrate } from './queries.js';
import type { PostDbRow, Ts } from './rows.js';
import { iso } from './rows.js';
import {
  HEADLINE_OPTIONS, MARK_START, MARK_STOP, SEARCH_DEFAULT_LIMIT, SEARCH_MAX_LIMIT,
  decodeCursor, encodeCursor, hasWords, renderSnippet, searchBounds, substringTerms, type SearchRequest,
} from './search-query.js';
import type { PostRow, SearchHit, SearchPage } from './types.js';

interface HitDbRow {
  target_id: string;
  id: string;
  url: string;
  published_at: Ts;
  deleted: boolean;
  sort_us: string;
  text: string;
  headline: string;
}

const TSQUERY = (p: string) =>
  `(websearch_to_tsquery('russian', ${p}::text) || websearch_to_tsquery('english', ${p}::text) || websearch_to_tsquery('simple', ${p}::text))`;
/** The query parsed in the post's own configuration (constants per branch, no parse per row). */
const OWN_TSQUERY = (p: string) =>
  `CASE p.search_config WHEN 'russian'::regconfig THEN websearch_to_tsquery('russian', ${p}::text)
     WHEN 'english'::regconfig THEN websearch_to_tsquery('english', ${p}::text) ELSE websearch_to_tsquery('simple', ${p}::text) END`;
const ORDER = 'ORDER BY p.sort_at DESC, p.target_id DESC, p.id DESC';
const COLUMNS = 'p.target_id, p.id, p.url, p.published_at, p.deleted, p.text, p.search_config, p.sort_at';

/**
 * Rows the probe walks, newest first (after the cursor, inside since/until). When they hold a full
 * page of hits, those are the newest hits of all; else the whole index is asked. This bounds both
 * cases a planner estimate can get wrong: a common word (the walk finds a page at once) and a rare
 * one (the full query reads few rows: fewer than limit / PROBE_ROWS of the archive match). About
 * sqrt(limit x posts) balances the two at a million posts. With target= the walk runs over that
 * target's posts (posts_target_sort); with deleted=true the small posts_tsv_deleted index answers.
 */
export const PROBE_ROWS = 5_000;

export interface Statement {
  sql: string;
  params: SqlParam[];
}

export interface SearchSql {
  /** The newest PROBE_ROWS rows of the window, filtered; null with deleted=true (its own index). */
  probe: Statement | null;
  /** How many rows the window holds, up to PROBE_ROWS + 1: when the probe saw them all, it is complete. */
  windowSize: Statement | null;
  /** The same page over the whole archive. */
  full: Statement;
  substrings: string[];
  limit: number;
}

/** Numbered parameters of one statement (each statement uses exactly its own). */
class Params {
  readonly values: SqlParam[] = [];
  add(v: SqlParam): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

/** The SQL of one search page (exported for EXPLAIN in the benchmark). Pure. */
export function searchSql(req: SearchRequest, probeRows = PROBE_ROWS): SearchSql {
  const q = req.q.trim();
  if (!hasWords(q)) throw new VigilError('VGL_BAD_REQUEST', 'search: q: give some words to search for');
  const limit = Math.max(1, Math.min(SEARCH_MAX_LIMIT, Math.floor(req.limit ?? SEARCH_DEFAULT_LIMIT)));
  const terms = substringTerms(q);
  const bounds = searchBounds(req.since, req.until);
  const cursor = req.cursor === undefined ? undefined : decodeCursor(req.cursor);

  /** What a post must match, bound to one statement's parameters. */
  const matchOf = (P: Params) => {
    const text = P.add(q);
    // The OR over the three configurations is what the GIN index can answer; it holds every post
    // the query parsed in the post's own configuration matches, which then decides (an OR alone
    // would let `-word` through: the english parse of колонии does not exclude the stem колон).
    const match = [`(p.tsv @@ ${TSQUERY(text)} AND p.tsv @@ ${OWN_TSQUERY(text)})`];
    if (terms) {
      // search_lower is set for 'simple' posts only; the word is lower-cased by the same lower().
      const likes = [
        ...terms.include.map((w) => `p.search_lower LIKE ('%' || lower(${P.add(w)}::text) || '%')`),
        ...terms.exclude.map((w) => `p.search_lower NOT LIKE ('%' || lower(${P.add(w)}::text) || '%')`),
      ];
      match.push(`(${likes.join(' AND ')})`);
    }
    const filters = [`(${match.join(' OR ')})`];
    if (req.platform !== undefined || req.tag !== undefined) {
      const t = [];
      if (req.platform !== undefined) t.push(`t.platform = ${P.add(req.platform)}`);
      if (req.tag !== undefined) t.push(`t.tags @> jsonb_build_array(${P.add(req.tag)}::text)`);
      filters.push(`p.target_id IN (SELECT t.id FROM targets t WHERE ${t.join(' AND ')})`);
    }
    if (req.deleted !== undefined) filters.push(req.deleted ? 'p.deleted' : 'NOT p.deleted');
    return { text, filters };
  };
  /** The window: a range of the sort order (within one target: posts_target_sort). */
  const windowOf = (P: Params) => {
    const window = ['true'];
    if (req.target !== undefined) window.push(`p.target_id = ${P.add(req.target)}`);
    if (bounds.from) window.push(`p.sort_at >= ${P.add(bounds.from)}::timestamptz`);
    if (bounds.to) window.push(`p.sort_at <= ${P.add(bounds.to)}::timestamptz`);
    if (cursor) {
      window.push(`(p.sort_at, p.target_id, p.id) < ('epoch'::timestamptz + ${P.add(cursor.sortUs)}::bigint * interval '1 microsecond', ${P.add(cursor.target)}, ${P.add(cursor.id)})`);
    }
    return window;
  };
  const where = (xs: string[]) => xs.join('\n      AND ');
  // The headline is computed for the page only (it re-parses the text).
  const page = (P: Params, text: string, inner: string) => `SELECT h.target_id, h.id, h.url, h.published_at, h.deleted,
      (extract(epoch FROM h.sort_at) * 1000000)::bigint::text AS sort_us, h.text,
      ts_headline(h.search_config, translate(h.text, ${P.add(MARK_START + MARK_STOP)}, ''), websearch_to_tsquery(h.search_config, ${text}::text), ${P.add(HEADLINE_OPTIONS)}) AS headline
    FROM (${inner}) h ORDER BY h.sort_at DESC, h.target_id DESC, h.id DESC`;
  const statement = (build: (P: Params) => string): Statement => {
    const P = new Params();
    return { sql: build(P), params: P.values };
  };

  const full = statement((P) => {
    const x = matchOf(P);
    return page(P, x.text, `SELECT ${COLUMNS} FROM posts p WHERE ${where([...x.filters, ...windowOf(P)])} ${ORDER} LIMIT ${P.add(limit + 1)}`);
  });
  if (req.deleted === true) return { probe: null, windowSize: null, full, substrings: terms?.include ?? [], limit };
  // LIMIT inside the subquery fences the walk: the planner cannot turn it into an index search.
  const probe = statement((P) => {
    const x = matchOf(P);
    const walk = `SELECT ${COLUMNS}, p.tsv, p.search_lower FROM posts p WHERE ${where(windowOf(P))} ${ORDER} LIMIT ${P.add(probeRows)}`;
    return page(P, x.text, `SELECT ${COLUMNS} FROM (${walk}) p WHERE ${where(x.filters)} ${ORDER} LIMIT ${P.add(limit + 1)}`);
  });
  // Only a window with a lower end (a target, since) can be small; the archive's tail is not.
  const windowSize = req.target === undefined && !bounds.from ? null : statement((P) =>
    `SELECT count(*)::int AS n FROM (SELECT 1 FROM posts p WHERE ${where(windowOf(P))} LIMIT ${P.add(probeRows + 1)}) w`);
  return { probe, windowSize, full, substrings: terms?.include ?? [], limit };
}

export async function search(db: Queryable, req: SearchRequest & { posts?: boolean }, probeRows = PROBE_ROWS): Promise<SearchPage> {
  const { probe, windowSize, full, substrings, limit } = searchSql(req, probeRows);
  let rows = probe ? await db.query<HitDbRow>(probe.sql, probe.params) : [];
  if (rows.length <= limit) {
    const [size] = windowSize ? await db.query<{ n: number }>(windowSize.sql, windowSize.params) : [];
    // The probe saw the whole window: its answer is complete.
    if (!size || Number(size.n) > probeRows) rows = await db.query<HitDbRow>(full.sql, full.params);
  }
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  const hits = page.map((r) => ({
    targetId: r.target_id,
    postId: r.id,
    url: r.url,
    publishedAt: iso(r.published_at),
    deleted: r.deleted,
    snippet: renderSnippet(r.headline, r.text, substrings),
  }));
  const next = rows.length > limit && last ? encodeCursor({ sortUs: String(last.sort_us), target: last.target_id, id: last.id }) : null;
  return { hits, next, ...(req.posts ? { posts: await postsOf(db, hits) } : {}) };
}

/** Full rows for the hits, in hit order (SELECT *: the posts columns are the catalog's business). */
async function postsOf(db: Queryable, hits: SearchHit[]): Promise<PostRow[]> {
  if (!hits.length) return [];
  const keys = JSON.stringify(hits.map((h) => [h.targetId, h.postId]));
  const rows = await db.query<PostDbRow>(
    `SELECT p.* FROM posts p JOIN (SELECT k->>0 AS t, k->>1 AS i FROM jsonb_array_elements($1::jsonb) k) w ON p.target_id = w.t AND p.id = w.i`,
    [keys],
  );
  const posts = await hydrate(db, rows);
  const at = new Map(posts.map((x) => [`${x.targetId}\u0000${x.id}`, x]));
  return hits.flatMap((h) => at.get(`${h.targetId}\u0000${h.postId}`) ?? []);
}

/**
 * Null when the database can search Cyrillic, else why not. Under LC_CTYPE C (a server made with
 * `initdb --no-locale`), PostgreSQL neither lower-cases Cyrillic nor sees its letters as trigram
 * characters: searches would quietly miss posts, which a report author would read as "never said".
 */
export async function searchLocaleProblem(db: Queryable): Promise<string | null> {
  const [r] = await db.query<{ ok: boolean; ctype: string | null }>(
    `SELECT lower('ҚАЗАҚ РАССЛЕДОВАНИЕ') = 'қазақ расследование' AND array_length(show_trgm('қазақ'), 1) > 0 AS ok,
       (SELECT datctype FROM pg_database WHERE datname = current_database()) AS ctype`,
  );
  if (r?.ok) return null;
  return `catalog: the database's character type (LC_CTYPE ${r?.ctype ?? 'unknown'}) cannot lower-case Cyrillic, so search in Russian and Kazakh would miss posts. Create the catalog database with a UTF-8 locale (CREATE DATABASE vigil TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'), point database.url at it and run \`vigil reindex\``;
}

/** Search behind a one-time locale check: refuses clearly instead of answering wrongly. */
export function searcher(db: Queryable, log: Logger): { check(): Promise<void>; search(req: SearchRequest & { posts?: boolean }): Promise<SearchPage> } {
  let problem: Promise<string | null> | undefined;
  const check = () => (problem ??= searchLocaleProblem(db).catch((e: unknown) => {
    problem = undefined; // not known yet: ask again next time
    throw e;
  }));
  return {
    async check() {
      const p = await check();
      if (p) log.error({ code: 'VGL_CATALOG_LOCALE' }, p);
    },
    async search(req) {
      const p = await check();
      if (p) throw new VigilError('VGL_CATALOG_LOCALE', p);
      return search(db, req);
    },
  };
}
