// Post order numbers (`posts.num`, a PostgreSQL bigint): a post's `order`. A post is addressed by
// its id (and its key within the target, `post_key`); num only orders a target's posts and pages
// through them. Values travel as decimal strings between JS
// and SQL so nothing beyond 2^53 is ever rounded: pg returns int8 as a string, PGlite as a
// number when safe and a BigInt when not. Pure.
import { VigilError } from '../errors.js';

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const DIGITS = /^-?\d{1,20}$/;

/** The exact decimal string of an int64 order number, or undefined when it is not one. */
export function toNumKey(v: number | string | bigint): string | undefined {
  let n: bigint;
  if (typeof v === 'bigint') n = v;
  else if (typeof v === 'number') {
    if (!Number.isInteger(v)) return undefined;
    n = BigInt(v);
  } else {
    if (!DIGITS.test(v)) return undefined;
    n = BigInt(v);
  }
  return n >= INT64_MIN && n <= INT64_MAX ? n.toString() : undefined;
}

/** The SQL parameter for a num; a num the catalog cannot hold is a clear, permanent error. */
export function numParam(v: number | string | bigint, what = 'post num'): string {
  const key = toNumKey(v);
  if (key === undefined) {
    throw new VigilError('VGL_CATALOG_REJECTED', `catalog: ${what} ${String(v)} is not an integer in the 64-bit range the catalog orders posts by`, {
      details: { num: String(v) },
    });
  }
  return key;
}

/** A num read back from either driver: exact string, and the JS number (exact up to 2^53). */
export function numFromDb(v: number | string | bigint): { num: number; numKey: string } {
  const numKey = typeof v === 'string' ? v : v.toString();
  return { num: Number(numKey), numKey };
}

/** Ids of the `<account>/<key>` form (Telegram's `durov/523`) end in the post's key. */
export function keyFromPostId(postId: string): string | undefined {
  const m = /\/(\d{1,20})$/.exec(postId);
  return m ? toNumKey(m[1]) : undefined;
}
