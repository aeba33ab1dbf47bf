// Confirmation: a candidate is confirmed only after enough agreeing observations spread over
// enough time (and, for post_deleted, a direct-URL check saying "missing"); a contradicting
// observation dismisses it. Pure.
import { deterministicId } from '../ids.js';
import type { PostProbe } from '../scrapers/types.js';
import type { Finding, DetectContext } from './rules.js';
import { PAGE_EDIT_RULE } from './recheck.js';
import { isShadowType, SIGNAL_TYPES, vantagesOf } from './quiet.js';
import { EVENT_TAKEDOWN_STATE, type OpenCandidate, type TargetState } from './state.js';

export interface ConfirmPolicy {
  minObservations: number;
  minSpanMs: number;
  /**
   * Shadow-bans: distinct vantages or sessions whose probes agreed (default 2). A deployment with
   * fewer configured cannot confirm one: its candidates stay candidates (README "Shadow-ban probes").
   */
  minVantages?: number;
}

const MAX_EVIDENCE = 12;

export const eventIdFor = (f: Pick<Finding, 'target' | 'type' | 'key'>, observationId: string, at: number): string =>
  deterministicId(at, `${f.target}|${f.type}|${f.key}|${observationId}`);

export function openCandidate(f: Finding, prev: TargetState, ctx: DetectContext): OpenCandidate {
  return {
    id: eventIdFor(f, ctx.observationId, Date.parse(ctx.observedAt)),
    key: f.key,
    type: f.type,
    target: f.target,
    postId: f.postId,
    ...(f.postKey !== undefined ? { postKey: f.postKey } : {}),
    ...(f.postOrder !== undefined ? { postOrder: f.postOrder } : {}),
    rule: f.rule,
    confidence: f.confidence,
    detectedAt: ctx.observedAt,
    lastOkAt: prev.lastOkAt,
    firstChangedAt: ctx.observedAt,
    agree: 1,
    lastAgreeAt: ctx.observedAt,
    evidence: prev.lastObservationId && prev.lastObservationId !== ctx.observationId ? [prev.lastObservationId, ctx.observationId] : [ctx.observationId],
    details: f.details,
    ...(f.probe ? { probe: f.probe, probeAt: ctx.observedAt } : {}),
  };
}

export function agreeWith(c: OpenCandidate, ctx: DetectContext): OpenCandidate {
  if (c.lastAgreeAt === ctx.observedAt && c.evidence.includes(ctx.observationId)) return c; // same poll replayed
  const evidence = c.evidence.includes(ctx.observationId) ? c.evidence : [...c.evidence, ctx.observationId].slice(-MAX_EVIDENCE);
  return { ...c, agree: c.agree + 1, lastAgreeAt: ctx.observedAt, evidence };
}

export function isReady(c: OpenCandidate, p: ConfirmPolicy): boolean {
  if (c.agree < p.minObservations) return false;
  if (Date.parse(c.lastAgreeAt) - Date.parse(c.detectedAt) < p.minSpanMs) return false;
  if (c.type === 'post_deleted' && c.probe !== 'missing') return false;
  if (isShadowType(c.type) && vantagesOf(c).length < (p.minVantages ?? 2)) return false;
  // A "suspended" that needs a re-check (Scraper.recheckSuspension): one of its posts must agree ('missing' = shown no more).
  if (c.type === 'account_suspended' && c.details?.recheck === 'post' && c.probe !== 'missing') return false;
  // Feeds: the item's own page must still be gone at least minSpan after the detection.
  if (c.type === 'post_deleted' && c.rule.startsWith('feed.') && (!c.probeAt || Date.parse(c.probeAt) - Date.parse(c.detectedAt) < p.minSpanMs)) return false;
  return true;
}

/** What confirming a candidate does to the established state. */
export function applyConfirmed(s: TargetState, c: OpenCandidate): TargetState {
  const takedown = EVENT_TAKEDOWN_STATE[c.type];
  if (takedown) return { ...s, state: takedown };
  if (c.type === 'account_restored') return { ...s, state: 'ok' };
  if (SIGNAL_TYPES.has(c.type)) return { ...s, held: { ...s.held, [c.type]: c.detectedAt } };
  if (c.type === 'post_deleted' && c.postKey !== undefined) {
    const posts = { ...s.posts };
    delete posts[c.postKey];
    const out: TargetState = { ...s, posts };
    if (s.ord?.[c.postKey] !== undefined) {
      out.ord = { ...s.ord };
      delete out.ord[c.postKey];
    }
    if (s.items) {
      out.items = { ...s.items };
      delete out.items[c.postKey];
    }
    return out;
  }
  // A page edit: its new text record becomes the accepted version of the page (listing untouched).
  if (c.type === 'post_edited' && c.postKey !== undefined && c.rule === PAGE_EDIT_RULE && typeof c.details?.toBlob === 'string') {
    const item = s.items?.[c.postKey];
    return item ? { ...s, items: { ...s.items, [c.postKey]: { ...item, p: c.details.toBlob } } } : s;
  }
  if (c.type === 'post_edited' && c.postKey !== undefined && typeof c.details?.toDigest === 'string') {
    const next = { ...s, posts: { ...s.posts, [c.postKey]: c.details.toDigest } };
    // Feeds remember the blob of the accepted version: the next edit's diff starts from it.
    const item = s.items?.[c.postKey];
    if (item && typeof c.details.toBlob === 'string') next.items = { ...s.items, [c.postKey]: { ...item, b: c.details.toBlob } };
    return next;
  }
  if (c.type === 'account_renamed' && typeof c.details?.to === 'string' && !c.details.seenBy) {
    return { ...s, username: c.details.to };
  }
  return s;
}

export interface Settled {
  state: TargetState;
  confirmed: OpenCandidate[];
}

/** Move every ready candidate out of `open` into `confirmed`, applying its effect. */
export function settle(s: TargetState, p: ConfirmPolicy): Settled {
  const confirmed: OpenCandidate[] = [];
  let state: TargetState = { ...s, open: [] };
  for (const c of s.open) {
    if (isReady(c, p)) {
      confirmed.push(c);
      state = applyConfirmed(state, c);
    } else state.open.push(c);
  }
  return { state, confirmed };
}

/** Record the direct-URL check of a post_deleted candidate: present dismisses it, missing allows confirmation. */
export function applyProbe(s: TargetState, candidateId: string, probe: Pick<PostProbe, 'state'>, at?: string): { state: TargetState; dismissed: OpenCandidate[] } {
  const dismissed: OpenCandidate[] = [];
  const open: OpenCandidate[] = [];
  for (const c of s.open) {
    if (c.id !== candidateId) open.push(c);
    else if (probe.state === 'present') dismissed.push(c);
    else if (probe.state === 'missing') open.push({ ...c, probe: 'missing', ...(at ? { probeAt: at } : {}), confidence: Math.max(c.confidence, 0.95) });
    else open.push({ ...c, probe: c.probe ?? 'no_verdict' });
  }
  return { state: { ...s, open }, dismissed };
}
