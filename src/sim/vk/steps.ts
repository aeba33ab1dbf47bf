// What can happen to simulated VK accounts. Parsed with zod at the edge (HTTP control, tests).
import { z } from 'zod';
import { FaultSpec } from '../faults.js';

const acc = z.string().min(1);
const Country = z.string().regex(/^[A-Za-z]{2}$/).transform((c) => c.toUpperCase());

export const VkStep = z.discriminatedUnion('type', [
  z.object({ type: z.literal('account'), name: acc, kind: z.enum(['community', 'user']).default('community'), title: z.string().optional(), about: z.string().optional(), verified: z.boolean().optional(), followers: z.number().int().nonnegative().optional(), posts: z.number().int().nonnegative().default(0) }),
  z.object({
    type: z.literal('post'),
    account: acc,
    count: z.number().int().positive().default(1),
    text: z.string().optional(),
    photos: z.number().int().min(0).max(10).default(0),
    video: z.object({ seconds: z.number().int().positive(), title: z.string() }).optional(),
    link: z.string().url().optional(),
    views: z.number().int().nonnegative().optional(),
    pin: z.boolean().optional(),
  }),
  z.object({ type: z.literal('edit'), account: acc, num: z.number().int().positive(), text: z.string() }),
  z.object({ type: z.literal('delete'), account: acc, nums: z.array(z.number().int().positive()).min(1) }),
  /** Community: "Сообщество заблокировано…"; user: "Пользователь заблокирован". */
  z.object({ type: z.literal('block'), account: acc }),
  z.object({ type: z.literal('unblock'), account: acc }),
  z.object({ type: z.literal('delete_account'), account: acc }),
  z.object({ type: z.literal('make_private'), account: acc }),
  z.object({ type: z.literal('make_public'), account: acc }),
  z.object({ type: z.literal('geo_block'), account: acc, countries: z.array(Country).min(1) }),
  z.object({ type: z.literal('geo_unblock'), account: acc }),
  z.object({ type: z.literal('login_only'), account: acc, on: z.boolean().default(true) }),
  /** Kept out of search (shadowban_search) or let back. */
  z.object({ type: z.literal('shadow'), account: acc, search: z.boolean() }),
  z.object({ type: z.literal('rename'), account: acc, to: z.string().regex(/^[a-z][a-z0-9_.]{1,31}$/i) }),
  /** Comments under a post from a generated crowd (src/sim/crowds.ts): a bot farm within 8 s, or a viral surge over spanSeconds. */
  z.object({ type: z.literal('attack'), account: acc, num: z.number().int().positive(), count: z.number().int().positive().max(500).default(30), seed: z.number().int().default(1), lookalikes: z.number().int().min(0).default(2), template: z.string().min(1).max(500).optional() }),
  z.object({ type: z.literal('surge'), account: acc, num: z.number().int().positive(), count: z.number().int().positive().max(500).default(60), seed: z.number().int().default(1), spanSeconds: z.number().int().positive().default(600) }),
  FaultSpec.extend({ type: z.literal('fault') }),
]);
export type VkStep = z.input<typeof VkStep>;
