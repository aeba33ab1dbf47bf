import { describe, expect, it } from 'vitest';
import { numFromDb, keyFromPostId, numParam, toNumKey } from '../../../src/catalog/post-num.js';
import { isVigilError } from '../../../src/errors.js';
import { stableNum } from '../../../src/scrapers/stable-hash.js';

describe('post order numbers', () => {
  it('keeps every int64 exactly, as a decimal string', () => {
    expect(toNumKey(523)).toBe('523');
    expect(toNumKey(stableNum('https://gov.example/press/a'))).toBe(String(stableNum('https://gov.example/press/a')));
    expect(toNumKey(2 ** 60)).toBe('1152921504606846976');
    expect(toNumKey('9223372036854775807')).toBe('9223372036854775807');
    expect(toNumKey(9223372036854775807n)).toBe('9223372036854775807');
    expect(toNumKey('-9223372036854775808')).toBe('-9223372036854775808');
  });

  it('refuses what a bigint column cannot hold', () => {
    for (const v of [1.5, Number.NaN, Infinity, 1e20, '9223372036854775808', '12a', '', '1e5', 2n ** 64n]) expect(toNumKey(v as never), String(v)).toBeUndefined();
    const e = (() => {
      try {
        return numParam(1e20, 'post x: num');
      } catch (err) {
        return err;
      }
    })();
    expect(isVigilError(e, 'VGL_CATALOG_REJECTED')).toBe(true);
    expect((e as Error).message).toContain('post x: num 100000000000000000000');
  });

  it('reads back what either driver returns (pg: string, PGlite: number or BigInt)', () => {
    expect(numFromDb('237420948908244')).toEqual({ num: 237420948908244, numKey: '237420948908244' });
    expect(numFromDb(237420948908244)).toEqual({ num: 237420948908244, numKey: '237420948908244' });
    expect(numFromDb(9007199254740993n).numKey).toBe('9007199254740993');
  });

  it('finds a Telegram-style key at the end of a post id (events written before keys), only when it fits', () => {
    expect(keyFromPostId('durov/523')).toBe('523');
    expect(keyFromPostId('https://gov.example/news/123456789012345678901234')).toBeUndefined();
    expect(keyFromPostId('https://gov.example/press/slug')).toBeUndefined();
  });
});
