// platforms.instagram in the config: the config schema (src/config/schema.ts) is built from this.
// Strict: a mistyped key is a config error, never a silent default.
import { z } from 'zod';

export const InstagramSettings = z
  .object({
    /** Origin of instagram.com (its web client's API lives there too); the simulator replaces it in tests. */
    baseUrl: z.string().url().default('https://www.instagram.com'),
    /**
     * A known-good public account's listing, fetched in the same poll (same session) before an
     * "unavailable" answer counts. Default: web_profile_info of @instagram on `baseUrl`.
     */
    controlUrl: z.string().url().optional(),
    /** `x-ig-app-id` of Instagram's web client: its API answers 400 "useragent mismatch" without it. */
    appId: z.string().regex(/^\d{1,32}$/, 'digits only').default('936619743392459'),
    /** Browser captures of new and edited posts (mostly login-walled for a browser without a session). */
    capturePosts: z.boolean().default(false),
    /**
     * Newest posts whose comments (api/v1/media/<pk>/comments/) are read each poll as interactions
     * (0 = off: one more request per post and page, sent with a session).
     */
    interactionsPerPoll: z.number().int().min(0).max(20).default(0),
    /**
     * Pages of ~15 comments read per post and poll, newest first (`next_min_id`): a burst larger than
     * one page is read whole. Each page is one more logged-in request, which Instagram counts.
     */
    interactionsPages: z.number().int().min(1).max(4).default(1),
  })
  .strict();
export type InstagramSettings = z.infer<typeof InstagramSettings>;
