import { describe, it, expect } from 'vitest';
import { assertPublicUrl, isPrivateAddress, embeddedIPv4 } from '../../../src/capture/net-guard.js';
import { isVigilError } from '../../../src/errors.js';

const code = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return isVigilError(e) ? e.code : 'other';
  }
};
const fakeDns = (map: Record<string, string[]>) => async (h: string) => (map[h] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('isPrivateAddress', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fe80::1', 'fd00::5', '::ffff:127.0.0.1', '::ffff:7f00:1', '64:ff9b::a00:1', '2002:c0a8:0101::1', '224.0.0.1', 'not-an-ip'])(
    '%s is private',
    (ip) => expect(isPrivateAddress(ip)).toBe(true),
  );
  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '2606:4700:4700::1111', '::ffff:8.8.8.8', '149.154.167.99'])('%s is public', (ip) =>
    expect(isPrivateAddress(ip)).toBe(false),
  );
  it('extracts IPv4 from 6to4', () => expect(embeddedIPv4('2002:0808:0808::1')).toBe('8.8.8.8'));
});

describe('assertPublicUrl', () => {
  const lookup = fakeDns({ 'public.example': ['93.184.216.34'], 'rebind.example': ['93.184.216.34', '10.0.0.7'], 'v6.example': ['::1'] });
  it('refuses non-http schemes even when private addresses are allowed', async () => {
    expect(await code(assertPublicUrl('file:///etc/passwd', { allowPrivate: true }))).toBe('VGL_FETCH_UNSUPPORTED_SCHEME');
    expect(await code(assertPublicUrl('javascript:alert(1)', { allowPrivate: true }))).toBe('VGL_FETCH_UNSUPPORTED_SCHEME');
    expect(await code(assertPublicUrl('not a url', { allowPrivate: true }))).toBe('VGL_FETCH_UNSUPPORTED_SCHEME');
  });
  it('refuses private literals, localhost and names resolving to any private address', async () => {
    for (const u of ['http://127.0.0.1:8080/', 'http://[::1]/', 'http://2130706433/', 'http://localhost/', 'http://a.localhost/', 'http://rebind.example/', 'https://v6.example/']) {
      expect(await code(assertPublicUrl(u, { allowPrivate: false, lookup })), u).toBe('VGL_FETCH_BLOCKED_ADDRESS');
    }
  });
  it('accepts public hosts, and private ones when allowed', async () => {
    expect((await assertPublicUrl('https://public.example/x', { allowPrivate: false, lookup })).hostname).toBe('public.example');
    expect(await code(assertPublicUrl('http://127.0.0.1/', { allowPrivate: true }))).toBe('ok');
  });
  it('reports unresolvable hosts as a retryable fetch failure, not a block', async () => {
    expect(await code(assertPublicUrl('http://nx.example/', { allowPrivate: false, lookup }))).toBe('VGL_FETCH_FAILED');
  });
});
