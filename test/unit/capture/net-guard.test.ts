import { describe, it, expect } from 'vitest';
import { assertPublicUrl, checkAtDoor, guardedLookup, isPrivateAddress, embeddedIPv4, resolveAllowed } from '../../../src/capture/net-guard.js';
import { addressPolicy, ipv6Groups, isAllowedAddress, isLocalhostName, parseAllowEntry } from '../../../src/capture/address.js';
import { isVigilError } from '../../../src/errors.js';

const code = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
    return 'ok';
  } catch (e) {
    return isVigilError(e) ? e.code : 'other';
  }
};
const fakeDns = (map: Record<string, string[]>) => async (h: string) => {
  if (!(h in map)) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${h}`), { code: 'ENOTFOUND' });
  return map[h].map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

describe('isPrivateAddress', () => {
  it.each([
    '127.0.0.1', '127.255.255.254', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '0.1.2.3', '224.0.0.1', '255.255.255.255',
    '::1', '::', '0:0:0:0:0:0:0:1', 'fe80::1', 'fd00::5', 'fc00::1', 'ff02::1', '2001:db8::1', '100::1',
    '::ffff:127.0.0.1', '::ffff:7f00:1', '::FFFF:7F00:0001', '::ffff:169.254.169.254', '::ffff:0:7f00:1', // mapped, translated
    '::127.0.0.1', '::7f00:1', '::8.8.8.8', // IPv4-compatible ::/96 (deprecated): all refused
    '64:ff9b::a00:1', '64:ff9b::127.0.0.1', '64:ff9b:1::1', '64:ff9b:1::808:808', // NAT64 well-known with private v4, local-use /48
    '2001::1', '2001:0:4136:e378:8000:63bf:3fff:fdd2', // Teredo
    '2002:c0a8:0101::1', '2002:7f00:1::1', // 6to4 of private/loopback
    '[::1]', 'fe80::1%eth0', 'not-an-ip', '',
  ])('%s is private', (ip) => expect(isPrivateAddress(ip)).toBe(true));
  it.each(['8.8.8.8', '1.1.1.1', '172.32.0.1', '149.154.167.99', '2606:4700:4700::1111', '::ffff:8.8.8.8', '64:ff9b::808:808', '2002:808:808::1', '2a00:1450:4001:80b::200e'])(
    '%s is public',
    (ip) => expect(isPrivateAddress(ip)).toBe(false),
  );
  it('finds the IPv4 inside IPv6 in every form that reaches it', () => {
    expect(embeddedIPv4('2002:0808:0808::1')).toBe('8.8.8.8');
    expect(embeddedIPv4('::ffff:7f00:1')).toBe('127.0.0.1');
    expect(embeddedIPv4('::ffff:0:7f00:1')).toBe('127.0.0.1');
    expect(embeddedIPv4('64:ff9b::127.0.0.1')).toBe('127.0.0.1');
    expect(embeddedIPv4('::127.0.0.1')).toBe('127.0.0.1');
    expect(embeddedIPv4('2606:4700::1')).toBeNull();
    expect(ipv6Groups('1:2::7:8')).toEqual([1, 2, 0, 0, 0, 0, 7, 8]);
    expect(ipv6Groups('::ffff:1.2.3.4')).toEqual([0, 0, 0, 0, 0, 0xffff, 0x102, 0x304]);
    expect(ipv6Groups('1.2.3.4')).toBeNull();
  });
});

describe('allow-list (network.allowPrivate: [...])', () => {
  const policy = addressPolicy(['127.0.0.2/31', 'fd00::7']);
  it('allows exactly the listed addresses and ranges, and every public address', () => {
    for (const ip of ['127.0.0.2', '127.0.0.3', '::ffff:127.0.0.2', 'fd00::7', '8.8.8.8']) expect(isAllowedAddress(ip, policy), ip).toBe(true);
    for (const ip of ['127.0.0.1', '127.0.0.4', '::1', '::127.0.0.2', '64:ff9b::127.0.0.2', 'fd00::8', '169.254.169.254', '0.0.0.0']) expect(isAllowedAddress(ip, policy), ip).toBe(false);
  });
  it('parses entries and rejects what is not an address or range', () => {
    expect(parseAllowEntry('127.0.0.2/31')).toEqual({ address: '127.0.0.2', prefix: 31, family: 'ipv4' });
    expect(parseAllowEntry('::1')).toEqual({ address: '::1', prefix: 128, family: 'ipv6' });
    for (const bad of ['127.0.0.2/33', 'sim.local', '127.0.0.2/', '/8', '::1/129', '']) expect(parseAllowEntry(bad), bad).toBeNull();
    expect(() => addressPolicy(['nope'])).toThrow(/not an IP address or CIDR range/);
  });
  it('applies to URLs: the listed address passes, loopback and localhost names stay refused', async () => {
    const lookup = fakeDns({ 'sim.test': ['127.0.0.2'], 'mixed.test': ['127.0.0.2', '127.0.0.1'] });
    const opts = { allowPrivate: ['127.0.0.2/31'], lookup };
    expect(await code(assertPublicUrl('http://127.0.0.2:8080/x', opts))).toBe('ok');
    expect(await code(assertPublicUrl('http://sim.test:8080/x', opts))).toBe('ok');
    for (const u of ['http://127.0.0.1/', 'http://127.1/', 'http://mixed.test/', 'http://localhost./', 'http://localhost:8080/', 'http://[::1]/']) {
      expect(await code(assertPublicUrl(u, opts)), u).toBe('VGL_FETCH_BLOCKED_ADDRESS');
    }
  });
});

describe('assertPublicUrl', () => {
  const lookup = fakeDns({ 'public.example': ['93.184.216.34'], 'rebind.example': ['93.184.216.34', '10.0.0.7'], 'v6.example': ['::1'], 'nat64.example': ['64:ff9b::7f00:1'] });
  it('refuses non-http schemes even when private addresses are allowed', async () => {
    expect(await code(assertPublicUrl('file:///etc/passwd', { allowPrivate: true }))).toBe('VGL_FETCH_UNSUPPORTED_SCHEME');
    expect(await code(assertPublicUrl('javascript:alert(1)', { allowPrivate: true }))).toBe('VGL_FETCH_UNSUPPORTED_SCHEME');
    expect(await code(assertPublicUrl('not a url', { allowPrivate: true }))).toBe('VGL_FETCH_UNSUPPORTED_SCHEME');
  });
  it.each([
    'http://127.0.0.1:8080/', 'http://127.0.0.1./', 'http://[::1]/', 'http://2130706433/', 'http://0x7f.1/', 'http://0x7f000001/', 'http://017700000001/', 'http://0177.0.0.1/', 'http://127.1/',
    'http://0/', 'http://0.0.0.0:8080/', 'http://[::ffff:7f00:1]/', 'http://[::ffff:127.0.0.1]/', 'http://[::127.0.0.1]/', 'http://[0:0:0:0:0:0:0:1]/', 'http://[64:ff9b::127.0.0.1]/',
    'http://[64:ff9b:1::1]/', 'http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/', 'http://[2002:7f00:1::1]/', 'http://[fe80::1]/', 'http://169.254.169.254/latest/meta-data/', 'http://[::ffff:a9fe:a9fe]/',
    'http://localhost/', 'http://LOCALHOST./', 'http://localhost.:8080/', 'http://a.localhost/', 'http://a.b.localhost./', 'http://rebind.example/', 'https://v6.example/', 'http://nat64.example/',
    'http://user:pw@127.0.0.1/', 'HTTP://127.0.0.1/',
  ])('refuses %s', async (u) => {
    expect(await code(assertPublicUrl(u, { allowPrivate: false, lookup }))).toBe('VGL_FETCH_BLOCKED_ADDRESS');
  });
  it('accepts public hosts, and private ones when allowed', async () => {
    expect((await assertPublicUrl('https://public.example/x', { allowPrivate: false, lookup })).hostname).toBe('public.example');
    expect(await code(assertPublicUrl('http://127.0.0.1/', { allowPrivate: true }))).toBe('ok');
  });
  it('refuses a host that does not resolve (a failed lookup is never a pass), as a retryable fetch failure', async () => {
    expect(await code(assertPublicUrl('http://nx.example/', { allowPrivate: false, lookup }))).toBe('VGL_FETCH_FAILED');
    expect(await code(resolveAllowed('nx.example', { allowPrivate: ['127.0.0.2'], lookup }))).toBe('VGL_FETCH_FAILED');
    expect(await code(resolveAllowed('empty.example', { allowPrivate: false, lookup: async () => [] }))).toBe('VGL_FETCH_FAILED');
  });
  it('knows the names that always mean this machine', () => {
    for (const h of ['localhost', 'LocalHost.', 'x.localhost', 'x.localhost..', '']) expect(isLocalhostName(h), h).toBe(true);
    for (const h of ['localhost.example', 'notlocalhost', 'example.com']) expect(isLocalhostName(h), h).toBe(false);
  });
});

describe('checkAtDoor', () => {
  const lookup = fakeDns({ 'inside.example': ['10.0.0.1'] });
  it('refuses private hosts at once and lets a name that does not resolve right now through', async () => {
    expect(await code(checkAtDoor('http://127.0.0.1:8080/', { allowPrivate: false, lookup }))).toBe('VGL_FETCH_BLOCKED_ADDRESS');
    expect(await code(checkAtDoor('http://inside.example/', { allowPrivate: false, lookup }))).toBe('VGL_FETCH_BLOCKED_ADDRESS');
    expect(await code(checkAtDoor('ftp://example.org/', { allowPrivate: false, lookup }))).toBe('VGL_FETCH_UNSUPPORTED_SCHEME');
    expect(await code(checkAtDoor('http://nx.example/', { allowPrivate: false, lookup }))).toBe('ok');
  });
});

describe('guardedLookup (what a socket connects to)', () => {
  const call = (fn: ReturnType<typeof guardedLookup>, host: string, options: object) =>
    new Promise<{ err: Error | null; a?: unknown; f?: number }>((resolve) => (fn as unknown as (h: string, o: object, cb: (err: Error | null, a?: unknown, f?: number) => void) => void)(host, options, (err, a, f) => resolve({ err, a, f })));
  it('answers with checked addresses only, in both callback shapes', async () => {
    let n = 0;
    const rebinding = async () => (n++ === 0 ? [{ address: '93.184.216.34', family: 4 }] : [{ address: '127.0.0.1', family: 4 }]);
    const fn = guardedLookup({ allowPrivate: false, lookup: rebinding });
    expect(await call(fn, 'rebind.test', {})).toEqual({ err: null, a: '93.184.216.34', f: 4 });
    const second = await call(fn, 'rebind.test', { all: true });
    expect(isVigilError(second.err, 'VGL_FETCH_BLOCKED_ADDRESS')).toBe(true);
    const all = guardedLookup({ allowPrivate: false, lookup: async () => [{ address: '93.184.216.34', family: 4 }, { address: '2606:4700::1', family: 6 }] });
    expect((await call(all, 'x.test', { all: true })).a).toEqual([{ address: '93.184.216.34', family: 4 }, { address: '2606:4700::1', family: 6 }]);
    expect(await call(all, 'x.test', { family: 6 })).toEqual({ err: null, a: '2606:4700::1', f: 6 });
  });
});
