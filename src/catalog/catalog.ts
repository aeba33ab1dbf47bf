// createCatalog: PostgreSQL when database.url is set, else embedded PGlite under <dataDir>/catalog.
// With database.readUrl (a streaming replica), the read-only queries behind the API and UI go there;
// the indexer's writes, migrations and ping stay on the primary.
import type { Logger } from 'pino';
import type { Settings } from '../config/schema.js';
import { openPg, openPglite, pgliteDir, type Db } from './db.js';
import { migrate } from './migrate.js';
import * as apply from './apply.js';
import * as read from './queries.js';
import { searcher } from './search.js';
import type { Catalog } from './types.js';

export interface CatalogOptions {
  /** Tests: an in-memory PGlite instead of <dataDir>/catalog. */
  inMemory?: boolean;
}

export async function createCatalog(
  settings: Pick<Settings, 'dataDir' | 'database'>,
  log: Logger,
  opts: CatalogOptions = {},
): Promise<Catalog> {
  const clog = log.child({ component: 'catalog' });
  const db = settings.database.url
    ? await openPg(settings.database.url, clog)
    : await openPglite(opts.inMemory ? undefined : pgliteDir(settings.dataDir));
  let reader: Db | undefined;
  try {
    reader = settings.database.readUrl ? await openPg(settings.database.readUrl, clog.child({ replica: true })) : undefined;
  } catch (e) {
    await db.close();
    throw e;
  }
  clog.debug({ kind: db.kind, replica: !!reader }, 'catalog opened');
  const catalog = catalogOver(db, clog, reader);
  await catalog.migrate();
  return catalog;
}

/** The Catalog over an open Db (exported for tests that bring their own database). */
export function catalogOver(db: Db, log: Logger, reader: Db = db): Catalog {
  const find = searcher(reader, log);
  return {
    migrate: async () => {
      await migrate(db, log);
      await find.check();
    },
    upsertTarget: (t) => apply.upsertTarget(db, t),
    removeTarget: async (id) => {
      // Posts/events stay: they are evidence, and re-adding the target shows them again.
      await db.query('DELETE FROM targets WHERE id = $1', [id]);
    },
    getTarget: (id) => read.getTarget(reader, id),
    listTargets: () => read.listTargets(reader),
    applyObservation: (rec, posts) => db.tx((q) => apply.applyObservation(q, rec, posts)),
    applyEvent: (ev) => db.tx((q) => apply.applyEvent(q, ev)),
    applyCapture: (m) => db.tx((q) => apply.applyCapture(q, m)),
    touchTarget: (id, at, state) => apply.touchTarget(db, id, at, state),
    listPosts: (targetId, o) => read.listPosts(reader, targetId, o),
    getPost: (targetId, postId) => read.getPost(reader, targetId, postId),
    listEvents: (f) => read.listEvents(reader, f),
    getEvent: (id) => read.getEvent(reader, id),
    getCapture: (id) => read.getCapture(reader, id),
    search: (req) => find.search(req),
    searchPosts: async (q, o = {}) => (await find.search({ ...o, q, posts: true })).posts ?? [],
    findArtifact: (sha) => read.findArtifact(reader, sha),
    ping: async () => {
      await db.query('SELECT 1');
    },
    close: async () => {
      if (reader !== db) await reader.close().catch(() => undefined);
      await db.close();
    },
  };
}
