// Stable event names (design: "Detection vocabulary"). Used by API, CLI, webhooks and exports: never rename.
export const EVENT_TYPES = [
  'post_deleted',
  'post_edited',
  'account_deleted',
  'account_suspended',
  'account_restricted',
  'account_geo_blocked',
  'account_private',
  'account_renamed',
  'account_restored',
  'shadowban_search',
  'shadowban_suggestion',
  'shadowban_reply',
  'reach_drop',
  'attack_suspected',
  'campaign',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** candidate -> confirmed, or candidate -> dismissed when a later observation contradicts it. */
export const EVENT_STATUSES = ['candidate', 'confirmed', 'dismissed'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];
