// The profile JSON of Instagram's web client (`/api/v1/users/web_profile_info/?username=`):
// `{"data":{"user":{…, "edge_owner_to_timeline_media":{"count","page_info","edges":[{"node":{…}}]}}},"status":"ok"}`.
// Checked leniently: the fields Vigil reads must have their types, anything else may come and go.
import { z } from 'zod';

const Count = z.object({ count: z.number().int().nonnegative() }).passthrough();
const Caption = z.object({ edges: z.array(z.object({ node: z.object({ text: z.string() }).passthrough() }).passthrough()) }).passthrough();

const Media = z
  .object({
    __typename: z.string().optional(),
    id: z.string().optional(),
    is_video: z.boolean().optional(),
    display_url: z.string().optional(),
    video_url: z.string().nullish(),
    thumbnail_src: z.string().optional(),
  })
  .passthrough();

export const IgNode = Media.extend({
  shortcode: z.string().regex(/^[A-Za-z0-9_-]{5,64}$/),
  taken_at_timestamp: z.number().int().positive(),
  video_view_count: z.number().int().nonnegative().nullish(),
  edge_media_to_caption: Caption.optional(),
  edge_sidecar_to_children: z.object({ edges: z.array(z.object({ node: Media }).passthrough()) }).passthrough().optional(),
  /** Non-empty when the account pinned the post above its newest ones. */
  pinned_for_users: z.array(z.unknown()).nullish(),
  owner: z.object({ id: z.string().optional(), username: z.string().optional() }).passthrough().optional(),
});
export type IgNode = z.infer<typeof IgNode>;

export const IgUser = z
  .object({
    id: z.string().regex(/^\d{1,24}$/),
    username: z.string().min(1),
    full_name: z.string().nullish(),
    biography: z.string().nullish(),
    is_private: z.boolean(),
    is_verified: z.boolean().optional(),
    /** Withheld in the requesting country (legacy and current profile JSON carry it). */
    country_block: z.boolean().optional(),
    profile_pic_url: z.string().optional(),
    profile_pic_url_hd: z.string().optional(),
    edge_followed_by: Count.optional(),
    edge_follow: Count.optional(),
    edge_owner_to_timeline_media: z
      .object({
        count: z.number().int().nonnegative(),
        page_info: z.object({ has_next_page: z.boolean(), end_cursor: z.string().nullish() }).passthrough().optional(),
        edges: z.array(z.object({ node: IgNode }).passthrough()),
      })
      .passthrough()
      .optional(),
  })
  .passthrough();
export type IgUser = z.infer<typeof IgUser>;

/** `{data:{user}, status:"ok"}` → the user, `null` for `user: null`, undefined when it is not that shape. */
export function profileOf(v: unknown): { user: IgUser | null } | { error: string } | undefined {
  if (v === null || typeof v !== 'object') return undefined;
  const o = v as { status?: unknown; data?: { user?: unknown } };
  if (o.status !== 'ok' || o.data === null || typeof o.data !== 'object' || !('user' in o.data)) return undefined;
  if (o.data.user === null) return { user: null };
  const r = IgUser.safeParse(o.data.user);
  return r.success ? { user: r.data } : { error: r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).slice(0, 3).join('; ') };
}
