// Relative ages ("2 days ago", "Streamed 3 weeks ago") → post orders. Video ids are random and the
// Videos tab prints only an age, rounded down to a whole unit, so a video's `order` is an estimate
// of its publication time in ms: the latest time its age allows (fetch time − n·unit), never
// increasing down the tab (the tab is newest first). Orders only sort videos (catalog, API);
// deletions are not told from them (the listing model is `feed`, see README "Listing model"). Pure.
import { toOrder } from '../order.js';

export type AgeUnit = 'second' | 'minute' | 'hour' | 'day' | 'week' | 'month' | 'year';

export const UNIT_MS: Record<AgeUnit, number> = {
  second: 1_000,
  minute: 60_000,
  hour: 3_600_000,
  day: 86_400_000,
  week: 7 * 86_400_000,
  month: 30 * 86_400_000,
  year: 365 * 86_400_000,
};

export interface Age {
  n: number;
  unit: AgeUnit;
}

const AGE = /(\d+)\s+(second|minute|hour|day|week|month|year)s?\s+ago\b/i;

/** "2 days ago", "Streamed 1 year ago", "Premiered 5 minutes ago" → {n, unit}; else undefined. */
export function parseAge(text: string | undefined): Age | undefined {
  const m = text ? AGE.exec(text) : null;
  return m ? { n: Number(m[1]), unit: m[2].toLowerCase() as AgeUnit } : undefined;
}

/** Earliest and latest publication time (ms) a relative age allows at `t`. */
export function ageBounds(age: Age, t: number): { earliest: number; latest: number } {
  const u = UNIT_MS[age.unit];
  return { earliest: t - (age.n + 1) * u, latest: t - age.n * u };
}

/**
 * Orders (decimal ms strings) for the videos of one tab, newest first as listed. A video without
 * an age (scheduled, live) takes the order of the one above it (the fetch time at the top).
 */
export function videoOrders(ages: readonly (Age | undefined)[], fetchedAtMs: number): string[] {
  let prev = Math.floor(fetchedAtMs / 1000) * 1000;
  return ages.map((a) => {
    const own = a ? ageBounds(a, fetchedAtMs).latest : prev;
    prev = Math.min(own, prev);
    return toOrder(prev);
  });
}

/** A publication time (ISO) only for ages under an hour (good to the minute); coarser ages give none. */
export function publishedFromAge(age: Age | undefined, fetchedAtMs: number): string | undefined {
  if (!age || (age.unit !== 'second' && age.unit !== 'minute')) return undefined;
  return new Date(ageBounds(age, fetchedAtMs).latest).toISOString();
}
