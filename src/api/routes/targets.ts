// /api/targets: list, add, remove, one target with its state, its posts.
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { VigilError } from '../../errors.js';
import type { ApiDeps } from '../deps.js';
import { mergeTargets, pendingRow, postJson, targetJson } from '../shapes.js';
import type { TargetRow } from '../../catalog/types.js';
import { toNumKey } from '../../catalog/post-num.js';

const TargetId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'letters, digits, . _ - (max 64)');
const AddBody = z
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
const PostsQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).optional(),
  // A post's `num` (decimal string): kept a string so order numbers beyond 2^53 page exactly.
  before: z
    .string()
    .refine((v) => toNumKey(v) !== undefined, 'before: the `num` of a post (a 64-bit integer, digits only)')
    .optional(),
  deleted: z.enum(['include', 'exclude']).optional(),
});

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

export const targetRoutes = (deps: ApiDeps): FastifyPluginAsync => async (app) => {
  app.get('/api/targets', async () => {
    const [defs, rows] = await Promise.all([deps.targets.list(), deps.catalog.listTargets()]);
    return { targets: mergeTargets(defs, rows).map(targetJson) };
  });

  app.post('/api/targets', async (req, reply) => {
    const body = AddBody.parse(req.body ?? {});
    const def = await deps.targets.add(body);
    await deps.catalog.upsertTarget(def); // idempotent; shows the target before its first poll
    req.log.info({ targetId: def.id, spec: def.spec }, 'target added');
    const row = await deps.catalog.getTarget(def.id);
    return reply.code(201).send({ target: targetJson(row ? { ...row, ...def } : pendingRow(def)) });
  });

  app.delete('/api/targets/:id', async (req) => {
    const { id } = IdParams.parse(req.params);
    await deps.targets.remove(id);
    await deps.catalog.removeTarget(id);
    req.log.info({ targetId: id }, 'target removed');
    return { ok: true, id };
  });

  // Pause/resume, change the interval, replace the tags.
  app.patch('/api/targets/:id', async (req) => {
    const { id } = IdParams.parse(req.params);
    const change = ChangeBody.parse(req.body ?? {});
    const def = await changeTarget(deps, id, change);
    req.log.info({ targetId: id, change }, 'target changed');
    return { target: targetJson({ ...((await deps.catalog.getTarget(id)) ?? pendingRow(def)), ...def }) };
  });

  app.get('/api/targets/:id', async (req) => {
    const { id } = IdParams.parse(req.params);
    const row = await findTarget(deps, id);
    const hot = deps.hotState ? await deps.hotState.get(id) : null;
    return { target: { ...targetJson(row), hot } };
  });

  app.get('/api/targets/:id/posts', async (req) => {
    const { id } = IdParams.parse(req.params);
    const q = PostsQuery.parse(req.query);
    await findTarget(deps, id);
    const posts = await deps.catalog.listPosts(id, { limit: q.limit, beforeNum: q.before, includeDeleted: q.deleted !== 'exclude' });
    return { posts: posts.map(postJson) };
  });
};
