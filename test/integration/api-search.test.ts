// GET /api/search and the /search page on both catalog backends: the answer's shape
// ({hits:[{target, postId, publishedAt, snippet, deleted}], next}, with `posts` kept), filters as
// query parameters, paging through `next`, refusals, and a page that shows snippets safely and
// links "export these results" with the same filters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { buildApi } from '../../src/api/index.js';
import type { Catalog } from '../../src/catalog/types.js';
import { CATALOG_BACKENDS, useCatalogBackends } from '../helpers/catalogBackends.js';
import { TARGETS, seedSearchWorld } from '../helpers/searchWorld.js';

const log = pino({ level: 'silent' });
const backends = useCatalogBackends();

interface Answer {
  hits: { target: string; postId: string; publishedAt: string | null; snippet: string; deleted: boolean; url: string }[];
  next: string | null;
  posts: { target: string; id: string; text: string; versions: unknown[] }[];
}

describe.each(CATALOG_BACKENDS)('GET /api/search on %s', (backend) => {
  let cat: Catalog;
  let api: FastifyInstance;
  const get = async (query: string) => api.inject({ url: `/api/search?${query}` });
  const answer = async (query: string) => {
    const r = await get(query);
    expect(r.statusCode, r.body.slice(0, 300)).toBe(200);
    return r.json() as Answer;
  };

  beforeAll(async () => {
    cat = await backends.open(backend, log);
    await seedSearchWorld(cat);
    const defs = TARGETS.map((t) => ({ id: t.id, spec: `${t.platform}:${t.id}`, platform: t.platform, key: t.id, everyMs: 300000, tags: t.tags, createdAt: '2024-10-01T00:00:00.000Z' }));
    api = await buildApi({
      settings: { http: { host: '127.0.0.1', port: 0 } }, log, catalog: cat,
      // Search reads the catalog only; the archive and target service are never asked here.
      archive: { getCapture: async () => null, getBlob: async () => null },
      targets: { add: async () => defs[0], list: async () => defs, remove: async () => undefined },
    });
  });
  afterAll(async () => {
    await api?.close();
    await cat?.close();
  });

  it('answers {hits, next} with another word form, newest first; posts carry the same hits', async () => {
    const a = await answer(`q=${encodeURIComponent('расследования')}`);
    expect(a.hits.map((h) => Object.keys(h).sort())).toEqual(a.hits.map(() => ['deleted', 'postId', 'publishedAt', 'snippet', 'target', 'url']));
    expect(a.hits.map((h) => [h.target, h.postId, h.publishedAt, h.deleted])).toEqual([
      ['ru_media', 'ru_media/2', '2024-11-02T10:00:00.000Z', true],
      ['ru_media', 'ru_media/1', '2024-11-01T10:00:00.000Z', false],
      ['press', 'press/1', '2024-10-30T09:00:00.000Z', false],
    ]);
    expect(a.hits[1].snippet).toContain('<mark>Расследование</mark>');
    expect(a.next).toBeNull();
    expect(a.posts.map((p) => [p.target, p.id])).toEqual(a.hits.map((h) => [h.target, h.postId]));
  });

  it('takes target, platform, tag, deleted, since and until; empty form fields mean "any"', async () => {
    const q = `q=${encodeURIComponent('расследования')}`;
    const ids = async (f: string) => (await answer(`${q}&${f}`)).hits.map((h) => h.postId);
    expect(await ids('deleted=true')).toEqual(['ru_media/2']);
    expect(await ids('deleted=false')).toEqual(['ru_media/1', 'press/1']);
    expect(await ids('platform=rss')).toEqual(['press/1']);
    expect(await ids('tag=media&target=ru_media')).toEqual(['ru_media/2', 'ru_media/1']);
    expect(await ids('since=2024-11-01&until=2024-11-01')).toEqual(['ru_media/1']);
    expect(await ids('target=&platform=&tag=&deleted=&since=&until=')).toEqual(['ru_media/2', 'ru_media/1', 'press/1']);
    expect((await answer(`q=${encodeURIComponent('Қазақстан')}&tag=kz`)).hits.map((h) => h.postId)).toEqual(['kz_news/2', 'kz_news/1']);
  });

  it('pages through `next`: pass it back as cursor= until it is null', async () => {
    const seen: string[] = [];
    let cursor = '';
    for (let i = 0; i < 10; i++) {
      const a = await answer(`q=${encodeURIComponent('задержание')}&limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      seen.push(...a.hits.map((h) => h.postId));
      if (!a.next) break;
      cursor = a.next;
    }
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `ru_media/${124 - i}`));
  });

  it('refuses bad input with VGL_BAD_REQUEST and says what is wrong', async () => {
    for (const [query, says] of [
      ['q=', 'q'], ['q=%20%21%21', 'give some words'], ['q=x&cursor=zzz', 'cursor'], ['q=x&deleted=maybe', 'deleted'],
      ['q=x&since=yesterday', 'since'], ['q=x&limit=0', 'limit'], ['q=x&sort=rank', 'sort'],
    ] as const) {
      const r = await get(query);
      expect(r.statusCode, query).toBe(400);
      expect(r.json(), query).toMatchObject({ code: 'VGL_BAD_REQUEST', message: expect.stringContaining(says) });
    }
  });

  it('the /search page shows safe snippets, a next page and "export these results" with the same filters', async () => {
    const page = await api.inject({ url: `/search?q=${encodeURIComponent('investigation')}&tag=ngo&deleted=` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<mark>investigation</mark>');
    expect(page.body).not.toContain('<script>alert(1)</script>');
    expect(page.body).not.toContain('<mark>forged</mark>');
    expect(page.body).toContain(`href="/api/export?q=investigation&amp;tag=ngo"`);
    const paged = await api.inject({ url: `/search?q=${encodeURIComponent('задержание')}&limit=10` });
    const next = /href="\/search\?([^"]+)">Next page/.exec(paged.body)?.[1].replace(/&amp;/g, '&');
    expect(next).toContain('cursor=');
    const second = await api.inject({ url: `/search?${next}` });
    expect(second.body).toContain('ru_media/114');
    expect(second.body).not.toContain('ru_media/124');
    expect((await api.inject({ url: '/search?q=' })).statusCode).toBe(200); // the empty form
  });
});
