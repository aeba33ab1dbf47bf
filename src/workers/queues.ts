// Queue names and job payload schemas (zod at the edge of every processor).
import { z } from 'zod';

export const QUEUE_NAMES = ['scheduler', 'observe', 'archive', 'detect', 'confirm', 'index', 'capture', 'webhook'] as const;
export type QueueName = (typeof QUEUE_NAMES)[number];

/** Poll one target: newest listing (+ re-scan or backfill pages), diff, archive, detect. */
export const ObserveJob = z.object({
  targetId: z.string().min(1),
  spec: z.string().min(3),
  /** Due time the scheduler fired for (ms); part of the deterministic job id. */
  dueAt: z.number().int().nonnegative(),
  reason: z.enum(['scheduled', 'manual', 'confirm']).default('scheduled'),
});
export type ObserveJob = z.infer<typeof ObserveJob>;

/** Re-check open candidates of a target: direct-URL probes, then a fresh observation. */
export const ConfirmJob = z.object({
  targetId: z.string().min(1),
  spec: z.string().min(3),
  candidateIds: z.array(z.string()),
  round: z.number().int().min(1).default(1),
});
export type ConfirmJob = z.infer<typeof ConfirmJob>;

/** Download one media file of a new post into a blob + http capture manifest. */
export const ArchiveJob = z.object({
  targetId: z.string(),
  postId: z.string(),
  url: z.string().url(),
  mediaType: z.string(),
  observationId: z.string(),
});
export type ArchiveJob = z.infer<typeof ArchiveJob>;

/** Re-run detection for a stored observation (reprocessing after a rule change). */
export const DetectJob = z.object({ targetId: z.string(), observationId: z.string() });
export type DetectJob = z.infer<typeof DetectJob>;

/** Catalog indexer: apply a record read back from the bucket (the catalog stays derived). */
export const IndexJob = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('observation'), key: z.string() }),
  z.object({ kind: z.literal('event'), key: z.string() }),
  z.object({ kind: z.literal('capture'), key: z.string() }),
  z.object({ kind: z.literal('target'), key: z.string() }),
  z.object({ kind: z.literal('target_removed'), targetId: z.string() }),
  z.object({ kind: z.literal('touch'), targetId: z.string(), at: z.string(), state: z.string() }),
  /** Apply every batched "still there" touch (see StateStore.touch). */
  z.object({ kind: z.literal('touches') }),
]);
export type IndexJob = z.infer<typeof IndexJob>;

/** Browser capture of a page (engine in src/capture). */
export const CaptureJob = z.object({
  targetId: z.string(),
  url: z.string().url(),
  postId: z.string().optional(),
  reason: z.string(),
  /** Set by on-demand captures (POST /api/captures), which answer with the id before the capture runs. */
  captureId: z.string().regex(/^[0-9A-Z]{26}$/).optional(),
});
export type CaptureJob = z.infer<typeof CaptureJob>;

/** Deliver one confirmed event (or nothing else) to one webhook; the body is sent byte for byte. */
export const WebhookJob = z.object({
  webhookId: z.string().min(1),
  delivery: z.string().min(1),
  eventId: z.string().min(1),
  eventType: z.string().min(1),
  target: z.string(),
  /** The exact JSON body (src/alerts/payload.ts); secrets are never in a job, only the webhook id. */
  body: z.string().min(2),
});
export type WebhookJob = z.infer<typeof WebhookJob>;

/** BullMQ job ids may not contain ':' in custom ids used with repeat; keep them to [A-Za-z0-9_.-]. */
export const jobId = (...parts: (string | number)[]): string => parts.map((p) => String(p).replace(/[^A-Za-z0-9_.-]/g, '_')).join('-');

export const DEFAULT_JOB_OPTS = {
  attempts: 8,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { count: 1000 },
  removeOnFail: { count: 5000 },
} as const;
