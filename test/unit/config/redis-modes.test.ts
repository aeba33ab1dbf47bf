// Redis engines in the config: one of url / cluster / sentinel; a cluster needs a hash-tagged prefix.
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../../src/config/index.js';
import { isVigilError } from '../../../src/errors.js';
import { describeRedis, isExternalRedis } from '../../../src/app/redis-client.js';

const load = (redis: Record<string, unknown>) => loadSettings({ env: {}, overrides: { redis } });
const problem = (redis: Record<string, unknown>): string => {
  try {
    load(redis);
  } catch (e) {
    if (isVigilError(e, 'VGL_CONFIG_INVALID')) return e.message;
    throw e;
  }
  throw new Error('expected VGL_CONFIG_INVALID');
};

describe('redis config', () => {
  it('refuses a cluster without a hash-tagged prefix, with the fix in the message', () => {
    expect(problem({ cluster: ['redis://10.0.0.1:6379'] })).toMatch(/redis\.prefix.*"\{vigil\}"/s);
    const ok = load({ cluster: ['redis://10.0.0.1:6379', 'redis://10.0.0.2:6379'], prefix: '{vigil}' });
    expect(ok.redis.prefix).toBe('{vigil}');
    expect(isExternalRedis(ok.redis)).toBe(true);
    expect(describeRedis(ok.redis)).toBe('redis-cluster://10.0.0.1:6379,10.0.0.2:6379');
  });

  it('takes sentinel nodes as host:port and never prints the password', () => {
    const s = load({ sentinel: { name: 'mymaster', nodes: ['10.0.0.1:26379', 'sentinel-b:26379'], password: 'hunter2' } });
    expect(isExternalRedis(s.redis)).toBe(true);
    expect(describeRedis(s.redis)).toBe('redis-sentinel://10.0.0.1:26379,sentinel-b:26379/mymaster');
    expect(problem({ sentinel: { name: 'm', nodes: ['no-port'] } })).toMatch(/redis\.sentinel\.nodes\[0\]: host:port/);
  });

  it('refuses two engines at once, and keeps the single-node default', () => {
    expect(problem({ url: 'redis://127.0.0.1:6379', cluster: ['redis://127.0.0.1:7000'], prefix: '{v}' })).toMatch(/only one of redis\.url, redis\.cluster and redis\.sentinel/);
    const d = load({});
    expect(isExternalRedis(d.redis)).toBe(false);
    expect(d.redis.prefix).toBe('vigil');
  });
});
