// Migration 002 converts an existing catalog (created by 001, posts.num a 32-bit integer) in
// place on both backends: rows are kept, and statements' 48-bit nums are accepted afterwards.
import { afterAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { openPg, openPglite, type Db } from '../../src/catalog/db.js';
import { loadMigrations, migrate } from '../../src/catalog/migrate.js';
import { catalogOver } from '../../src/catalog/catalog.js';
import { stableNum } from '../../src/scrapers/stable-hash.js';
import { CATALOG_BACKENDS, useCatalogBackends } from '../helpers/catalogBackends.js';

const log = pino({ level: 'silent' });
const backends = useCatalogBackends();
const dbs: Db[] = [];
afterAll(async () => {
  for (const db of dbs) await db.close().catch(() => undefined);
});

const insert = (db: Db, id: string, num: number | string) =>
  db.query(
    `INSERT INTO posts (target_id, id, num, url, text, first_seen_at, first_observation_id, last_seen_at)
     VALUES ('t', $1, $2, $1, 'text of ' || $1, now(), 'O1', now())`,
    [id, num],
  );

describe.each(CATALOG_BACKENDS)('migration 002 on %s', (backend) => {
  it('turns posts.num into bigint, keeps the rows, and records the migration', async () => {
    const url = await backends.databaseUrl(backend);
    const db = url ? await openPg(url, log) : await openPglite(undefined);
    dbs.push(db);
    const [first] = loadMigrations();
    expect(await migrate(db, log, [first])).toEqual([1]);
    await insert(db, 'durov/523', 523);
    const statementNum = stableNum('https://gov.example/press/o-zaderzhaniyah');
    await expect(insert(db, 'https://gov.example/press/o-zaderzhaniyah', statementNum)).rejects.toThrow(/out of range for type integer/);

    expect(await migrate(db, log)).toEqual(loadMigrations().slice(1).map((m) => m.version));
    const [col] = await db.query<{ data_type: string }>(`SELECT data_type FROM information_schema.columns WHERE table_name = 'posts' AND column_name = 'num'`);
    expect(col.data_type).toBe('bigint');
    await insert(db, 'https://gov.example/press/o-zaderzhaniyah', statementNum);
    const posts = await catalogOver(db, log).listPosts('t');
    expect(posts.map((p) => [p.id, p.numKey])).toEqual([
      ['https://gov.example/press/o-zaderzhaniyah', String(statementNum)],
      ['durov/523', '523'],
    ]);
    expect(await migrate(db, log)).toEqual([]); // applied once
  });
});
