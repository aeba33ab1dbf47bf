// Shadow-ban verdicts from probe answers (methods: shadowban.eu's tests, see README "Shadow-ban
// probes"). One verdict per probe kind and vantage: banned, clear, or no_verdict. A failed probe,
// login wall, captcha or 429 is no_verdict: neither banned nor clear. Pure.
import type { PostRecord, ReplyProbe, SearchProbe, SuggestionProbe } from '../scrapers/types.js';
import { cmpOrder } from '../scrapers/order.js';
import type { ShadowType } from './quiet.js';
import type { Signal } from './signals.js';

export type ShadowVerdict = 'banned' | 'clear' | 'no_verdict';

export interface ProbeOutcome {
  type: ShadowType;
  /** The vantage or session the probe ran through. */
  vantage: string;
  verdict: ShadowVerdict;
  reason?: string;
  /** What was asked and seen (keys expected and found, placement). */
  detail?: Record<string, unknown>;
  /** The platform cannot run this probe honestly (Scraper.unsupportedProbes): recorded, never a verdict. */
  unsupported?: boolean;
}

/**
 * Posts a search should find: the account's own, not replies, visible on its profile, and old enough
 * for the search index (new posts lag it: a trap the shadowban.eu notes name). Newest first.
 */
export function searchable(posts: readonly PostRecord[], observedAt: string, indexLagMs: number, max = 5, publishedNoLaterThan?: (p: PostRecord) => number | undefined): PostRecord[] {
  const now = Date.parse(observedAt);
  // A post shown only with an age ("3 days ago") counts by the latest time that age allows.
  const latest = (p: PostRecord): number | undefined => (p.publishedAt ? Date.parse(p.publishedAt) : publishedNoLaterThan?.(p));
  return [...posts]
    .filter((p) => {
      const t = latest(p);
      return !p.service && !p.forwardedFrom && !p.replyTo && t !== undefined && Number.isFinite(t) && now - t >= indexLagMs && p.text.trim().length > 0;
    })
    .sort((a, b) => cmpOrder(b.order, a.order))
    .slice(0, max);
}

/** An exact phrase of a post to search for: its first words, quoted by the scraper's planSearch. */
export function phraseOf(post: PostRecord, words = 8): string {
  return post.text.replace(/\s+/g, ' ').trim().split(' ').slice(0, words).join(' ');
}

/**
 * shadowban_search for one vantage: the handle search and the phrase searches (each with the keys it
 * expected). Banned when every search that answered missed every post it expected; clear when any
 * found one; no verdict when none answered.
 */
export function searchVerdict(vantage: string, answers: readonly { probe: SearchProbe; expect: readonly string[]; query: string }[]): ProbeOutcome {
  const ok = answers.filter((a) => a.probe.state === 'ok' && a.expect.length > 0);
  const base = { type: 'shadowban_search' as const, vantage };
  if (ok.length === 0) return { ...base, verdict: 'no_verdict', reason: answers.find((a) => a.probe.reason)?.probe.reason ?? (answers.length ? 'no search answered' : 'no post old enough to be indexed') };
  // A handle search that lists the account itself (YouTube's channel, VK's community) also finds it.
  const found = ok.map((a) => ({ query: a.query, expected: a.expect, found: a.expect.filter((k) => a.probe.keys.includes(k)), ...(a.probe.account !== undefined ? { account: a.probe.account } : {}) }));
  const hit = found.some((f) => f.found.length > 0 || f.account === true);
  return { ...base, verdict: hit ? 'clear' : 'banned', detail: { searches: found } };
}

export function suggestionVerdict(vantage: string, probe: SuggestionProbe): ProbeOutcome {
  const base = { type: 'shadowban_suggestion' as const, vantage };
  if (probe.state !== 'ok') return { ...base, verdict: 'no_verdict', ...(probe.reason ? { reason: probe.reason } : {}) };
  return { ...base, verdict: probe.found ? 'clear' : 'banned', detail: { found: probe.found } };
}

export function replyVerdict(vantage: string, reply: string, probe: ReplyProbe): ProbeOutcome {
  const base = { type: 'shadowban_reply' as const, vantage };
  if (probe.state !== 'ok' || !probe.placement) return { ...base, verdict: 'no_verdict', ...(probe.reason ? { reason: probe.reason } : {}) };
  return { ...base, verdict: probe.placement === 'shown' ? 'clear' : 'banned', detail: { reply, placement: probe.placement } };
}

const RULES: Record<ShadowType, { rule: string; confidence: number }> = {
  shadowban_search: { rule: 'probe.search_misses_visible_posts', confidence: 0.8 },
  shadowban_suggestion: { rule: 'probe.typeahead_misses_exact_handle', confidence: 0.75 },
  shadowban_reply: { rule: 'probe.reply_hidden_in_conversation', confidence: 0.75 },
};

/**
 * One signal per probed type: any clear verdict is negative (vantages disagree, or the ban lifted);
 * else any banned verdict is positive, carrying the vantages that saw it; else none.
 */
export function shadowSignals(outcomes: readonly ProbeOutcome[]): Signal[] {
  const types = [...new Set(outcomes.map((o) => o.type))];
  return types.map((type): Signal => {
    const of = outcomes.filter((o) => o.type === type);
    const base = { type, ...RULES[type] };
    if (of.some((o) => o.verdict === 'clear')) return { ...base, verdict: 'negative' };
    const banned = of.filter((o) => o.verdict === 'banned');
    if (banned.length === 0) return { ...base, verdict: 'none' };
    return { ...base, verdict: 'positive', vantages: banned.map((o) => o.vantage), details: { probes: banned.map((o) => ({ vantage: o.vantage, ...o.detail })) } };
  });
}
