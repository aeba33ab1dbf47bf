// Opaque `next` cursors of paginated lists. A cursor is base64url JSON of where the last page
// ended (keyset, never an offset: rows added meanwhile neither repeat nor go missing). Clients
// pass it back as `cursor=`; its content is not interface and may change. Pure.
import { z } from 'zod';
import { VigilError } from '../errors.js';

export const encodeCursor = (v: object): string => Buffer.from(JSON.stringify(v)).toString('base64url');

/** The cursor's content, checked against `schema`; VGL_BAD_REQUEST when it is not one of ours. */
export function decodeCursor<T>(cursor: string, schema: z.ZodType<T>, list: string): T {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    raw = undefined;
  }
  const r = schema.safeParse(raw);
  if (!r.success) throw new VigilError('VGL_BAD_REQUEST', `cursor: not a ${list} cursor; pass the \`next\` value of the previous answer unchanged`);
  return r.data;
}

/**
 * One page out of `limit + 1` fetched rows: the extra row only says there is more. `next` is the
 * cursor after the last row kept, or null on the last page.
 */
export function pageOf<T>(rows: readonly T[], limit: number, after: (last: T) => object): { items: T[]; next: string | null } {
  const items = rows.slice(0, limit);
  return { items, next: rows.length > limit && items.length ? encodeCursor(after(items[items.length - 1])) : null };
}

/** Cursor of the posts list: the `num` (exact decimal) of the last post shown. */
export const PostsCursor = z.object({ n: z.string().regex(/^-?\d{1,20}$/) }).strict();
/** Cursor of the events list: detected time and id of the last event shown. */
export const EventsCursor = z.object({ t: z.string().datetime(), i: z.string().min(1).max(64) }).strict();
/** Cursor of id-ordered lists (targets, users, tokens): the last id shown. */
export const IdCursor = z.object({ id: z.string().min(1).max(200) }).strict();
