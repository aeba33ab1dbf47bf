// targets/<id>.json in the bucket: the definition of a watched account (zod at read-back).
import { z } from 'zod';

export const TargetDefSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/),
  spec: z.string(),
  platform: z.string(),
  key: z.string(),
  everyMs: z.number().int().positive(),
  tags: z.array(z.string()),
  /** Only these network.vantages poll the target (absent: all of them, in rotation). */
  vantages: z.array(z.string()).optional(),
  createdAt: z.string(),
  /** Paused: kept, not polled (the UI's and PATCH /api/targets/:id's pause). */
  paused: z.boolean().optional(),
});
export type TargetDefRecord = z.infer<typeof TargetDefSchema>;

export const targetKey = (id: string): string => `targets/${id}.json`;
