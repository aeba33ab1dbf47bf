// GET /api/search?q= : full-text search over post text.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { ApiDeps } from '../deps.js';
import { postJson } from '../shapes.js';

export const SearchQuery = z
  .object({
    q: z.string().trim().min(1, 'q: give some words to search for').max(500),
    target: z.string().min(1).max(64).optional(),
    limit: z.coerce.number().int().min(1).max(500).optional(),
  })
  .strict();

export const searchRoutes = (deps: ApiDeps): FastifyPluginAsync => async (app) => {
  app.get('/api/search', async (req) => {
    const q = SearchQuery.parse(req.query);
    const posts = await deps.catalog.searchPosts(q.q, { limit: q.limit, target: q.target });
    return { posts: posts.map((p) => ({ target: p.targetId, ...postJson(p) })) };
  });
};
