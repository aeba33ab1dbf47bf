// Post order: where a post sits in its account's publication order, as a canonical decimal integer
// string compared as BigInt (an X post id is above 2^53; a JS number would round it). Canonical
// means no leading zeros and no "-0", so equal orders are equal strings. Pure.
import { z } from 'zod';

const ORDER_RE = /^(0|-?[1-9]\d{0,18})$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/** A canonical decimal integer within the 64-bit range the catalog stores (`posts.num bigint`). */
export const isOrder = (v: unknown): v is string => {
  if (typeof v !== 'string' || !ORDER_RE.test(v)) return false;
  const n = BigInt(v);
  return n >= INT64_MIN && n <= INT64_MAX;
};

export const Order = z.string().refine(isOrder, 'a decimal integer in the 64-bit range, without leading zeros');

/** An inclusive range of orders a listing vouches for (every post with an order inside it is shown). */
export const OrderRange = z.object({ min: Order, max: Order });
export type OrderRange = z.infer<typeof OrderRange>;

/** The canonical order string of an integer (number, bigint or decimal string). */
export function toOrder(v: number | bigint | string): string {
  const n = typeof v === 'bigint' ? v : BigInt(typeof v === 'number' ? Math.trunc(v) : v.trim());
  return n.toString();
}

export function cmpOrder(a: string, b: string): number {
  // Same-length non-negative decimals compare as strings: the common case, without BigInt.
  if (a.length === b.length && a[0] !== '-' && b[0] !== '-') return a < b ? -1 : a > b ? 1 : 0;
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export const inRange = (o: string, r: OrderRange): boolean => cmpOrder(o, r.min) >= 0 && cmpOrder(o, r.max) <= 0;
export const maxOrder = (a: string, b: string): string => (cmpOrder(a, b) >= 0 ? a : b);
export const minOrder = (a: string, b: string): string => (cmpOrder(a, b) <= 0 ? a : b);
/** `o + delta` (e.g. the listing cursor right above a post). */
export const addOrder = (o: string, delta: number): string => (BigInt(o) + BigInt(delta)).toString();

/** The smallest range holding every order given; undefined for none. */
export function spanOf(orders: Iterable<string>): OrderRange | undefined {
  let min: string | undefined;
  let max: string | undefined;
  for (const o of orders) {
    if (min === undefined || cmpOrder(o, min) < 0) min = o;
    if (max === undefined || cmpOrder(o, max) > 0) max = o;
  }
  return min === undefined || max === undefined ? undefined : { min, max };
}

/** Orders sorted ascending (a stable copy). */
export const sortOrders = <T>(xs: readonly T[], orderOf: (x: T) => string): T[] => [...xs].sort((a, b) => cmpOrder(orderOf(a), orderOf(b)));

/** Fixed-width form for lexicographic ranges (Redis ZRANGEBYLEX): sign-shifted, 20 digits. */
export function lexOrder(o: string): string {
  return (BigInt(o) - INT64_MIN).toString().padStart(20, '0');
}

/** Post keys in a stable order: numerically when both are decimal (message ids, statement hashes), else as text. */
export const cmpKey = (a: string, b: string): number => (isOrder(a) && isOrder(b) ? cmpOrder(a, b) : a < b ? -1 : a > b ? 1 : 0);
