// Pure: what several vantage points' answers to the same account say together. A suspected block
// seen from one vantage is re-checked from the target's others before it can become an event:
//  - blocked from some, visible (ok/empty) from another: `geo_blocked`, naming the countries
//    (account_geo_blocked);
//  - blocked from every vantage, each with a verdict: the block is global. A per-country notice
//    seen everywhere ("local laws" from every country) is a platform-wide block: `restricted`
//    (account_restricted); not_found / suspended / restricted everywhere keep their state;
//  - blocked from some, no verdict (429, login wall, unreadable, unreachable) from the rest and
//    visible from none: not provable either way, so no verdict (`unknown`), never an event.
import type { PageState } from '../scrapers/types.js';

/** Answers that suggest a takedown or block and are re-checked from another vantage. */
export const RECHECKED_STATES: ReadonlySet<PageState> = new Set(['geo_blocked', 'restricted', 'not_found', 'suspended']);
const VISIBLE: ReadonlySet<PageState> = new Set(['ok', 'empty']);

export interface VantageAnswer {
  id: string;
  country?: string;
  state: PageState;
  reason?: string;
}

export interface VantageVerdict {
  state: PageState;
  reason?: string;
  /** Set for a block seen from some vantages only. */
  geo?: { blockedIn: string[]; visibleFrom: string[] };
  /** False when the poll's own answer stands as it was (its page parsed as usual). */
  changed: boolean;
}

const where = (a: VantageAnswer): string => a.country ?? a.id;
const uniq = (xs: string[]): string[] => [...new Set(xs)];

/** `answers[0]` is the poll's own vantage; the rest are re-checks. */
export function judgeVantages(answers: readonly VantageAnswer[]): VantageVerdict {
  const [primary] = answers;
  if (answers.length < 2) return { state: primary.state, ...(primary.reason ? { reason: primary.reason } : {}), changed: false };
  const blocked = answers.filter((a) => RECHECKED_STATES.has(a.state));
  const visible = answers.filter((a) => VISIBLE.has(a.state));
  if (blocked.length === 0) return { state: primary.state, ...(primary.reason ? { reason: primary.reason } : {}), changed: false };
  const first = blocked[0];
  const said = `${first.state}${first.reason ? ` (${first.reason})` : ''}`;
  if (visible.length > 0) {
    const blockedIn = uniq(blocked.map(where)).sort();
    const visibleFrom = uniq(visible.map(where)).sort();
    return { state: 'geo_blocked', reason: `blocked in ${blockedIn.join(', ')}: ${said}; visible from ${visibleFrom.join(', ')}`, geo: { blockedIn, visibleFrom }, changed: true };
  }
  const silent = answers.filter((a) => !RECHECKED_STATES.has(a.state));
  if (silent.length > 0) {
    return { state: 'unknown', reason: `no verdict: ${said} from ${uniq(blocked.map(where)).join(', ')}, not re-checked (${silent.map((a) => `${where(a)}: ${a.state}`).join(', ')})`, changed: true };
  }
  const all = uniq(answers.map(where)).join(', ');
  if (first.state === 'geo_blocked') return { state: 'restricted', reason: `blocked from every vantage (${all}): ${first.reason ?? 'geo_blocked'}`, changed: true };
  return { state: primary.state, reason: `${primary.reason ?? primary.state}; the same from every vantage (${all})`, changed: true };
}
