// platforms.vk in the config: the config schema (src/config/schema.ts) is built from this.
// Strict: a mistyped key is a config error, never a silent default.
import { z } from 'zod';

export const VkSettings = z
  .object({
    /** Origin of the mobile site (m.vk.com: server-rendered walls without script); the simulator replaces it in tests. */
    baseUrl: z.string().url().default('https://m.vk.com'),
    /** How many older wall pages (5 posts each on m.vk.com) behind the newest one each poll re-scans for deletions. */
    rescanPages: z.number().int().min(0).default(2),
    /** Stop a first backfill after this many pages (0 = whole visible history; a big wall is tens of thousands of pages). */
    backfillMaxPages: z.number().int().min(0).default(20),
    /** Browser-capture every new/edited VK post (screenshot + DOM of m.vk.com/wall<owner>_<post>) when capture.enabled. */
    capturePosts: z.boolean().default(false),
    /** Newest posts whose comments (the post's own page) are read each poll as interactions (0 = off: one more request per post). */
    interactionsPerPoll: z.number().int().min(0).max(20).default(0),
  })
  .strict();
export type VkSettings = z.infer<typeof VkSettings>;
