// A tiny query adapter so the catalog speaks one SQL dialect ($1 placeholders, PostgreSQL 16)
// to either a real PostgreSQL server (`pg`) or the embedded PGlite. Nothing connects at import.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { VigilError } from '../errors.js';

export type SqlParam = string | number | boolean | null;

export interface Queryable {
  query<T extends object>(sql: string, params?: SqlParam[]): Promise<T[]>;
}

export interface Db extends Queryable {
  readonly kind: 'pg' | 'pglite';
  /** Run several statements (no parameters), e.g. a migration file. */
  exec(sql: string): Promise<void>;
  /** Run `fn` inside BEGIN/COMMIT; rolled back if it throws. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

const unavailable = (what: string, e: unknown): VigilError =>
  new VigilError('VGL_STORE_UNAVAILABLE', `catalog: cannot open ${what}: ${(e as Error).message}`, { cause: e });

/** PostgreSQL through a `pg` pool. */
export async function openPg(url: string, log: Logger): Promise<Db> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: url, max: 5 });
  pool.on('error', (err) => log.warn({ err }, 'catalog pool error'));
  try {
    await pool.query('select 1');
  } catch (e) {
    await pool.end().catch(() => undefined);
    // The URL can carry a password: name only the host.
    throw unavailable(`PostgreSQL at ${safeHost(url)}`, e);
  }
  return {
    kind: 'pg',
    async query<T extends object>(sql: string, params: SqlParam[] = []) {
      return (await pool.query(sql, params)).rows as T[];
    },
    async exec(sql) {
      await pool.query(sql);
    },
    async tx(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const q: Queryable = { query: async <T extends object>(s: string, p: SqlParam[] = []) => (await client.query(s, p)).rows as T[] };
        const out = await fn(q);
        await client.query('COMMIT');
        return out;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** Embedded PGlite, persisted in `dir` (or in memory when `dir` is undefined, for tests). */
export async function openPglite(dir: string | undefined): Promise<Db> {
  const { PGlite } = await import('@electric-sql/pglite');
  // pg_trgm ships with PGlite as a loadable extension; search (migration 004) creates it.
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm');
  let db: InstanceType<typeof PGlite>;
  try {
    if (dir) mkdirSync(dir, { recursive: true });
    db = await PGlite.create(dir, { extensions: { pg_trgm } });
  } catch (e) {
    throw unavailable(`embedded catalog in ${dir ?? 'memory'}`, e);
  }
  return {
    kind: 'pglite',
    async query<T extends object>(sql: string, params: SqlParam[] = []) {
      return (await db.query<T>(sql, params)).rows;
    },
    async exec(sql) {
      await db.exec(sql);
    },
    tx: (fn) => db.transaction((t) => fn({ query: async <T extends object>(s: string, p: SqlParam[] = []) => (await t.query<T>(s, p)).rows })),
    close: () => db.close(),
  };
}

export const pgliteDir = (dataDir: string): string => join(dataDir, 'catalog');

function safeHost(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return '(unparseable database.url)';
  }
}
