// Run catalog tests on both backends the product ships: the embedded PGlite and a real
// PostgreSQL server (one per test file, started only when a postgres case runs, one fresh
// database per catalog). `useCatalogBackends()` registers the file's afterAll hook.
import type { Logger } from 'pino';
import { afterAll } from 'vitest';
import { createCatalog } from '../../src/catalog/index.js';
import type { Catalog } from '../../src/catalog/types.js';
import { startPostgres, type TestPostgres } from './startPostgres.js';

export const CATALOG_BACKENDS = ['pglite', 'postgres'] as const;
export type CatalogBackend = (typeof CATALOG_BACKENDS)[number];

export interface CatalogBackends {
  /** `database.url` for a fresh database on this backend (undefined: embedded PGlite). */
  databaseUrl(backend: CatalogBackend): Promise<string | undefined>;
  /** A migrated catalog on a fresh database (PGlite in memory). */
  open(backend: CatalogBackend, log: Logger): Promise<Catalog>;
  /** The PostgreSQL server (started on first use). */
  postgres(): Promise<TestPostgres>;
}

export function useCatalogBackends(): CatalogBackends {
  let server: Promise<TestPostgres> | undefined;
  let n = 0;
  afterAll(async () => {
    if (server) await (await server).close();
  });
  const postgres = () => (server ??= startPostgres());
  const databaseUrl = async (backend: CatalogBackend) =>
    backend === 'postgres' ? (await postgres()).createDatabase(`vigil_test_${process.pid}_${++n}`) : undefined;
  return {
    databaseUrl,
    postgres,
    async open(backend, log) {
      const url = await databaseUrl(backend);
      return createCatalog({ dataDir: '/nonexistent', database: url ? { url } : {} }, log, { inMemory: true });
    },
  };
}
