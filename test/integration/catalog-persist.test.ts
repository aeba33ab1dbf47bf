// The embedded catalog persists under <dataDir>/catalog and migrations run once.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createCatalog } from '../../src/catalog/index.js';

const dirs: string[] = [];
afterAll(async () => {
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

describe('embedded catalog on disk', () => {
  it('keeps rows across close/reopen', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'vigil-cat-'));
    dirs.push(dataDir);
    const log = pino({ level: 'silent' });
    const a = await createCatalog({ dataDir, database: {} }, log);
    await a.upsertTarget({ id: 'durov', spec: 'telegram:durov', platform: 'telegram', key: 'durov', everyMs: 60000, tags: [], createdAt: '2024-01-01T00:00:00.000Z' });
    await a.close();
    expect(existsSync(join(dataDir, 'catalog'))).toBe(true);
    const b = await createCatalog({ dataDir, database: {} }, log);
    expect((await b.listTargets()).map((t) => [t.id, t.state])).toEqual([['durov', 'pending']]);
    await b.close();
  });
});
