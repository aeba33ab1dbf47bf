// Search on both catalog backends (embedded PGlite and a real PostgreSQL server): Russian word
// forms, Kazakh substrings through trigrams, English stems, filters, the cursor, highlighted
// snippets that archived text cannot forge, deleted-only, and the per-post language choice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { Catalog, SearchHit } from '../../src/catalog/types.js';
import { isVigilError } from '../../src/errors.js';
import { openPg, openPglite, type Db, type SqlParam } from '../../src/catalog/db.js';
import { migrate } from '../../src/catalog/migrate.js';
import { catalogOver } from '../../src/catalog/catalog.js';
import { search } from '../../src/catalog/search.js';
import { archiveText } from '../../src/sim/text.js';
import { seedSearchWorld } from '../helpers/searchWorld.js';
import { CATALOG_BACKENDS, useCatalogBackends, type CatalogBackend } from '../helpers/catalogBackends.js';

const log = pino({ level: 'silent' });
const backends = useCatalogBackends();

const ids = (hits: SearchHit[]) => hits.map((h) => h.postId);

describe.each(CATALOG_BACKENDS)('search on %s', (backend: CatalogBackend) => {
  let cat: Catalog;
  beforeAll(async () => {
    cat = await backends.open(backend, log);
    await seedSearchWorld(cat);
  });
  afterAll(async () => cat?.close());

  it('finds Russian word forms: расследования finds Расследование, расследовании and расследования', async () => {
    const page = await cat.search({ q: 'расследования' });
    expect(ids(page.hits)).toEqual(['ru_media/2', 'ru_media/1', 'press/1']); // newest first
    expect(page.next).toBeNull();
    // The old 'simple' configuration found only the exact form.
    expect(ids((await cat.search({ q: 'пытка' })).hits)).toEqual(['ru_media/1']);
    // An excluded word excludes its forms too (колония excludes «колонии»).
    expect(ids((await cat.search({ q: 'суд' })).hits)).toEqual(['ru_media/3']);
    expect(ids((await cat.search({ q: 'суд -колония' })).hits)).toEqual([]);
    expect(ids((await cat.search({ q: '"приговорил активиста"' })).hits)).toEqual(['ru_media/3']);
  });

  it('finds English stems: detention finds detentions, investigations finds investigation', async () => {
    expect(ids((await cat.search({ q: 'detention' })).hits)).toEqual(['en_monitor/1']);
    expect(ids((await cat.search({ q: 'investigations' })).hits)).toEqual(['en_monitor/2']);
  });

  it('finds Kazakh words inside their case forms through trigrams (Қазақстан -> Қазақстанда, Қазақстанның)', async () => {
    const page = await cat.search({ q: 'қазақстан' });
    expect(ids(page.hits)).toEqual(['kz_news/2', 'kz_news/1']);
    expect(page.hits[1].snippet).toContain('<mark>Қазақстан</mark>да');
    // Several words must all be there; an excluded word removes the post.
    expect(ids((await cat.search({ q: 'ҚАЗАҚСТАН сот' })).hits)).toEqual(['kz_news/1']);
    expect(ids((await cat.search({ q: 'қазақстан -белсенді' })).hits)).toEqual(['kz_news/2']);
    expect(ids((await cat.search({ q: 'журналист тінту' })).hits)).toEqual(['kz_news/3']);
  });

  it('chooses each post\'s configuration from its script', async () => {
    const db = await rawDb(backend);
    try {
      const config = async (t: string) => (await db.query<{ c: string }>('SELECT vigil_search_config($1)::text AS c', [t]))[0].c;
      expect(await config(archiveText(11, 'ru'))).toBe('russian');
      expect(await config(archiveText(11, 'kk'))).toBe('simple');
      expect(await config(archiveText(11, 'en'))).toBe('english');
      expect(await config('Пpивет мир')).toBe('simple'); // Latin p inside a Cyrillic word
      // A Russian post naming Қазақстан stays Russian (word forms still work).
      expect(await config('Переговоры Москвы и Астаны прошли в четверг; делегация из Қазақстан прибыла утром, журналистов не пустили.')).toBe('russian');
    } finally {
      await db.close();
    }
  });

  it('highlights matches in an HTML snippet that archived text cannot break or forge', async () => {
    const [hit] = (await cat.search({ q: 'investigation' })).hits;
    expect(hit.snippet).toContain('<mark>investigation</mark>');
    expect(hit.snippet.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
    expect(hit.snippet).not.toContain('<mark>forged</mark>');
    expect(hit.snippet.match(/<mark>/g)).toHaveLength(1);
    const [ru] = (await cat.search({ q: 'расследования', target: 'ru_media', until: '2024-11-01' })).hits;
    expect(ru.snippet).toContain('<mark>Расследование</mark>');
  });

  it('filters by target, platform, tag, date range and deleted', async () => {
    const q = 'расследования';
    expect(ids((await cat.search({ q, platform: 'rss' })).hits)).toEqual(['press/1']);
    expect(ids((await cat.search({ q, tag: 'media' })).hits)).toEqual(['ru_media/2', 'ru_media/1']);
    expect(ids((await cat.search({ q, target: 'press' })).hits)).toEqual(['press/1']);
    expect(ids((await cat.search({ q, since: '2024-11-01', until: '2024-11-01' })).hits)).toEqual(['ru_media/1']);
    expect(ids((await cat.search({ q, since: '2024-11-01T10:00:01Z' })).hits)).toEqual(['ru_media/2']);
    expect(ids((await cat.search({ q, deleted: true })).hits)).toEqual(['ru_media/2']);
    expect(ids((await cat.search({ q, deleted: false })).hits)).toEqual(['ru_media/1', 'press/1']);
    const [d] = (await cat.search({ q, deleted: true })).hits;
    expect(d).toMatchObject({ targetId: 'ru_media', deleted: true, publishedAt: '2024-11-02T10:00:00.000Z', url: 'https://t.me/ru_media/2' });
    expect((await cat.search({ q, tag: 'nope' })).hits).toEqual([]);
  });

  it('pages with a cursor: every hit once, newest first, and the last page says so', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let pages = 0; pages < 10; pages++) {
      const page = await cat.search({ q: 'задержания', limit: 10, cursor });
      seen.push(...ids(page.hits));
      if (!page.next) break;
      cursor = page.next;
    }
    expect(seen).toHaveLength(25);
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `ru_media/${124 - i}`));
    const all = await cat.search({ q: 'задержания', limit: 25 });
    expect(all.next).toBeNull();
    expect(ids(all.hits)).toEqual(seen);
  });

  it('refuses a query without words and a cursor it did not make, with VGL_BAD_REQUEST', async () => {
    for (const bad of [{ q: '  !!! ' }, { q: 'x', cursor: 'not-a-cursor' }, { q: 'x', since: 'yesterday' }, { q: 'x', since: '2024-11-02', until: '2024-11-01' }]) {
      const e = await cat.search(bad).catch((x: unknown) => x);
      expect(isVigilError(e, 'VGL_BAD_REQUEST'), String(e)).toBe(true);
    }
  });

  it('gives the posts of the hits when asked (searchPosts keeps its shape)', async () => {
    const page = await cat.search({ q: 'детали OR пытка', posts: true });
    expect(page.posts?.map((p) => p.id)).toEqual(ids(page.hits));
    expect(page.posts?.[0].versions).toHaveLength(1);
    expect((await cat.searchPosts('расследования', { tag: 'official' })).map((p) => p.id)).toEqual(['press/1']);
  });
});

