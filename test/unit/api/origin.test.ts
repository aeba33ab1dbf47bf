// Pure rules of src/api/origin.ts: allowed Host names, same-origin checks, safe `next`.
import { describe, expect, it } from 'vitest';
import { allowedHostnames, checkOrigin, hostAllowed, safeNext } from '../../../src/api/origin.js';

describe('allowed hosts', () => {
  const allowed = allowedHostnames({ host: '0.0.0.0', publicUrl: 'https://Vigil.Example.org/base', allowedHosts: ['web', '::1'] });
  it('loopback names, publicUrl host, extra names; never the wildcard bind address', () => {
    expect([...allowed].sort()).toEqual(['127.0.0.1', '[::1]', 'localhost', 'vigil.example.org', 'web']);
  });
  it('any port, exact names only', () => {
    for (const h of ['127.0.0.1', '127.0.0.1:1', 'localhost:8080', '[::1]:80', 'VIGIL.example.org', 'web:8080']) expect(hostAllowed(h, allowed), h).toBe(true);
    for (const h of [undefined, '', 'localhost.', 'localhost.:80', 'evil.example', 'a@localhost', 'localhost/x', 'localhost:80 ', '0.0.0.0:8080', '127.0.0.2']) expect(hostAllowed(h, allowed), String(h)).toBe(false);
  });
});

describe('checkOrigin', () => {
  it('same origin by Host, or exactly publicUrl; never null or another port/scheme', () => {
    expect(checkOrigin({ origin: 'http://127.0.0.1:8080', host: '127.0.0.1:8080' }).ok).toBe(true);
    expect(checkOrigin({ origin: 'http://localhost', host: 'localhost' }).ok).toBe(true);
    expect(checkOrigin({ origin: 'https://vigil.example.org', host: 'vigil.example.org', scheme: 'https' }).ok).toBe(true);
    expect(checkOrigin({ origin: 'https://vigil.example.org', host: 'vigil.example.org' }).ok).toBe(false);
    expect(checkOrigin({ origin: 'https://vigil.example.org', host: '127.0.0.1:8080' }, 'https://vigil.example.org').ok).toBe(true);
    for (const origin of ['null', 'http://evil.example', 'http://127.0.0.1:8081', 'https://127.0.0.1:8080', 'http://127.0.0.1:8080/x', 'file://', 'HTTP://127.0.0.1:8080']) {
      expect(checkOrigin({ origin, host: '127.0.0.1:8080' }).ok, origin).toBe(false);
    }
  });
  it('no Origin: non-browser clients pass; a browser saying cross-site does not', () => {
    expect(checkOrigin({ host: 'localhost' }).ok).toBe(true);
    expect(checkOrigin({ host: 'localhost', secFetchSite: 'same-origin' }).ok).toBe(true);
    expect(checkOrigin({ host: 'localhost', secFetchSite: 'none' }).ok).toBe(true);
    expect(checkOrigin({ host: 'localhost', secFetchSite: 'cross-site' }).ok).toBe(false);
    expect(checkOrigin({ host: 'localhost', secFetchSite: 'same-site' }).ok).toBe(false);
  });
});

describe('safeNext', () => {
  it('keeps same-site absolute paths', () => {
    expect(safeNext('/')).toBe('/');
    expect(safeNext('/t/topwar?x=1#p')).toBe('/t/topwar?x=1#p');
    expect(safeNext('/search?q=%D0%BC%D0%B8%D1%80')).toBe('/search?q=%D0%BC%D0%B8%D1%80');
  });
  it('refuses every form a browser could read as another site', () => {
    const bad = [undefined, '', 'evil.example', '//evil', '///evil', '/\\evil.example', '\\/evil', '/%5Cevil', '/%5cevil', '/%2F%2Fevil', '/%2f/evil',
      'https://evil', 'http:evil', 'javascript:alert(1)', '/\t/evil', '/\n/evil', '/\r/evil', '\t/evil', ' /evil', '/%09/evil', '/%0A/evil', '/%E0%A4%A', '/x\\y', '/' + 'a'.repeat(3000)];
    for (const n of bad) expect(safeNext(n), JSON.stringify(n)).toBe('/');
  });
});
