// platforms.x in the config: the config schema (src/config/schema.ts) is built from this.
// Strict: a mistyped key is a config error, never a silent default.
import { z } from 'zod';

/**
 * The GraphQL operations the X web client calls, by their query id. X rotates the ids when it ships a
 * new client bundle; a stale id answers 404 (no verdict), so they are settings, not constants.
 */
const QueryIds = z
  .object({
    UserByScreenName: z.string().regex(/^[\w-]+$/).default('32pL5BWe9WKeSK1MoPvFQQ'),
    UserTweets: z.string().regex(/^[\w-]+$/).default('Y9WM4Id6UcGFE8Z-hbnixw'),
    TweetResultByRestId: z.string().regex(/^[\w-]+$/).default('Xl5pC_lBk_gcO2ItU39DQw'),
    /** A post's conversation: its replies (interactions). */
    TweetDetail: z.string().regex(/^[\w-]+$/).default('nBS-WpgA6ZG0CyNHD517JQ'),
    /** Shadow-ban probes (src/scrapers/x/probes.ts): the search and the conversation view. */
    SearchTimeline: z.string().regex(/^[\w-]+$/).default('AIdc203rPpK_k_2KWSdm7g'),
  })
  .strict();

export const XSettings = z
  .object({
    /** Origin of the web client's GraphQL API (`<base>/i/api/graphql/…`); the simulator replaces it in tests. */
    baseUrl: z.string().url().default('https://x.com'),
    queryIds: z.preprocess((v) => v ?? {}, QueryIds),
    /** Timeline pages (UserTweets, ~20 posts each) behind the newest one re-read each poll for deletions. */
    rescanPages: z.number().int().min(0).default(1),
    /** Stop the first backfill of a new account after this many timeline pages (0 = as far as X lets one page). */
    backfillMaxPages: z.number().int().min(0).default(5),
    /**
     * Newest posts whose replies (TweetDetail) are read each poll, as interactions: who replied, with
     * the account's creation time, followers and default avatar as X shows them (0 = off: one more
     * request per post per poll).
     */
    interactionsPerPoll: z.number().int().min(0).max(20).default(0),
  })
  .strict();
export type XSettings = z.infer<typeof XSettings>;
