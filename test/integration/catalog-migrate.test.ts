// Migrations convert an existing catalog in place on both backends. 002: posts.num (a 32-bit
// integer in 001) becomes bigint, rows kept, statements' 48-bit nums accepted. 003: posts get their
// string key (post_key), backfilled from num, which every row written before was its key.
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

describe.each(CATALOG_BACKENDS)('migration 003 on %s', (backend) => {
  it('backfills post_key from num; a renamed post and an old-style deletion event find the row by key', async () => {
    const url = await backends.databaseUrl(backend);
    const db = url ? await openPg(url, log) : await openPglite(undefined);
    dbs.push(db);
    const all = loadMigrations();
    expect(await migrate(db, log, all.filter((m) => m.version < 3))).toEqual([1, 2]);
    await insert(db, 'oldname/523', 523);
    expect(await migrate(db, log, all.filter((m) => m.version === 3))).toEqual([3]);
    const [row] = await db.query<{ post_key: string }>(`SELECT post_key FROM posts WHERE id = 'oldname/523'`);
    expect(row.post_key).toBe('523');
    expect((await migrate(db, log)).every((v) => v > 3)).toBe(true); // the later ones, for the catalog below

    const cat = catalogOver(db, log);
    // The same message after a rename: a new id, the same key. It stays the row first seen.
    const post = { id: 'newname/523', key: '523', order: '523', url: 'https://t.me/newname/523', text: 'text', html: '', edited: false, links: [], media: [] };
    await cat.applyObservation(
      { v: 1, id: 'O2', target: 't', platform: 'telegram', url: 'https://t.me/s/newname', observedAt: new Date().toISOString(), state: 'ok', captures: [], posts: [{ id: post.id, key: post.key, order: post.order, sha256: 'a'.repeat(64) }], contentDigest: 'b'.repeat(64) },
      [{ record: post, sha256: 'a'.repeat(64) }],
    );
    const posts = await cat.listPosts('t');
    expect(posts.map((p) => [p.id, p.key, p.url])).toEqual([['oldname/523', '523', 'https://t.me/newname/523']]);
    // A deletion event written before events carried postKey names the post by its new id only.
    await cat.applyEvent({ v: 1, id: 'E1', type: 'post_deleted', status: 'confirmed', target: 't', postId: 'newname/523', detectedAt: '2024-01-01T00:00:00.000Z', confirmedAt: '2024-01-01T00:05:00.000Z', window: { firstChangedAt: '2024-01-01T00:00:00.000Z' }, confidence: 0.9, rule: 'test', evidence: [] });
    expect((await cat.getPost('t', 'oldname/523'))?.deleted).toBe(true);

    // A statement indexed while its order was its hash moves to the order of its newest record;
    // replaying an older record does not move it back.
    const stmt = { id: 'https://gov.example/a', key: '123456789012345', url: 'https://gov.example/a', text: 's', html: '', edited: false, links: [], media: [] };
    const apply = (obsId: string, at: string, order: string) =>
      cat.applyObservation(
        { v: 1, id: obsId, target: 's', platform: 'rss', url: 'https://gov.example/rss', observedAt: at, state: 'ok', captures: [], posts: [{ id: stmt.id, key: stmt.key, order, sha256: 'c'.repeat(64) }], contentDigest: 'd'.repeat(64) },
        [{ record: { ...stmt, order }, sha256: 'c'.repeat(64) }],
      );
    await apply('S1', '2024-01-01T00:00:00.000Z', stmt.key);
    await apply('S3', '2024-03-01T00:00:00.000Z', '1704067200000345');
    await apply('S2', '2024-02-01T00:00:00.000Z', stmt.key);
    expect((await cat.listPosts('s')).map((p) => [p.key, p.numKey])).toEqual([[stmt.key, '1704067200000345']]);
  });
});
