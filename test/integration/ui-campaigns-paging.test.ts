// Campaigns in the API and the UI, and the UI's lists a page at a time, over a real PGlite
// catalog: GET /api/campaigns (paged with `next`, member filter) and /api/campaigns/<id> with the
// members' attacks, takedowns and shadow-bans; the Campaigns screen (EN and RU) with its chart,
// wording "consistent with"; the Events and Targets screens follow their cursors through every
// row exactly once instead of reading everything at once.
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../src/api/index.js';
import type { EventRecord } from '../../src/archive/types.js';
import { createCatalog, type Catalog } from '../../src/catalog/index.js';
import type { TargetDef } from '../../src/catalog/types.js';

const log = pino({ level: 'silent' });
let catalog: Catalog;
let api: FastifyInstance;

// 130 targets: more than one page of the Targets screen (100).
const defs: TargetDef[] = Array.from({ length: 130 }, (_, i) => ({
  id: `t${String(i).padStart(3, '0')}`, spec: `telegram:chan${i}`, platform: 'telegram', key: `chan${i}`, everyMs: 60_000, tags: i % 2 ? ['odd'] : [], createdAt: '2024-11-01T00:00:00.000Z',
}));
const at = (min: number) => new Date(Date.UTC(2024, 10, 12, 10, 0) + min * 60_000).toISOString();
const ev = (over: Partial<EventRecord> & Pick<EventRecord, 'id' | 'type' | 'target'>): EventRecord => ({
  v: 1, status: 'confirmed', detectedAt: at(0), window: { firstChangedAt: at(0) }, confidence: 0.8, rule: 'r', evidence: [], ...over,
});
const A1 = '01JCRX0000000000000000ATK1';
const A2 = '01JCRX0000000000000000ATK2';
const C1 = '01JCRX0000000000000000CMP1';
const C2 = '01JCRX0000000000000000CMP2';
const TD = '01JCRX0000000000000000TKD1';
const SB = '01JCRX0000000000000000SBN1';
const attackers = ['bot_1001', 'bot_1002', 'bot_1003', 'bot_1004'];

beforeAll(async () => {
  catalog = await createCatalog({ dataDir: '/nonexistent', database: {} }, log, { inMemory: true });
  for (const d of defs) await catalog.upsertTarget(d);
  // Two attacks by the same accounts on t000 and t001, the campaign they make, a block of t001
  // consistent with its attack, a shadow-ban of t000, and an older campaign of t002 and t003.
  // As detection writes them: an attack starts at its burst's start, the campaign's timeline has its end.
  await catalog.applyEvent(ev({ id: A1, type: 'attack_suspected', target: 't000', detectedAt: at(10), window: { firstChangedAt: at(3) }, evidence: ['a'.repeat(64)], details: { accounts: attackers } }));
  await catalog.applyEvent(ev({ id: A2, type: 'attack_suspected', target: 't001', detectedAt: at(20), window: { firstChangedAt: at(15) }, evidence: ['b'.repeat(64)], details: { accounts: attackers } }));
  await catalog.applyEvent(ev({
    id: C1, type: 'campaign', target: 't001', detectedAt: at(20), window: { firstChangedAt: at(5) }, rule: 'campaign.shared_accounts', evidence: [A1, A2],
    details: { members: ['t000', 't001'], attackers, attacks: [A1, A2], sharedTexts: false, timeline: [{ at: at(5), target: 't000', attackEventId: A1, accounts: 4 }, { at: at(15), target: 't001', attackEventId: A2, accounts: 4 }] },
  }));
  await catalog.applyEvent(ev({ id: TD, type: 'account_restricted', target: 't001', detectedAt: at(200), window: { firstChangedAt: at(190) }, details: { consistentWith: { attackEventId: A2, lagSeconds: 10_500 } } }));
  await catalog.applyEvent(ev({ id: SB, type: 'shadowban_search', target: 't000', detectedAt: at(300), window: { firstChangedAt: at(290) } }));
  await catalog.applyEvent(ev({ id: C2, type: 'campaign', target: 't003', detectedAt: at(1), window: { firstChangedAt: at(0) }, details: { members: ['t002', 't003'], attackers: ['x1', 'x2', 'x3'], attacks: [], timeline: [] } }));
  // 230 more events for the events screen's pages (100 a page).
  for (let i = 0; i < 230; i++) await catalog.applyEvent(ev({ id: `01JCRX00000000000000EV${String(i).padStart(4, '0')}`, type: 'post_deleted', target: defs[i % 130].id, postId: `p${i}`, detectedAt: at(400 + (i % 50)) }));
  api = await buildApi({
    settings: { http: { host: '127.0.0.1', port: 0 } }, log, catalog,
    archive: { getCapture: async () => null, getBlob: async () => null },
    targets: { add: async () => defs[0], list: async () => defs, remove: async () => undefined },
  });
}, 180_000);

