// platforms.rss in the config: the config schema (src/config/schema.ts) is built from this.
// Strict: a mistyped key is a config error, never a silent default.
import { z } from 'zod';
import { Duration } from '../../config/duration.js';

export const RssSettings = z
  .object({
    /** Accepted for existing configs; feed fetches use network.timeout. */
    timeout: Duration.default('20s'),
    /** Own pages of tracked items re-fetched per poll (longest unchecked first) to catch in-place edits. */
    recheckPerPoll: z.number().int().min(0).default(3),
    /** Only items published within this window are re-checked. */
    recheckMaxAge: Duration.default('30d'),
  })
  .strict();
export type RssSettings = z.infer<typeof RssSettings>;
