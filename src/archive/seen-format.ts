// seen/<yyyy>/<mm>/<dd>/<batchId>.json — compact proof that targets were polled and found
// unchanged. One object holds many polls, so an unchanged poll costs ~150 bytes and no blob.
import { z } from 'zod';
import { Sha256Hex } from './types.js';

export const SeenEntry = z.object({
  target: z.string(),
  at: z.string(), // ISO time of the poll
  /** Id of the last full observation this poll matched (its content is what was seen). */
  observationRef: z.string(),
  contentDigest: Sha256Hex,
});
export type SeenEntry = z.infer<typeof SeenEntry>;

export const SeenBatch = z.object({
  v: z.literal(1),
  id: z.string(), // ULID; its time is the flush time
  from: z.string(), // earliest entry time
  to: z.string(), // latest entry time
  entries: z.array(SeenEntry),
});
export type SeenBatch = z.infer<typeof SeenBatch>;
