// web scraper settings (mirrors platforms.web in src/config/schema.ts).
import { z } from 'zod';

export const WebSettings = z
  .object({
    /** Unused (targets carry their full URL); kept for the Scraper contract. */
    baseUrl: z.string().default(''),
    /** CSS selector of one listing item when the target gives none (`web:<url>#sel=<css>`). */
    itemSelector: z.string().default('a'),
  })
  .passthrough();
export type WebSettings = z.infer<typeof WebSettings>;
