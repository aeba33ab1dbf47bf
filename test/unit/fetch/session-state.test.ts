import { describe, expect, it } from 'vitest';
import { parseStorageState, sessionCookies } from '../../../src/fetch/session-state.js';
import { isVigilError } from '../../../src/errors.js';

const state = parseStorageState(
  JSON.stringify({
    cookies: [
      { name: 'auth_token', value: 'SECRET1', domain: '.x.com', path: '/', expires: -1, httpOnly: true, secure: true, sameSite: 'None' },
      { name: 'ct0', value: 'csrf', domain: '.x.com', path: '/', expires: 4102444800, httpOnly: false, secure: true },
      { name: 'old', value: 'gone', domain: '.x.com', path: '/', expires: 1000, httpOnly: false, secure: false },
      { name: 'api_only', value: 'p', domain: 'x.com', path: '/i/api', expires: -1, httpOnly: false, secure: false },
    ],
    origins: [{ origin: 'https://x.com', localStorage: [{ name: 'k', value: 'v' }] }],
  }),
  'x.json',
);

describe('sessionCookies', () => {
  const s = sessionCookies(state);
  it('matches the real domain by domain, path, secure and expiry (tough-cookie)', () => {
    expect(s.header('https://x.com/i/api/graphql/a/UserTweets')).toBe('auth_token=SECRET1; ct0=csrf; api_only=p');
    expect(s.header('https://api.x.com/home')).toBe('auth_token=SECRET1; ct0=csrf');
    expect(s.header('https://x.com/home')).not.toContain('api_only');
    // Secure cookies never over plain HTTP to a real host.
    expect(s.header('http://x.com/i/api/x')).toBe('api_only=p');
  });
  it('another host (the simulator, a mirror) is matched as the session domain; loopback http keeps Secure cookies', () => {
    expect(s.home).toBe('x.com');
    expect(s.header('http://127.0.0.1:4000/i/api/graphql/a/UserTweets')).toBe('auth_token=SECRET1; ct0=csrf; api_only=p');
    expect(s.header('http://sim.example:4000/i/api/q')).toBe('api_only=p');
  });
  it('expired cookies are left out at the given time', () => {
    expect(s.header('https://x.com/', new Date(500_000))).toContain('old=gone');
    expect(s.header('https://x.com/')).not.toContain('old=gone');
  });
  it('browser contexts get the cookies rewritten onto the page host', () => {
    const b = s.forBrowser('http://127.0.0.1:4000/home');
    expect(b.cookies.every((c) => c.domain === '127.0.0.1')).toBe(true);
    expect(b.origins[0].origin).toBe('http://127.0.0.1:4000');
  });
});

describe('parseStorageState', () => {
  it('names the file and problem, never a value', () => {
    for (const bad of ['not json', '{"cookies":[{"name":"a"}]}', '{"cookies":[]}']) {
      try {
        parseStorageState(bad, 'sess.json');
        expect.unreachable();
      } catch (e) {
        expect(isVigilError(e, 'VGL_CONFIG_INVALID')).toBe(true);
        expect((e as Error).message).toContain('sess.json');
      }
    }
  });
});
