import { describe, expect, it } from 'vitest';
import { SettingsSchema } from '../../../src/config/schema.js';

const issues = (input: object): string[] => {
  const r = SettingsSchema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('network.vantages, sessions, targets[].vantages', () => {
  it('defaults to one direct vantage and no sessions', () => {
    const s = SettingsSchema.parse({});
    expect(s.network.vantages).toEqual([{ id: 'direct' }]);
    expect(s.sessions).toEqual([]);
  });
  it('accepts http/socks proxies with countries (upper-cased)', () => {
    const s = SettingsSchema.parse({ network: { vantages: [{ id: 'de-1', proxy: 'http://u:p@10.0.0.5:3128', country: 'de' }, { id: 'kz-1', proxy: 'socks5://127.0.0.3:1080', country: 'KZ' }] } });
    expect(s.network.vantages.map((v) => v.country)).toEqual(['DE', 'KZ']);
  });
  it('refuses duplicate ids, bad proxies, bad countries, an empty list', () => {
    expect(issues({ network: { vantages: [{ id: 'a' }, { id: 'a' }] } }).join()).toContain('duplicate vantage id');
    expect(issues({ network: { vantages: [{ id: 'a', proxy: 'ftp://x:1' }] } }).join()).toContain('proxy URL');
    expect(issues({ network: { vantages: [{ id: 'a', country: 'Germany' }] } }).join()).toContain('ISO 3166');
    expect(issues({ network: { vantages: [] } }).join()).toContain('at least one vantage');
  });
  it('a target naming an unconfigured vantage, a session of an unknown platform: clear errors', () => {
    expect(issues({ targets: [{ id: 't', spec: 'telegram:durov', vantages: ['kz-1'] }] }).join()).toContain('targets.0.vantages: "kz-1" is not a configured vantage');
    expect(issues({ sessions: [{ platform: 'myspace', label: 'a', storageState: 'a.json' }] }).join()).toContain('sessions.0.platform: "myspace" is not a registered platform');
    expect(issues({ sessions: [{ platform: 'x', label: 'a', storageState: 'a.json' }, { platform: 'x', label: 'a', storageState: 'b.json' }] }).join()).toContain('duplicate session label');
  });
});
