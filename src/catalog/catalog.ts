// createCatalog: PostgreSQL when database.url is set, else embedded PGlite under <dataDir>/catalog.
import type { Logger } from 'pino';
import type { Settings } from '../config/schema.js';
import { openPg, openPglite, pgliteDir, type Db } from './db.js';
import { migrate } from './migrate.js';
import * as apply from './apply.js';
import * as read from './queries.js';
import * as stateRead from './state-queries.js';
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
  clog.debug({ kind: db.kind }, 'catalog opened');
  const catalog = catalogOver(db, clog);
  await catalog.migrate();
  return catalog;
}

/** The Catalog over an open Db (exported for tests that bring their own database). */
export function catalogOver(db: Db, log: Logger): Catalog {
  return {
    migrate: async () => {
      await migrate(db, log);
    },
    upsertTarget: (t) => apply.upsertTarget(db, t),
    removeTarget: async (id) => {
      // Posts/events stay: they are evidence, and re-adding the target shows them again.
      await db.query('DELETE FROM targets WHERE id = $1', [id]);
    },
    getTarget: (id) => read.getTarget(db, id),
    listTargets: () => read.listTargets(db),
    applyObservation: (rec, posts) => db.tx((q) => apply.applyObservation(q, rec, posts)),
    applyEvent: (ev) => db.tx((q) => apply.applyEvent(q, ev)),
    applyCapture: (m) => db.tx((q) => apply.applyCapture(q, m)),
    touchTarget: (id, at, state) => apply.touchTarget(db, id, at, state),
    listPosts: (targetId, o) => read.listPosts(db, targetId, o),
    getPost: (targetId, postId) => read.getPost(db, targetId, postId),
    listEvents: (f) => read.listEvents(db, f),
    getEvent: (id) => read.getEvent(db, id),
    getCapture: (id) => read.getCapture(db, id),
    searchPosts: (q, o) => read.searchPosts(db, q, o),
    findArtifact: (sha) => read.findArtifact(db, sha),
    latestObservation: (id) => stateRead.latestObservation(db, id),
    statePosts: (id) => stateRead.statePosts(db, id),
    ping: async () => {
      await db.query('SELECT 1');
    },
    close: () => db.close(),
  };
}
