import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSettings } from '../../../src/config/index.js';
import { VigilError } from '../../../src/errors.js';

function yamlFile(text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'vigil-cfg-'));
  const f = join(dir, 'c.yaml');
  writeFileSync(f, text);
  return f;
}

function errorOf(fn: () => unknown): VigilError {
  try {
    fn();
  } catch (e) {
    if (e instanceof VigilError) return e;
    throw e;
  }
  throw new Error('expected a VigilError');
}

describe('loadSettings', () => {
  it('applies defaults from config/default.yaml and the schema', () => {
    const s = loadSettings({ env: {} });
    expect(s.platforms.telegram.baseUrl).toBe('https://t.me');
    expect(s.detection.confirm.minSpan).toBe(120_000);
    expect(s.network.allowPrivate).toBe(false);
    expect(Object.isFrozen(s.network)).toBe(true);
  });

  it('layers file < env', () => {
    const f = yamlFile('http:\n  port: 9000\nplatforms:\n  telegram:\n    baseUrl: http://127.0.0.1:1234\n');
    const s = loadSettings({ configFile: f, env: { VIGIL_HTTP_PORT: '9100', VIGIL_ALLOW_PRIVATE_NETWORK: '1', VIGIL_S3_BUCKET: 'evidence' } });
    expect(s.http.port).toBe(9100);
    expect(s.platforms.telegram.baseUrl).toBe('http://127.0.0.1:1234');
    expect(s.network.allowPrivate).toBe(true);
    expect(s.s3.bucket).toBe('evidence');
  });

  it('parses targets with durations', () => {
    const f = yamlFile('targets:\n  - id: viasna\n    spec: telegram:viasna96\n    every: 90s\n    tags: [hr]\n');
    const s = loadSettings({ configFile: f, env: {} });
    expect(s.targets[0]).toEqual({ id: 'viasna', spec: 'telegram:viasna96', every: 90_000, tags: ['hr'] });
  });

  it('rejects unknown keys, naming them', () => {
    const f = yamlFile('network:\n  allowPrivat: true\n');
    const e = errorOf(() => loadSettings({ configFile: f, env: {} }));
    expect(e.code).toBe('VGL_CONFIG_INVALID');
    expect(e.message).toContain('network: unknown key(s) "allowPrivat"');
  });

  it('platforms.<name> comes from each scraper: its defaults, its strict keys, its env variables', () => {
    const s = loadSettings({ env: {} });
    expect(s.platforms.telegram).toEqual({ baseUrl: 'https://t.me', rescanPages: 1, sweepPagesPerPoll: 1, backfillMaxPages: 0, interactionsPerPoll: 0, commentsLimit: 50 });
    expect(s.platforms.vk).toEqual({ baseUrl: 'https://m.vk.com', rescanPages: 2, backfillMaxPages: 20, capturePosts: false, interactionsPerPoll: 0 });
    expect(loadSettings({ env: { VIGIL_VK_BASE_URL: 'http://127.0.0.1:4200' } }).platforms.vk.baseUrl).toBe('http://127.0.0.1:4200');
    expect(s.platforms.rss).toEqual({ timeout: 20_000, recheckPerPoll: 3, recheckMaxAge: 30 * 86_400_000 });
    expect(s.platforms.web).toEqual({ itemSelector: 'a', recheckPerPoll: 3, recheckMaxAge: 30 * 86_400_000 });
    expect(loadSettings({ env: { VIGIL_TELEGRAM_BASE_URL: 'http://127.0.0.1:4100' } }).platforms.telegram.baseUrl).toBe('http://127.0.0.1:4100');
    const typo = errorOf(() => loadSettings({ configFile: yamlFile('platforms:\n  telegram:\n    rescanPage: 2\n  web:\n    recheckMaxAge: soon\n'), env: {} }));
    expect(typo.code).toBe('VGL_CONFIG_INVALID');
    expect(typo.message).toContain('platforms.telegram: unknown key(s) "rescanPage"');
    expect(typo.message).toContain('platforms.web.recheckMaxAge: not a duration');
    const unknown = errorOf(() => loadSettings({ configFile: yamlFile('platforms:\n  myspace: {}\n'), env: {} }));
    expect(unknown.message).toContain('platforms: unknown key(s) "myspace"');
  });

  it('lists every problem with its path', () => {
    const f = yamlFile('http:\n  port: -1\ntargets:\n  - spec: telegram:x\n    every: soon\n');
    const e = errorOf(() => loadSettings({ configFile: f, env: { VIGIL_HTTP_PORT: 'abc' } }));
    expect(e.message).toContain('VIGIL_HTTP_PORT: not an integer');
    expect(e.message).toContain('targets[0].every: not a duration');
  });

  it('rejects unknown VIGIL_* variables and bad booleans', () => {
    const e = errorOf(() => loadSettings({ env: { VIGIL_REDIS_URLL: 'redis://x', VIGIL_ALLOW_PRIVATE_NETWORK: 'maybe' } }));
    expect(e.message).toContain('VIGIL_REDIS_URLL: unknown setting');
    expect(e.message).toContain('VIGIL_ALLOW_PRIVATE_NETWORK: expected 1/0/true/false');
  });

  it('network.allowPrivate takes an allow-list of addresses and CIDR ranges (file and comma-separated env)', () => {
    const f = yamlFile('network:\n  allowPrivate: ["127.0.0.2/31", "fd00::1"]\n');
    expect(loadSettings({ configFile: f, env: {} }).network.allowPrivate).toEqual(['127.0.0.2/31', 'fd00::1']);
    expect(loadSettings({ env: { VIGIL_ALLOW_PRIVATE_NETWORK: '127.0.0.2/31, 10.9.0.0/16' } }).network.allowPrivate).toEqual(['127.0.0.2/31', '10.9.0.0/16']);
    expect(loadSettings({ env: { VIGIL_ALLOW_PRIVATE_NETWORK: 'no' } }).network.allowPrivate).toBe(false);
    const bad = errorOf(() => loadSettings({ configFile: yamlFile('network:\n  allowPrivate: ["127.0.0.2/33", "sim.local"]\n'), env: {} }));
    expect(bad.code).toBe('VGL_CONFIG_INVALID');
    expect(bad.message).toContain('network.allowPrivate[0]: "127.0.0.2/33" is not an IP address or CIDR range');
    expect(bad.message).toContain('network.allowPrivate[1]: "sim.local" is not an IP address or CIDR range');
    expect(errorOf(() => loadSettings({ env: { VIGIL_ALLOW_PRIVATE_NETWORK: '127.0.0.2,localhost' } })).message).toContain('VIGIL_ALLOW_PRIVATE_NETWORK: expected 1/0/true/false or comma-separated addresses/CIDR ranges');
  });

  it('reports malformed YAML and a missing file clearly', () => {
    const bad = yamlFile('http: [unclosed\n');
    expect(errorOf(() => loadSettings({ configFile: bad, env: {} })).message).toMatch(/not valid YAML/);
    expect(errorOf(() => loadSettings({ configFile: '/nonexistent/vigil.yaml', env: {} })).message).toContain('file not found');
  });
  it('an empty API token is a config error, never a silent switch to loopback mode', () => {
    const e = errorOf(() => loadSettings({ env: { VIGIL_API_TOKEN: '' } }));
    expect(e.code).toBe('VGL_CONFIG_INVALID');
    expect(e.message).toContain('VIGIL_API_TOKEN: empty');
    for (const text of ['http:\n  apiToken: ""\n', 'http:\n  apiToken: "   "\n']) {
      const f = yamlFile(text);
      const y = errorOf(() => loadSettings({ configFile: f, env: {} }));
      expect(y.message).toContain('http.apiToken: empty');
    }
    expect(loadSettings({ env: { VIGIL_API_TOKEN: 't0k' } }).http.apiToken).toBe('t0k');
    expect(loadSettings({ env: {} }).http.apiToken).toBeUndefined();
  });

  it('bounds: network.maxRetryAfter, capture.maxTotalBytes, capture.maxQueued have defaults and can be set', () => {
    const s = loadSettings({ env: {} });
    expect(s.network.maxRetryAfter).toBe(3_600_000);
    expect(s.capture.maxTotalBytes).toBeGreaterThan(s.capture.maxResponseBytes);
    expect(s.capture.maxQueued).toBe(1000);
    const f = yamlFile('network:\n  maxRetryAfter: 10m\ncapture:\n  maxQueued: 5\nhttp:\n  publicUrl: https://vigil.example.org\n');
    const t = loadSettings({ configFile: f, env: {} });
    expect(t.network.maxRetryAfter).toBe(600_000);
    expect(t.capture.maxQueued).toBe(5);
    expect(t.http.publicUrl).toBe('https://vigil.example.org');
    expect(errorOf(() => loadSettings({ env: { VIGIL_HTTP_PUBLIC_URL: 'ftp://x' } })).message).toContain('http.publicUrl');
  });

  it('capture.snapshotTimeout: 30 s by default, settable, and never under 1 s', () => {
    expect(loadSettings({ env: {} }).capture.snapshotTimeout).toBe(30_000);
    expect(loadSettings({ configFile: yamlFile('capture:\n  snapshotTimeout: 10s\n'), env: {} }).capture.snapshotTimeout).toBe(10_000);
    expect(errorOf(() => loadSettings({ configFile: yamlFile('capture:\n  snapshotTimeout: 0s\n'), env: {} })).message).toContain('capture.snapshotTimeout: at least 1s');
  });
});