afterAll(async () => {
  await api?.close();
  await catalog?.close();
});

/** Follows a page's `rel` link (by class) until there is none; returns every page's body. */
async function follow(first: string, cls: string): Promise<string[]> {
  const bodies: string[] = [];
  let url: string | undefined = first;
  while (url && bodies.length < 20) {
    const r: { statusCode: number; body: string } = await api.inject({ url });
    expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
    bodies.push(r.body);
    url = new RegExp(`<a class="${cls}" href="([^"]+)"`).exec(r.body)?.[1]?.replace(/&amp;/g, '&');
  }
  return bodies;
}

describe('campaigns', () => {
  it('GET /api/campaigns lists them with members and attackers, a page at a time; one campaign has its members’ events', async () => {
    const all = (await api.inject({ url: '/api/campaigns' })).json() as { campaigns: { id: string; members: string[]; attackers: string[]; attacks: string[]; citation: { markdown: string } }[]; next: string | null };
    expect(all.campaigns.map((c) => c.id)).toEqual([C1, C2]);
    expect(all.next).toBeNull();
    expect(all.campaigns[0]).toMatchObject({ members: ['t000', 't001'], attackers, attacks: [A1, A2] });
    expect(all.campaigns[0].citation.markdown).toContain('campaign');
    const p1 = (await api.inject({ url: '/api/campaigns?limit=1' })).json() as { campaigns: { id: string }[]; next: string };
    expect(p1.campaigns.map((c) => c.id)).toEqual([C1]);
    const p2 = (await api.inject({ url: `/api/campaigns?limit=1&cursor=${encodeURIComponent(p1.next)}` })).json() as { campaigns: { id: string }[]; next: string | null };
    expect([p2.campaigns.map((c) => c.id), p2.next]).toEqual([[C2], null]);
    // A member filter matches members, not only the event's own target.
    expect(((await api.inject({ url: '/api/campaigns?target=t000' })).json() as { campaigns: { id: string }[] }).campaigns.map((c) => c.id)).toEqual([C1]);
    expect(((await api.inject({ url: '/api/campaigns?target=t099' })).json() as { campaigns: unknown[] }).campaigns).toEqual([]);

    const one = (await api.inject({ url: `/api/campaigns/${C1}` })).json() as { campaign: { id: string }; events: { id: string; consistentWith?: { attackEventId: string } }[] };
    expect(one.campaign.id).toBe(C1);
    expect(one.events.map((e) => e.id)).toEqual([A1, A2, TD, SB]);
    expect(one.events.find((e) => e.id === TD)!.consistentWith).toMatchObject({ attackEventId: A2 });
    expect((await api.inject({ url: `/api/campaigns/${A1}` })).json().code).toBe('VGL_NOT_FOUND');
    expect((await api.inject({ url: '/api/campaigns?cursor=bogus' })).json().code).toBe('VGL_BAD_REQUEST');
  });

  it('the OpenAPI document describes them, and real answers validate', async () => {
    const doc = (await api.inject({ url: '/api/openapi.json' })).json() as { paths: Record<string, Record<string, { parameters?: { name: string }[]; responses: Record<string, { content?: Record<string, { schema: object }> }> }>> };
    expect(doc.paths['/api/campaigns'].get.parameters!.map((p) => p.name)).toEqual(expect.arrayContaining(['cursor', 'limit', 'target']));
    const ajv = new Ajv2020({ strict: false });
    for (const [path, url] of [['/api/campaigns', '/api/campaigns'], ['/api/campaigns/{id}', `/api/campaigns/${C1}`]] as const) {
      const validate = ajv.compile(doc.paths[path].get.responses['200'].content!['application/json'].schema);
      expect(validate((await api.inject({ url })).json()), JSON.stringify(validate.errors)).toBe(true);
    }
  });

  it('the Campaigns screen shows members, attackers and the chart, in English and Russian, never "caused by"', async () => {
    const en = (await api.inject({ url: '/campaigns' })).body;
    expect(en).toContain('href="/campaigns"'); // in the nav
    expect(en).toContain(`id="${C1}"`);
    expect(en).toContain('<a class="member" href="/t/t000">t000</a>');
    expect(en).toContain('bot_1003');
    expect(en).toMatch(/<svg class="chart"/);
    expect(en).toContain(`<a href="/e/${TD}">account_restricted</a>`);
    expect(en).toContain(`consistent with: <a href="/e/${A2}">`);
    expect(en).toContain(`href="/api/blobs/${'a'.repeat(64)}"`); // the attack's evidence
    expect(en).not.toMatch(/caused/i);
    const ru = (await api.inject({ url: '/campaigns?lang=ru' })).body;
    expect(ru).toContain('Кампании');
    expect(ru).toContain('согласуется с');
    const one = await api.inject({ url: `/campaigns/${C1}` });
    expect(one.statusCode).toBe(200);
    expect(one.body).not.toContain(C2);
    const paged = await follow('/campaigns?target=t002', 'next');
    expect(paged).toHaveLength(1);
    expect(paged[0]).toContain(`id="${C2}"`);
  });
});

