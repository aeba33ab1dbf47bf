// Adaptive polling rules (pure). A target with an open candidate event (a deletion waiting for
// confirmation, an attack under way) is polled faster; one whose content has not changed for
// `dormantAfter` is polled slower; always within [minEvery, maxEvery] and never past its own
// `every` in the wrong direction. The workers write a compact "tempo" per target (hot flag + time
// of the last content change) next to the hot state; the scheduler reads it when a target is due.
import { createHash } from 'node:crypto';
import type { TargetState } from '../detect/state.js';
import { idTime } from '../ids.js';

export interface Tempo {
  /** Open candidate events (incl. attack_suspected): evidence may be about to disappear. */
  hot: boolean;
  /** When content last changed (ms; the last ObservationRecord is only written on a change). */
  lastChangeMs?: number;
}

export interface AdaptiveSettings {
  enabled: boolean;
  /** Hot targets: every × hotFactor … */
  hotFactor: number;
  /** … but never more often than this. */
  minEvery: number;
  /** No content change for this long = dormant. */
  dormantAfter: number;
  /** Dormant targets: every × dormantFactor … */
  dormantFactor: number;
  /** … but never less often than this. */
  maxEvery: number;
}

export type TempoMode = 'hot' | 'normal' | 'dormant';

export function tempoOf(s: TargetState): Tempo {
  let lastChangeMs: number | undefined;
  if (s.lastObservationId) {
    try {
      lastChangeMs = idTime(s.lastObservationId);
    } catch {
      lastChangeMs = undefined; // not a ULID: no dormancy claim
    }
  }
  return { hot: s.open.length > 0, ...(lastChangeMs !== undefined ? { lastChangeMs } : {}) };
}

/** "1:<seconds>" / "0:" — about 12 bytes per target in Redis. */
export const encodeTempo = (t: Tempo): string => `${t.hot ? 1 : 0}:${t.lastChangeMs === undefined ? '' : Math.floor(t.lastChangeMs / 1000)}`;

export function decodeTempo(v: string | null | undefined): Tempo {
  if (!v) return { hot: false };
  const [h, s] = v.split(':');
  const sec = s ? Number(s) : NaN;
  return { hot: h === '1', ...(Number.isFinite(sec) ? { lastChangeMs: sec * 1000 } : {}) };
}

export function modeOf(t: Tempo, now: number, a: AdaptiveSettings): TempoMode {
  if (!a.enabled) return 'normal';
  if (t.hot) return 'hot';
  if (t.lastChangeMs !== undefined && now - t.lastChangeMs >= a.dormantAfter) return 'dormant';
  return 'normal';
}

/** The interval until the next poll of a target polled every `everyMs`. */
export function intervalFor(everyMs: number, mode: TempoMode, a: AdaptiveSettings): number {
  if (mode === 'hot') return Math.min(everyMs, Math.max(a.minEvery, Math.round(everyMs * a.hotFactor)));
  if (mode === 'dormant') return Math.max(everyMs, Math.min(a.maxEvery, Math.round(everyMs * a.dormantFactor)));
  return everyMs;
}

/**
 * Deterministic jitter in [-span/2, span/2) for (target, due): spreads polls of targets sharing an
 * interval, identical in every scheduler (so two schedulers agree), and zero on average (no drift).
 */
export function jitterOffset(id: string, due: number, spanMs: number): number {
  if (spanMs <= 1) return 0;
  const n = createHash('sha256').update(`${id}\n${due}`).digest().readUInt32BE(0);
  return (n % Math.floor(spanMs)) - Math.floor(spanMs / 2);
}

/**
 * Next due time after a poll due at `due`, claimed at `now`: keeps the cadence (due + interval)
 * unless the schedule fell behind, jittered by at most min(jitterMs, interval / 10).
 */
export function nextDue(id: string, due: number, now: number, intervalMs: number, jitterMs: number): number {
  const base = due + intervalMs > now ? due + intervalMs : now + intervalMs;
  const j = jitterOffset(id, due, Math.min(jitterMs, intervalMs / 10));
  return Math.max(now + 1, Math.round(base + j));
}
