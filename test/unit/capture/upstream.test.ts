import { describe, it, expect } from 'vitest';
import { attributeAddress, originKey, pickAddress, settleAddresses, type Upstream } from '../../../src/capture/upstream.js';

const up = (x: Partial<Upstream>): Upstream => ({ kind: 'tunnel', host: 'a.example', port: 443, address: '203.0.113.1', family: 4, start: 1000, ...x });

describe('upstream attribution (which address a response came from)', () => {
  it('keys origins like the proxy does', () => {
    expect(originKey('https://A.example/x')).toBe('a.example:443');
    expect(originKey('http://a.example:8080/x')).toBe('a.example:8080');
    expect(originKey('http://[2001:db8::1]/')).toBe('[2001:db8::1]:80');
    expect(originKey('data:text/plain,x')).toBeNull();
  });

  it('one address for the origin settles it; plain HTTP and tunnels are told apart', () => {
    const log = [up({}), up({ kind: 'http', port: 80, address: '198.51.100.7', url: 'http://a.example/p' })];
    expect(attributeAddress('https://a.example/x', 1100, 1200, log)).toEqual({ address: '203.0.113.1' });
    expect(attributeAddress('http://a.example/p', 1100, 1200, log)).toEqual({ address: '198.51.100.7' });
    expect(attributeAddress('https://b.example/x', 1100, 1200, log)).toBeNull();
  });

  it('several addresses: the exact URL, then the time window decide; otherwise it stays unknown', () => {
    const log = [
      up({ address: '203.0.113.1', start: 1000, end: 2000 }),
      up({ address: '203.0.113.2', start: 3000 }),
      up({ kind: 'http', port: 80, url: 'http://a.example/1', address: '203.0.113.1', start: 1000, end: 1100 }),
      up({ kind: 'http', port: 80, url: 'http://a.example/2', address: '203.0.113.2', start: 1000, end: 1100 }),
    ];
    expect(attributeAddress('https://a.example/x', 1200, 1300, log)).toEqual({ address: '203.0.113.1' });
    expect(attributeAddress('https://a.example/x', 3500, 3600, log)).toEqual({ address: '203.0.113.2' });
    expect(attributeAddress('http://a.example/2', 1000, 1100, log)).toEqual({ address: '203.0.113.2' });
    // Both tunnels were open: no guess.
    const overlapping = [up({ address: '203.0.113.1', start: 1000 }), up({ address: '203.0.113.2', start: 1000 })];
    expect(attributeAddress('https://a.example/x', 1200, 1300, overlapping)).toEqual({ candidates: ['203.0.113.1', '203.0.113.2'] });
  });

  it('settles exchanges: the proxy log for what came through the proxy, never the proxy address itself', () => {
    const proxy = { address: '127.0.0.1', port: 40000 };
    const log = [up({})];
    const { exchanges, unattributed } = settleAddresses(
      [
        { url: 'https://a.example/1', serverAddr: { ipAddress: '127.0.0.1', port: 40000 }, startMs: 1100, endMs: 1200 },
        { url: 'https://a.example/2' }, // served from memory cache: no server address
        { url: 'https://b.example/3', serverAddr: { ipAddress: '127.0.0.1', port: 40000 } }, // not in the log
        { url: 'https://c.example/4', serverAddr: { ipAddress: '192.0.2.9', port: 443 } }, // connected there itself
        { url: 'https://d.example/5', ipAddress: '192.0.2.10' }, // measured on its own socket
      ],
      log,
      proxy,
    );
    expect(exchanges.map((x) => x.ipAddress)).toEqual(['203.0.113.1', '203.0.113.1', undefined, '192.0.2.9', '192.0.2.10']);
    expect(unattributed).toEqual([{ url: 'https://b.example/3', candidates: [] }]);
  });

  it('prefers the address already used while the fresh, checked answer still offers it', () => {
    const a = { address: '203.0.113.1' };
    const b = { address: '203.0.113.2' };
    expect(pickAddress([b, a], '203.0.113.1')).toBe(a);
    expect(pickAddress([b, a], undefined)).toBe(b);
    expect(pickAddress([b], '203.0.113.1')).toBe(b); // DNS moved on: the new answer, checked
  });
});
