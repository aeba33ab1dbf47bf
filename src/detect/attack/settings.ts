// `detection.attack.*`: thresholds of the bot-farm attack rules, the link window and campaigns.
// Defaults follow the published methods in the README's detection table (CooRTweet: near-duplicate
// = Jaccard >= 0.8 within 10 s; Botometer-lite profile traits) and are judged on groups, never on
// single accounts (humans cannot tell social bots apart one by one).
import { z } from 'zod';
import { Duration } from '../../config/duration.js';

export const AttackSettings = z
  .object({
    /** Off = no attack_suspected, links or campaigns (interactions are still archived). */
    enabled: z.boolean().default(true),
    /** How far back interactions are considered (by their own time). */
    lookback: Duration.default('24h'),
    /** Sliding window of a burst. */
    burstWindow: Duration.default('15m'),
    /** Interactions in the densest window for it to be a burst. */
    minBurst: z.number().int().min(2).default(10),
    /** Distinct accounts in the burst (a farm is many accounts). */
    minAccounts: z.number().int().min(2).default(5),
    /** Synchronized: this share of the burst inside one span of syncWindow. */
    syncWindow: Duration.default('10s'),
    syncShare: z.number().min(0).max(1).default(0.5),
    /** Near-duplicate texts: MinHash Jaccard estimate at or above this. */
    nearDuplicate: z.number().min(0).max(1).default(0.8),
    /** Share of the burst in the largest near-duplicate cluster. */
    duplicateShare: z.number().min(0).max(1).default(0.3),
    /** Share of the burst's accounts with a trait for the trait to fire. */
    traitShare: z.number().min(0).max(1).default(0.5),
    /** An account created less than this before its interaction is "recently created". */
    newAccount: Duration.default('30d'),
    /** Accounts created within this span of each other are a batch. */
    batchSpan: Duration.default('24h'),
    /** Followers below this are "few followers". */
    fewFollowers: z.number().int().min(0).default(10),
    /** Score (0..1) at or above which attack_suspected fires (with the burst and 2+ other features). */
    threshold: z.number().min(0).max(1).default(0.5),
    /** A takedown or shadow-ban this long after an attack on the same target is linked: "consistent with". */
    linkWindow: Duration.default('14d'),
    /** Attacks within this span sharing accounts or texts form a campaign. */
    campaignWindow: Duration.default('7d'),
    campaignMinTargets: z.number().int().min(2).default(2),
    /** Shared attacker accounts between two attacks that tie them. */
    campaignMinShared: z.number().int().min(1).default(3),
  })
  .strict();
export type AttackSettings = z.output<typeof AttackSettings>;
export const defaultAttackSettings = (): AttackSettings => AttackSettings.parse({});