describe.each(CATALOG_BACKENDS)('the probe on %s', (backend: CatalogBackend) => {
  it('gives the same pages whether the newest rows hold a full page or the whole index is asked', async () => {
    const db = await rawDb(backend);
    try {
      await seedSearchWorld(catalogOver(db, log));
      let fullQueries = 0;
      const isFull = (sql: string) => !sql.includes('p.search_lower FROM posts') && !sql.includes('count(*)');
      const counting = { query: <T extends object>(sql: string, params?: SqlParam[]) => (isFull(sql) && fullQueries++, db.query<T>(sql, params)) };
      const answered = { probe: 0, full: 0 };
      const reqs = [{ q: 'задержание', limit: 4 }, { q: 'расследования', limit: 2 }, { q: 'қазақстан', limit: 1 }, { q: 'полиция', limit: 2, tag: 'media' }, { q: 'задержание', limit: 5, until: '2024-12-01T10:00:00Z' },
        { q: 'задержание', limit: 3, since: '2024-12-01T20:00:00Z' }, { q: 'расследования', target: 'ru_media', limit: 1 }, { q: 'расследования', target: 'press' }];
      for (const req of reqs) {
        // Walk every page with a probe of 6 rows (a full page for some, too few for others) and
        // with one larger than the table.
        const pages = async (probeRows: number) => {
          const out: string[][] = [];
          let cursor: string | undefined;
          do {
            const before = fullQueries;
            const page = await search(counting, { ...req, cursor }, probeRows);
            if (probeRows === 6) fullQueries === before ? answered.probe++ : answered.full++;
            out.push(ids(page.hits));
            cursor = page.next ?? undefined;
          } while (cursor && out.length < 20);
          return out;
        };
        const small = await pages(6);
        expect(small.flat().length, JSON.stringify(req)).toBeGreaterThan(0);
        expect(small, JSON.stringify(req)).toEqual(await pages(1_000_000));
      }
      // With the small probe, both ways of answering were taken.
      expect(answered.probe).toBeGreaterThan(0);
      expect(answered.full).toBeGreaterThan(0);
    } finally {
      await db.close();
    }
  });
});

/** A second connection to the same kind of database, for SQL-level checks. */
async function rawDb(backend: CatalogBackend): Promise<Db> {
  const url = await backends.databaseUrl(backend);
  const db = url ? await openPg(url, log) : await openPglite(undefined);
  await migrate(db, log);
  return db;
}

describe('a PostgreSQL database under LC_CTYPE C', () => {
  it('refuses search with VGL_CATALOG_LOCALE instead of quietly missing Cyrillic posts', async () => {
    const server = await backends.postgres();
    // The C character type, as `initdb --no-locale` gives every database.
    const name = `vigil_c_${process.pid}`;
    const admin = await openPg(server.url, log);
    await admin.exec(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`);
    await admin.close();
    const url = server.url.replace(/\/postgres$/, `/${name}`);
    const { createCatalog } = await import('../../src/catalog/index.js');
    const cat = await createCatalog({ dataDir: '/nonexistent', database: { url } }, log, { inMemory: true });
    try {
      const e = await cat.search({ q: 'расследования' }).catch((x: unknown) => x);
      expect(isVigilError(e, 'VGL_CATALOG_LOCALE'), String(e)).toBe(true);
      expect((e as Error).message).toContain("LC_CTYPE 'C.UTF-8'");
      expect((await cat.listTargets())).toEqual([]); // the rest of the catalog still works
    } finally {
      await cat.close();
    }
  });
});
