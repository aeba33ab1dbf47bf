// Pure: the wrong-token limiter's window, reset on success, and its bounded table.
import { describe, expect, it } from 'vitest';
import { createLoginLimiter } from '../../../src/api/login-limit.js';

describe('login limiter', () => {
  it('blocks after `attempts` failures until the window ends, with the seconds left', () => {
    let t = 1_000_000;
    const l = createLoginLimiter({ attempts: 3, windowMs: 60_000, now: () => t });
    for (let i = 0; i < 3; i++) {
      expect(l.blockedFor('a')).toBe(0);
      l.fail('a');
    }
    expect(l.blockedFor('a')).toBe(60);
    expect(l.blockedFor('b')).toBe(0);
    t += 59_500;
    expect(l.blockedFor('a')).toBe(1);
    t += 500;
    expect(l.blockedFor('a')).toBe(0);
  });

  it('a right token forgets the failures', () => {
    const l = createLoginLimiter({ attempts: 2, windowMs: 60_000 });
    l.fail('a');
    l.succeed('a');
    l.fail('a');
    expect(l.blockedFor('a')).toBe(0);
  });

  it('keeps at most maxClients addresses (a spray of addresses cannot grow it without limit)', () => {
    const l = createLoginLimiter({ attempts: 1, windowMs: 60_000, maxClients: 100 });
    for (let i = 0; i < 10_000; i++) l.fail(`10.0.${i >> 8}.${i & 255}`);
    let blocked = 0;
    for (let i = 0; i < 10_000; i++) if (l.blockedFor(`10.0.${i >> 8}.${i & 255}`) > 0) blocked++;
    expect(blocked).toBeLessThanOrEqual(100);
    expect(l.blockedFor('10.0.39.15')).toBeGreaterThan(0); // the newest is still tracked
  });
});
