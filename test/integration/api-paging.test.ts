// Every list answers with a `next` cursor, on both catalog backends (PGlite and a real
// PostgreSQL): events in keyset order (ties on detected time broken by id), targets by id. Pages
// taken one after another give exactly the full list, nothing twice, nothing missing.
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { buildApi } from '../../src/api/index.js';
import type { EventRecord } from '../../src/archive/types.js';
import type { TargetDef } from '../../src/catalog/types.js';
import { CATALOG_BACKENDS, useCatalogBackends } from '../helpers/catalogBackends.js';

const log = pino({ level: 'silent' });
const backends = useCatalogBackends();

const defs: TargetDef[] = Array.from({ length: 7 }, (_, i) => ({ id: `t${i}`, spec: `telegram:chan${i}`, platform: 'telegram', key: `chan${i}`, everyMs: 60_000, tags: [], createdAt: '2024-11-01T00:00:00.000Z' }));
const event = (i: number): EventRecord => ({
  v: 1, id: `01JCRX00000000000000EV${String(i).padStart(4, '0')}`, type: 'account_restricted', status: 'confirmed', target: defs[i % 7].id,
  // Three share one detected time: the cursor must break ties by id.
  detectedAt: new Date(Date.UTC(2024, 10, 12, 10, Math.min(i, 9))).toISOString(), confirmedAt: '2024-11-12T11:00:00.000Z',
  window: { firstChangedAt: '2024-11-12T10:00:00.000Z' }, confidence: 0.9, rule: 'state', evidence: [],
});

async function walk<T>(get: (cursor?: string) => Promise<{ items: T[]; next: string | null }>): Promise<{ all: T[]; pages: number }> {
  const all: T[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const p = await get(cursor);
    all.push(...p.items);
    cursor = p.next ?? undefined;
    pages++;
  } while (cursor && pages < 50);
  return { all, pages };
}

describe.each(CATALOG_BACKENDS)('pagination on %s', (backend) => {
  it('events and targets come a page at a time with next cursors', async () => {
    const catalog = await backends.open(backend, log);
    try {
      for (const d of defs) await catalog.upsertTarget(d);
      for (let i = 0; i < 12; i++) await catalog.applyEvent(event(i));
      const api = await buildApi({ settings: { http: { host: '127.0.0.1', port: 0 } }, log, catalog, archive: { getCapture: async () => null, getBlob: async () => null }, targets: { add: async () => defs[0], list: async () => defs, remove: async () => undefined } });
      const full = (await api.inject({ url: '/api/events?limit=100' })).json() as { events: { id: string }[]; next: string | null };
      expect(full.events).toHaveLength(12);
      expect(full.next).toBeNull();
      const ev = await walk(async (c) => {
        const r = (await api.inject({ url: `/api/events?limit=5${c ? `&cursor=${encodeURIComponent(c)}` : ''}` })).json() as { events: { id: string }[]; next: string | null };
        return { items: r.events.map((e) => e.id), next: r.next };
      });
      expect(ev.pages).toBe(3);
      expect(ev.all).toEqual(full.events.map((e) => e.id));
      // Filters hold across pages.
      const t0 = await walk(async (c) => {
        const r = (await api.inject({ url: `/api/events?target=t0&limit=1${c ? `&cursor=${encodeURIComponent(c)}` : ''}` })).json() as { events: { id: string; target: string }[]; next: string | null };
        return { items: r.events, next: r.next };
      });
      expect(t0.all.map((e) => e.target)).toEqual(['t0', 't0']);
      const tg = await walk(async (c) => {
        const r = (await api.inject({ url: `/api/targets?limit=3${c ? `&cursor=${encodeURIComponent(c)}` : ''}` })).json() as { targets: { id: string }[]; next: string | null };
        return { items: r.targets.map((t) => t.id), next: r.next };
      });
      expect(tg).toEqual({ all: defs.map((d) => d.id), pages: 3 });
      await api.close();
    } finally {
      await catalog.close();
    }
  }, 120_000);
});
