// platforms.telegram in the config: the config schema (src/config/schema.ts) is built from this.
// Strict: a mistyped key is a config error, never a silent default.
import { z } from 'zod';

export const TelegramSettings = z
  .object({
    /** Origin of the public web preview; the simulator replaces it in tests. */
    baseUrl: z.string().url().default('https://t.me'),
    /** How many listing pages behind the newest one each poll re-scans for deletions. */
    rescanPages: z.number().int().min(0).default(1),
    /**
     * Older listing pages each poll also re-reads in rotation (cursor per target in the hot state),
     * so every archived post is re-checked at least once every ceil(pages / sweepPagesPerPoll) polls.
     */
    sweepPagesPerPoll: z.number().int().min(0).default(1),
    /** Stop a backfill after this many pages (0 = whole visible history). */
    backfillMaxPages: z.number().int().min(0).default(0),
    /**
     * Comments (the channel's linked discussion, where public) of this many newest posts are read
     * each poll, one comments-widget request per post; 0 = off (the default: it multiplies the
     * requests per poll).
     */
    interactionsPerPoll: z.number().int().min(0).max(50).default(0),
    /** Comments the widget lists per post (Telegram's `comments_limit`); older ones are not read. */
    commentsLimit: z.number().int().min(1).max(100).default(50),
  })
  .strict();
export type TelegramSettings = z.infer<typeof TelegramSettings>;
