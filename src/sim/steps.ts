// Scenario steps: the things that happen to channels. Parsed with zod at the edge (YAML/HTTP).
import { z } from 'zod';
import { FaultSpec } from './faults.js';

const ch = z.string().min(1);
const MediaSpec = z.object({
  kind: z.enum(['photo', 'video']),
  width: z.number().int().positive().default(800),
  height: z.number().int().positive().default(600),
  duration: z.number().int().positive().optional(),
  tooBig: z.boolean().optional(),
});
export type MediaSpec = z.infer<typeof MediaSpec>;

export const PostSpec = z.object({
  text: z.string().optional(),
  media: z.array(MediaSpec).default([]),
  grouped: z.boolean().optional(),
  author: z.string().optional(),
  forwardedFrom: z.object({ name: z.string(), url: z.string() }).optional(),
  replyTo: z.number().int().positive().optional(),
  views: z.number().int().nonnegative().optional(),
});
export type PostSpec = z.input<typeof PostSpec>;

/** Wall-clock offset from scenario start: 90, "90s", "2m", "1m30s", "500ms". */
export const Offset = z.union([z.number().nonnegative(), z.string().regex(/^(\d+(ms|s|m|h))+$/)]).transform(toMs);

export function toMs(v: number | string): number {
  if (typeof v === 'number') return v * 1000;
  let ms = 0;
  for (const [, n, u] of v.matchAll(/(\d+)(ms|s|m|h)/g)) ms += Number(n) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[u as 'ms'];
  return ms;
}

export const Step = z.discriminatedUnion('type', [
  PostSpec.extend({ type: z.literal('post'), channel: ch, count: z.number().int().positive().default(1) }),
  z.object({ type: z.literal('edit'), channel: ch, num: z.number().int().positive(), text: z.string() }),
  z.object({ type: z.literal('delete'), channel: ch, nums: z.array(z.number().int().positive()).min(1) }),
  z.object({ type: z.literal('block'), channel: ch, reason: z.string().optional() }),
  z.object({ type: z.literal('unblock'), channel: ch }),
  z.object({ type: z.literal('rename'), channel: ch, to: z.string().regex(/^[A-Za-z0-9_]{4,32}$/) }),
  z.object({ type: z.literal('make_private'), channel: ch }),
  z.object({ type: z.literal('make_public'), channel: ch }),
  z.object({ type: z.literal('delete_channel'), channel: ch }),
  /** Comments under a post in the linked discussion (count > 1: numbered copies of the text). */
  z.object({
    type: z.literal('comment'),
    channel: ch,
    num: z.number().int().positive(),
    author: z.string().min(1).default('Reader'),
    username: z.string().regex(/^[A-Za-z][A-Za-z0-9_]{4,31}$/).optional(),
    avatar: z.boolean().default(true),
    text: z.string().default('Comment'),
    replyTo: z.number().int().positive().optional(),
    count: z.number().int().positive().max(500).default(1),
  }),
  /** A bot farm comments under a post within seconds (src/sim/crowds.ts): ground truth attack_suspected. */
  z.object({
    type: z.literal('attack'),
    channel: ch,
    num: z.number().int().positive(),
    count: z.number().int().positive().max(500).default(30),
    seed: z.number().int().default(1),
    lookalikes: z.number().int().min(0).default(2),
    lang: z.enum(['ru', 'en']).default('ru'),
    /** The farm's own message (`{v}`: a call-to-report verb); default a stock one (crowds.ts). */
    template: z.string().min(1).max(500).optional(),
  }),
  /** A viral post draws many real, diverse comments over `spanSeconds` (no event). */
  z.object({
    type: z.literal('surge'),
    channel: ch,
    num: z.number().int().positive(),
    count: z.number().int().positive().max(500).default(60),
    seed: z.number().int().default(1),
    spanSeconds: z.number().int().positive().default(600),
  }),
  z.object({ type: z.literal('delete_comment'), channel: ch, num: z.number().int().positive(), id: z.number().int().positive() }),
  z.object({ type: z.literal('discussion'), channel: ch, mode: z.enum(['public', 'private', 'off']) }),
  FaultSpec.extend({ type: z.literal('fault') }),
]);
export type Step = z.input<typeof Step>;
export type ParsedStep = z.output<typeof Step>;

export const TimedStep = z.intersection(z.object({ at: Offset, note: z.string().optional() }), Step);
export type TimedStep = z.output<typeof TimedStep>;
