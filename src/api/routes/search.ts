// GET /api/search?q=&target=&platform=&tag=&deleted=&since=&until=&limit=&cursor=
// -> { hits: [{ target, postId, publishedAt, snippet, deleted, url }], next, posts }.
// `next` is the cursor of the following page (null on the last); `posts` carries the same hits
// as full post records (every version, artifacts): clients of the earlier answer read it.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { SearchPage } from '../../catalog/types.js';
import type { ApiDeps } from '../deps.js';
import { postJson } from '../shapes.js';
import { citationJson, postCitations, serverBase, targetRows } from '../cite.js';
import { SearchAnswer } from '../schemas.js';
import type { RouteDoc } from '../openapi.js';

/** `deleted=true|1|yes|only` keeps deleted posts only; `false|0|no|exclude` leaves them out. */
export const DeletedFlag = z
  .enum(['true', '1', 'yes', 'only', 'false', '0', 'no', 'exclude'])
  .transform((v) => ['true', '1', 'yes', 'only'].includes(v));

/** The search filters, shared with GET /api/export?q= so an export holds exactly what search lists. */
export const SearchFilters = z.object({
  target: z.string().min(1).max(64).optional(),
  platform: z.string().min(1).max(32).optional(),
  tag: z.string().min(1).max(64).optional(),
  deleted: DeletedFlag.optional(),
  since: z.string().max(40).optional(),
  until: z.string().max(40).optional(),
});

export const SearchQuery = SearchFilters.extend({
  q: z.string().trim().min(1, 'q: give some words to search for').max(500),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  cursor: z.string().min(1).max(4000).optional(),
}).strict();

/** Empty form fields mean "not given" (the UI's search form sends every field). */
export const withoutEmpty = (q: unknown): Record<string, unknown> =>
  Object.fromEntries(Object.entries((q ?? {}) as Record<string, unknown>).filter(([k, v]) => k === 'q' || v !== ''));

export const hitsJson = (page: SearchPage) => ({
  hits: page.hits.map((h) => ({
    target: h.targetId,
    postId: h.postId,
    publishedAt: h.publishedAt ?? null,
    snippet: h.snippet,
    deleted: h.deleted,
    url: h.url,
  })),
  next: page.next,
});

export const searchDocs: RouteDoc[] = [
  { method: 'get', path: '/api/search', tag: 'search', role: 'viewer', summary: 'Full-text search over archived posts and statements (word forms, trigrams), newest first, a page at a time', query: SearchQuery, answer: { schema: SearchAnswer, description: 'hits with snippets, and the same posts in full with their citations' } },
];

export const searchRoutes = (deps: ApiDeps): FastifyPluginAsync => async (app) => {
  app.get('/api/search', async (req) => {
    const q = SearchQuery.parse(withoutEmpty(req.query));
    const page = await deps.catalog.search({ ...q, posts: true });
    const posts = page.posts ?? [];
    const cites = await postCitations(deps, serverBase(req, deps), posts, await targetRows(deps, posts.map((p) => p.targetId)));
    return SearchAnswer.parse({ ...hitsJson(page), posts: posts.map((p, i) => ({ target: p.targetId, ...postJson(p), citation: citationJson(cites[i]) })) });
  });
};
