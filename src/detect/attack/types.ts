// Shapes of the attack rules: what they read (interactions as archived, with where they are kept)
// and what they find. Pure data.
import type { Interaction } from '../../scrapers/types.js';

/** One archived interaction, with the evidence that holds it. */
export interface SeenInteraction {
  interaction: Interaction;
  /** The watched post it was under. */
  postKey: string;
  /** sha256 of the interactions blob listing it (blobs/sha256/...). */
  blob?: string;
  /** Capture id of the page it was read from. */
  capture?: string;
  /** Observation record that lists that blob. */
  observationId?: string;
  /** When Vigil read it (used when the platform shows no time). */
  seenAt: string;
}

/** A public call to report the target, found in a watched channel's post or under the target's posts. */
export interface ReportCall {
  at: string;
  /** Where it was said: target id and post id of the watched channel, or the interaction's url. */
  source: string;
  text: string;
  /** Evidence: observation id (posts) or interactions blob sha256 (comments). */
  evidence?: string;
}

export const FEATURES = ['burst', 'synchronized', 'near_duplicates', 'generated_handles', 'default_avatars', 'few_followers', 'recently_created', 'batch_created', 'lookalikes', 'report_calls'] as const;
export type Feature = (typeof FEATURES)[number];

export interface FiredFeature {
  name: Feature;
  /** Its weight in the score. */
  weight: number;
  /** What was measured (counts, shares), for the event's details and the reader. */
  value: Record<string, number | string | string[]>;
}

export interface AttackFinding {
  score: number;
  features: FiredFeature[];
  /** Accounts involved (handles, else profile URLs, else display names), sorted. */
  accounts: string[];
  /** Densest window's bounds (interaction times). */
  from: string;
  to: string;
  /** Interactions in it. */
  interactions: number;
  /** Evidence refs: observation ids, interactions blob sha256s, capture ids. */
  evidence: string[];
  /** MinHash signatures (hex) of the largest near-duplicate clusters' first texts (campaigns compare them). */
  textSigs: string[];
  /** A few sample texts of the largest near-duplicate cluster. */
  samples: string[];
}