describe('UI lists a page at a time', () => {
  it('the Events screen follows its cursor through every event exactly once, filters included', async () => {
    const pages = await follow('/events', 'next');
    expect(pages.length).toBe(3); // 236 events, 100 a page
    const ids = pages.flatMap((b) => [...b.matchAll(/<tr id="([^"]+)"/g)].map((m) => m[1]));
    expect(ids).toHaveLength(236);
    expect(new Set(ids).size).toBe(236);
    const api236 = ((await api.inject({ url: '/api/events?limit=1000' })).json() as { events: { id: string }[] }).events.map((e) => e.id);
    expect(ids).toEqual(api236);
    // A tag filter applied while paging: only the odd targets' events, each once.
    const odd = (await follow('/events?tag=odd&type=post_deleted', 'next')).flatMap((b) => [...b.matchAll(/<tr id="([^"]+)"/g)].map((m) => m[1]));
    expect(odd).toHaveLength(115);
    expect(new Set(odd).size).toBe(115);
  });

  it('the Targets screen shows 100 targets a page and follows its cursor to the rest', async () => {
    const pages = await follow('/', 'next');
    expect(pages).toHaveLength(2);
    const ids = pages.flatMap((b) => [...b.matchAll(/<a href="\/t\/(t\d{3})">/g)].map((m) => m[1]));
    expect(ids).toEqual(defs.map((d) => d.id));
    // The live badges of the second page answer for that page's targets.
    const next = /<a class="next" href="\/\?cursor=([^"]+)"/.exec(pages[0])![1];
    const badges = (await api.inject({ url: `/targets/status.json?cursor=${next}` })).json() as { targets: { id: string }[] };
    expect(badges.targets.map((t) => t.id)).toEqual(defs.slice(100).map((d) => d.id));
  });
});
