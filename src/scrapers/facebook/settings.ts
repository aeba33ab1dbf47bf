// platforms.facebook in the config: the config schema (src/config/schema.ts) is built from this.
// Strict: a mistyped key is a config error, never a silent default.
import { z } from 'zod';

export const FacebookSettings = z
  .object({
    /** Origin of Facebook's mobile site (the markup the parser reads); the simulator replaces it in tests. */
    baseUrl: z.string().url().default('https://m.facebook.com'),
    /**
     * A known-good public Page's posts, fetched in the same poll (same session) before an
     * "unavailable" answer counts. Default: `<baseUrl>/facebook/posts/`.
     */
    controlUrl: z.string().url().optional(),
    /**
     * `http`: the server-rendered mobile markup; `browser`: Chromium renders the page first (where
     * Facebook serves only a script shell to plain HTTP clients). The parser reads the same markup.
     */
    via: z.enum(['http', 'browser']).default('http'),
    /** Listing pages behind the newest one re-scanned on each poll (the mobile site lists few posts per page). */
    rescanPages: z.number().int().min(0).default(1),
    /** Bound on the first backfill of a new Page (0 = as far as it pages). */
    backfillMaxPages: z.number().int().min(0).default(5),
    /** Browser captures of new and edited posts. */
    capturePosts: z.boolean().default(false),
    /**
     * Newest posts whose comments (the post's own page, sent with a configured session) are read each
     * poll as interactions, for attack detection (0 = off: one more request per post).
     */
    interactionsPerPoll: z.number().int().min(0).max(20).default(0),
  })
  .strict();
export type FacebookSettings = z.infer<typeof FacebookSettings>;
