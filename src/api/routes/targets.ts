// /api/targets: list, add, remove, one target with its state, its posts, one post.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { VigilError } from '../../errors.js';
import type { ApiDeps } from '../deps.js';
import { mergeTargets, pendingRow, postJson, targetJson } from '../shapes.js';
import type { PostRow, TargetRow } from '../../catalog/types.js';
import { toNumKey } from '../../catalog/post-num.js';
import { IdCursor, PostsCursor, decodeCursor, pageOf } from '../cursor.js';
import { citationJson, postCitations, serverBase } from '../cite.js';
import { OkAnswer, PostAnswer, PostsAnswer, TargetAnswer, TargetWithHotAnswer, TargetsAnswer } from '../schemas.js';
import type { RouteDoc } from '../openapi.js';
import { CitationFormat, sendCitation } from './citation.js';
import { recordAudit } from '../audit.js';

const TargetId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, . _ - (max 64)');
export const AddBody = z
  .object({
    spec: z.string().min(3).max(2000),
    every: z.string().regex(/^\d+(ms|s|m|h|d)$/, 'a duration like 30s, 5m, 1h').optional(),
    id: TargetId.optional(),
    tags: z.array(z.string().min(1).max(64)).max(50).optional(),
    /** network.vantages ids that poll the target (default: all of them, in rotation). */
    vantages: z.array(z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/)).min(1).max(50).optional(),
  })
  .strict();
const IdParams = z.object({ id: TargetId });
export const ChangeBody = z
  .object({
    every: z.string().regex(/^\d+(ms|s|m|h|d)$/, 'a duration like 30s, 5m, 1h').optional(),
    tags: z.array(z.string().min(1).max(64)).max(50).optional(),
    paused: z.boolean().optional(),
  })
  .strict();
const PostParams = z.object({ id: TargetId, postId: z.string().min(1).max(300) });
const TargetsQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(5000).optional(),
    cursor: z.string().min(1).max(400).optional(),
  })
  .strict();
const PostsQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(1000).optional(),
    cursor: z.string().min(1).max(400).optional(),
    // A post's `num` (decimal string): kept a string so order numbers beyond 2^53 page exactly.
    before: z
      .string()
      .refine((v) => toNumKey(v) !== undefined, 'before: the `num` of a post (a 64-bit integer, digits only)')
      .optional(),
    deleted: z.enum(['include', 'exclude']).optional(),
  })
  .strict();

/** The target with its current state, or VGL_TARGET_NOT_FOUND. */
export async function findTarget(deps: ApiDeps, id: string): Promise<TargetRow> {
  const row = await deps.catalog.getTarget(id);
  if (row) return row;
  const def = (await deps.targets.list()).find((t) => t.id === id);
  if (def) return pendingRow(def);
  throw new VigilError('VGL_TARGET_NOT_FOUND', `no target with id ${JSON.stringify(id)}`);
}

/** Shared by PATCH /api/targets/:id and the UI's forms. */
export async function changeTarget(deps: ApiDeps, id: string, change: z.infer<typeof ChangeBody>) {
  if (!deps.targets.update) throw new VigilError('VGL_NOT_ENABLED', 'changing targets is not available in this Vigil process');
  const def = await deps.targets.update(id, change);
  await deps.catalog.upsertTarget(def); // idempotent; the index job applies the same definition
  return def;
}

export const targetDocs: RouteDoc[] = [
  { method: 'get', path: '/api/targets', tag: 'targets', role: 'viewer', summary: 'Targets with their state, by id, a page at a time (default 1000)', query: TargetsQuery, answer: { schema: TargetsAnswer, description: 'a page of targets' } },
  { method: 'post', path: '/api/targets', tag: 'targets', role: 'editor', summary: 'Watch an account', body: AddBody, answer: { status: 201, schema: TargetAnswer, description: 'the new target' } },
  { method: 'patch', path: '/api/targets/:id', tag: 'targets', role: 'editor', summary: 'Pause or resume, change the interval, replace the tags', params: IdParams, body: ChangeBody, answer: { schema: TargetAnswer, description: 'the changed target' } },
  { method: 'delete', path: '/api/targets/:id', tag: 'targets', role: 'editor', summary: 'Stop watching (its evidence stays)', params: IdParams, answer: { schema: OkAnswer, description: 'removed' } },
  { method: 'get', path: '/api/targets/:id', tag: 'targets', role: 'viewer', summary: 'One target with its hot state', params: IdParams, answer: { schema: TargetWithHotAnswer, description: 'the target' } },
  { method: 'get', path: '/api/targets/:id/posts', tag: 'posts', role: 'viewer', summary: 'Its archived posts, newest first, a page at a time (default 50)', params: IdParams, query: PostsQuery, answer: { schema: PostsAnswer, description: 'a page of posts, each with its citation' } },
  { method: 'get', path: '/api/targets/:id/posts/:postId', tag: 'posts', role: 'viewer', summary: 'One archived post (id URL-encoded, e.g. durov%2F523) with every version and its citation', params: PostParams, answer: { schema: PostAnswer, description: 'the post' } },
  { method: 'get', path: '/api/targets/:id/posts/:postId/citation', tag: 'citations', role: 'viewer', summary: 'The citation of a post as Markdown, CSV or CSL-JSON', params: PostParams, query: CitationFormat, answer: { contentType: 'text/markdown', description: 'the citation' } },
];

