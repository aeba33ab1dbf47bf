// Post order for YouTube videos. Video ids are random, and the Videos tab only shows a relative
// age ("2 days ago", "Streamed 3 weeks ago"), rounded down to a whole unit by YouTube. So a
// video's order is an estimate of its publication time in ms, built so that the `range` rule
// stays safe (see README "Order"):
//  - the oldest listed video gets the *latest* time its age allows (fetchedAt − n·unit, rounded
//    up to the unit), which is where the listing's covered range starts; a video that merely
//    dropped off the bottom of the tab is older than that, so it is never called missing;
//  - every other video gets the *earliest* time its age allows (fetchedAt − (n+1)·unit), raised
//    where needed so orders never increase down the tab (the tab is newest first), which keeps
//    every listed video inside the range.
// The range ends at the 64-bit maximum: the tab lists the newest videos, so it covers everything
// newer than its oldest one (a deleted newest video is still "inside"). Pure.
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

/** The largest order the catalog stores: the open upper end of a Videos tab's range. */
export const RANGE_TOP = '9223372036854775807';

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
 * Orders (decimal ms strings) for the videos of one tab, newest first as listed, and the range the
 * tab covers; undefined range when no video shows an age (nothing can then be called missing).
 */
export function videoOrders(ages: readonly (Age | undefined)[], fetchedAtMs: number): { orders: string[]; range?: { min: string; max: string } } {
  const t = Math.floor(fetchedAtMs / 1000) * 1000;
  const n = ages.length;
  const out: number[] = new Array<number>(n).fill(t);
  let bottom = -1;
  for (let i = n - 1; i >= 0; i--) if (ages[i]) { bottom = i; break; }
  if (bottom < 0) return { orders: out.map((o) => toOrder(o)) };
  const b = ages[bottom]!;
  const u = UNIT_MS[b.unit];
  const floor = Math.ceil(ageBounds(b, t).latest / u) * u;
  // Videos below the oldest dated one (no age shown) share its order.
  for (let i = bottom; i < n; i++) out[i] = floor;
  for (let i = bottom - 1; i >= 0; i--) {
    const a = ages[i];
    const own = a ? ageBounds(a, t).earliest : out[i + 1];
    out[i] = Math.max(own, out[i + 1]);
  }
  return { orders: out.map((o) => toOrder(o)), range: { min: toOrder(floor), max: RANGE_TOP } };
}

/** An exact enough publication time (ISO) only for ages under an hour; coarser ages are left out. */
export function publishedFromAge(age: Age | undefined, fetchedAtMs: number): string | undefined {
  if (!age || (age.unit !== 'second' && age.unit !== 'minute')) return undefined;
  return new Date(ageBounds(age, fetchedAtMs).latest).toISOString();
}
