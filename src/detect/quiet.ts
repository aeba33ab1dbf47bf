// Names of the quiet outcomes (shadow-bans, reach drops) shared by confirm.ts and signals.ts. Pure.
import type { OpenCandidate } from './state.js';
import type { EventType } from './vocabulary.js';

export const SHADOW_TYPES = ['shadowban_search', 'shadowban_suggestion', 'shadowban_reply'] as const;
export type ShadowType = (typeof SHADOW_TYPES)[number];
export const isShadowType = (t: string): t is ShadowType => (SHADOW_TYPES as readonly string[]).includes(t);
/** Event types decided by signals (held in TargetState.held once confirmed). */
export const SIGNAL_TYPES: ReadonlySet<EventType> = new Set<EventType>([...SHADOW_TYPES, 'reach_drop']);

/** The vantages / sessions a candidate's agreeing probes came from. */
export const vantagesOf = (c: Pick<OpenCandidate, 'details'>): string[] => (Array.isArray(c.details?.vantages) ? (c.details.vantages as unknown[]).filter((v): v is string => typeof v === 'string') : []);
