// rss scraper settings (mirrors platforms.rss in src/config/schema.ts).
import { z } from 'zod';

export const RssSettings = z
  .object({
    /** Unused by feeds (targets carry their full URL); kept for the Scraper contract. */
    baseUrl: z.string().default(''),
  })
  .passthrough();
export type RssSettings = z.infer<typeof RssSettings>;
