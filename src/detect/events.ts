// Candidate -> immutable EventRecord (one record per status transition).
import type { EventRecord } from '../archive/types.js';
import type { EventStatus } from './vocabulary.js';
import type { OpenCandidate } from './state.js';

export function toEventRecord(c: OpenCandidate, status: EventStatus, at: string, extra?: Record<string, unknown>): EventRecord {
  const details = { ...(c.details ?? {}), ...(extra ?? {}), ...(c.probe ? { probe: c.probe } : {}), agreeingObservations: c.agree };
  return {
    v: 1,
    id: c.id,
    type: c.type,
    status,
    target: c.target,
    ...(c.postId ? { postId: c.postId } : {}),
    ...(c.postKey !== undefined ? { postKey: c.postKey } : {}),
    detectedAt: c.detectedAt,
    ...(status === 'confirmed' ? { confirmedAt: at } : {}),
    window: { ...(c.lastOkAt ? { lastOkAt: c.lastOkAt } : {}), firstChangedAt: c.firstChangedAt },
    confidence: c.confidence,
    rule: c.rule,
    evidence: c.evidence,
    details,
  };
}