export const targetRoutes = (deps: ApiDeps): FastifyPluginAsync => async (app) => {
  const withCitations = async (base: string, posts: PostRow[], target: TargetRow) => {
    const cites = await postCitations(deps, base, posts, new Map([[target.id, target]]));
    return posts.map((p, i) => ({ ...postJson(p), citation: citationJson(cites[i]) }));
  };
  const onePost = async (id: string, postId: string) => {
    const target = await findTarget(deps, id);
    const post = await deps.catalog.getPost(id, postId);
    if (!post) throw new VigilError('VGL_NOT_FOUND', `target ${id} has no archived post ${JSON.stringify(postId)}`);
    return { target, post };
  };

  app.get('/api/targets', async (req) => {
    const q = TargetsQuery.parse(req.query);
    const after = q.cursor ? decodeCursor(q.cursor, IdCursor, 'targets').id : undefined;
    const [defs, rows] = await Promise.all([deps.targets.list(), deps.catalog.listTargets()]);
    const all = mergeTargets(defs, rows).filter((t) => after === undefined || t.id > after);
    const limit = q.limit ?? 1000;
    const page = pageOf(all.slice(0, limit + 1), limit, (t) => ({ id: t.id }));
    return TargetsAnswer.parse({ targets: page.items.map(targetJson), next: page.next });
  });

  app.post('/api/targets', async (req, reply) => {
    const body = AddBody.parse(req.body ?? {});
    const def = await deps.targets.add(body);
    await deps.catalog.upsertTarget(def); // idempotent; shows the target before its first poll
    req.log.info({ targetId: def.id, spec: def.spec }, 'target added');
    await recordAudit(deps, req, 'target.add', { target: def.id, spec: def.spec, every: body.every, tags: body.tags });
    // The definition wins over the catalog row: vantages and paused live only in the definition.
    const row = await deps.catalog.getTarget(def.id);
    return reply.code(201).send(TargetAnswer.parse({ target: targetJson(row ? { ...row, ...def } : pendingRow(def)) }));
  });

  app.delete('/api/targets/:id', async (req) => {
    const { id } = IdParams.parse(req.params);
    await deps.targets.remove(id);
    await deps.catalog.removeTarget(id);
    req.log.info({ targetId: id }, 'target removed');
    await recordAudit(deps, req, 'target.remove', { target: id });
    return OkAnswer.parse({ ok: true, id });
  });

  // Pause/resume, change the interval, replace the tags.
  app.patch('/api/targets/:id', async (req) => {
    const { id } = IdParams.parse(req.params);
    const change = ChangeBody.parse(req.body ?? {});
    const def = await changeTarget(deps, id, change);
    req.log.info({ targetId: id, change }, 'target changed');
    await recordAudit(deps, req, 'target.change', { target: id, ...change });
    return TargetAnswer.parse({ target: targetJson({ ...((await deps.catalog.getTarget(id)) ?? pendingRow(def)), ...def }) });
  });

  app.get('/api/targets/:id', async (req) => {
    const { id } = IdParams.parse(req.params);
    const row = await findTarget(deps, id);
    const hot = deps.hotState ? await deps.hotState.get(id) : null;
    return TargetWithHotAnswer.parse({ target: { ...targetJson(row), hot } });
  });

  app.get('/api/targets/:id/posts', async (req) => {
    const { id } = IdParams.parse(req.params);
    const q = PostsQuery.parse(req.query);
    if (q.cursor && q.before) throw new VigilError('VGL_BAD_REQUEST', 'give cursor or before, not both');
    const target = await findTarget(deps, id);
    const limit = q.limit ?? 50;
    const beforeNum = q.cursor ? decodeCursor(q.cursor, PostsCursor, 'posts').n : q.before;
    // One more than asked: whether it comes back says if there is a next page.
    const rows = await deps.catalog.listPosts(id, { limit: limit + 1, beforeNum, includeDeleted: q.deleted !== 'exclude' });
    const page = pageOf(rows, limit, (p) => ({ n: p.numKey }));
    return PostsAnswer.parse({ posts: await withCitations(serverBase(req, deps), page.items, target), next: page.next });
  });

  app.get('/api/targets/:id/posts/:postId', async (req) => {
    const { id, postId } = PostParams.parse(req.params);
    const { target, post } = await onePost(id, postId);
    const [json] = await withCitations(serverBase(req, deps), [post], target);
    return PostAnswer.parse({ post: { target: id, ...json } });
  });

  app.get('/api/targets/:id/posts/:postId/citation', async (req, reply) => {
    const { id, postId } = PostParams.parse(req.params);
    const { format } = CitationFormat.parse(req.query);
    const { target, post } = await onePost(id, postId);
    const [c] = await postCitations(deps, serverBase(req, deps), [post], new Map([[id, target]]));
    return sendCitation(reply, c, format);
  });
};
