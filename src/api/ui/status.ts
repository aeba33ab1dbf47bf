// A target's status badge, from its catalog state and its events. Pure.
// The catalog state is what the last poll saw; a candidate account event means "looks gone,
// being confirmed". A poll that got no verdict (rate limited, login wall, unknown) never shows
// as a takedown: the badge says "unknown" until a poll answers.
import type { EventRow, TargetRow } from '../../catalog/types.js';
import { NO_VERDICT_STATES, type PageState } from '../../scrapers/types.js';
import type { Lang } from './i18n.js';

export const TARGET_STATUSES = ['ok', 'candidate', 'deleted', 'suspended', 'blocked', 'geo-blocked', 'private', 'shadow-banned', 'under-attack', 'unknown', 'pending', 'paused'] as const;
export type TargetStatus = (typeof TARGET_STATUSES)[number];

const FROM_STATE: Partial<Record<PageState, TargetStatus>> = {
  ok: 'ok', empty: 'ok', not_found: 'deleted', suspended: 'suspended', restricted: 'blocked', geo_blocked: 'geo-blocked', private: 'private',
};
const ACCOUNT_EVENTS = new Set(['account_deleted', 'account_suspended', 'account_restricted', 'account_geo_blocked', 'account_private']);
const SHADOW = new Set(['shadowban_search', 'shadowban_suggestion', 'shadowban_reply']);
/** An attack signal older than this no longer marks the target as under attack. */
export const ATTACK_WINDOW_MS = 7 * 24 * 3600_000;

export interface StatusView {
  status: TargetStatus;
  /** Extra badges that hold beside the main status (shadow-banned, under-attack). */
  extra: TargetStatus[];
}

/** `events`: the target's events, any order. */
export function targetStatus(t: Pick<TargetRow, 'state'> & { paused?: boolean }, events: readonly EventRow[], now = Date.now()): StatusView {
  const newest = [...events].sort((a, b) => b.detectedAt.localeCompare(a.detectedAt));
  let status: TargetStatus =
    t.state === 'pending' ? 'pending' : NO_VERDICT_STATES.has(t.state) ? 'unknown' : (FROM_STATE[t.state] ?? 'unknown');
  if (status === 'ok' && newest.some((e) => e.status === 'candidate' && ACCOUNT_EVENTS.has(e.type))) status = 'candidate';
  const extra: TargetStatus[] = [];
  // Shadow-banned: a confirmed probe result not followed by a restore.
  for (const e of newest) {
    if (e.type === 'account_restored' && e.status === 'confirmed') break;
    if (SHADOW.has(e.type) && e.status === 'confirmed') {
      extra.push('shadow-banned');
      break;
    }
  }
  if (newest.some((e) => e.type === 'attack_suspected' && e.status !== 'dismissed' && now - Date.parse(e.detectedAt) < ATTACK_WINDOW_MS)) extra.push('under-attack');
  if (t.paused) extra.unshift('paused');
  return { status, extra };
}

const RU: Record<TargetStatus, string> = {
  ok: 'в порядке', candidate: 'под подозрением', deleted: 'удалён', suspended: 'приостановлен', blocked: 'заблокирован', 'geo-blocked': 'геоблокировка',
  private: 'закрыт', 'shadow-banned': 'теневой бан', 'under-attack': 'под атакой', unknown: 'неизвестно', pending: 'ожидает', paused: 'на паузе',
};

export const statusLabel = (s: TargetStatus, lang: Lang): string => (lang === 'ru' ? RU[s] : s === 'under-attack' ? 'under attack' : s);
