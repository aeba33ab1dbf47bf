// platforms.youtube in the config: the config schema (src/config/schema.ts) is built from this.
// Strict: a mistyped key is a config error, never a silent default.
import { z } from 'zod';

export const YouTubeSettings = z
  .object({
    /** Origin of the YouTube web site (channel pages, /watch); the simulator replaces it in tests. */
    baseUrl: z.string().url().default('https://www.youtube.com'),
    /**
     * Watch pages of listed videos re-read per poll (oldest check first): catches description edits
     * and removals the tab does not show yet. Each is one more request to YouTube: off by default.
     */
    recheckPerPoll: z.number().int().min(0).default(0),
    /** Browser-capture the watch page of every new or retitled video (heavy: off by default). */
    captureVideos: z.boolean().default(false),
    /**
     * Newest videos whose comments are read each poll as interactions (attack detection): the watch
     * page, then POST /youtubei/v1/next twice (top comments' header, then newest first), so three
     * requests per video. 0 = off.
     */
    interactionsPerPoll: z.number().int().min(0).max(20).default(0),
  })
  .strict();
export type YouTubeSettings = z.infer<typeof YouTubeSettings>;
