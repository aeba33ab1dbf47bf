// database.readUrl: the API's read-only catalog queries go to the read replica, writes (indexer,
// migrations) to the primary. A real PostgreSQL server; a second database stands in for the
// replica, so the test can tell which one answered (a streaming replica would hold the same rows).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createCatalog } from '../../src/catalog/index.js';
import { loadSettings } from '../../src/config/index.js';
import { isVigilError } from '../../src/errors.js';
import { startPostgres, type TestPostgres } from '../helpers/startPostgres.js';

const log = pino({ level: 'silent' });
const target = (id: string) => ({ id, spec: `telegram:${id}`, platform: 'telegram', key: id, everyMs: 60_000, tags: [], createdAt: '2026-01-01T00:00:00.000Z' });
let pgsrv: TestPostgres;
let dataDir: string;
beforeAll(async () => {
  pgsrv = await startPostgres();
  dataDir = await mkdtemp(join(tmpdir(), 'vigil-replica-'));
});
afterAll(async () => {
  await pgsrv?.close();
  await rm(dataDir, { recursive: true, force: true });
});

it('reads go to database.readUrl, writes to database.url', async () => {
  const primary = await pgsrv.createDatabase('cat_primary');
  const replica = await pgsrv.createDatabase('cat_replica');
  const seed = await createCatalog({ dataDir, database: { url: replica } }, log);
  await seed.upsertTarget(target('only_on_replica'));
  await seed.close();

  const cat = await createCatalog({ dataDir, database: { url: primary, readUrl: replica } }, log);
  await cat.upsertTarget(target('written_by_indexer'));
  expect((await cat.listTargets()).map((t) => t.id)).toEqual(['only_on_replica']);
  expect(await cat.getTarget('written_by_indexer')).toBeNull();
  await cat.close();

  const direct = await createCatalog({ dataDir, database: { url: primary } }, log);
  expect((await direct.listTargets()).map((t) => t.id)).toEqual(['written_by_indexer']);
  await direct.close();
});

it('refuses a read replica without a primary PostgreSQL', () => {
  let err: unknown;
  try {
    loadSettings({ env: { VIGIL_DATABASE_READ_URL: 'postgres://replica/vigil' } });
  } catch (e) {
    err = e;
  }
  expect(isVigilError(err, 'VGL_CONFIG_INVALID')).toBe(true);
  expect((err as Error).message).toMatch(/database\.readUrl: readUrl needs database\.url/);
});
