// integrity.trustedKeys: fingerprints as people paste them are normalized; anything else stops
// start-up with the key named (a pin that silently fails to parse would un-pin the verifier).
import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../../src/config/index.js';
import { normalizeFingerprint } from '../../../src/config/fingerprint.js';

const fp = '3F2A'.repeat(16);

describe('integrity.trustedKeys', () => {
  it('defaults to no pins and normalizes hex, "sha256:" and colon-separated forms', () => {
    expect(loadSettings({ env: {} }).integrity.trustedKeys).toEqual([]);
    const colons = fp.match(/../g)!.join(':');
    const s = loadSettings({ env: {}, overrides: { integrity: { trustedKeys: [fp, `sha256:${fp}`, colons] } } });
    expect(s.integrity.trustedKeys).toEqual([fp.toLowerCase(), fp.toLowerCase(), fp.toLowerCase()]);
    expect(normalizeFingerprint(` ${fp}\n`)).toBe(fp.toLowerCase());
  });

  it('refuses what is not a SHA-256 fingerprint, naming the key', () => {
    expect(() => loadSettings({ env: {}, overrides: { integrity: { trustedKeys: ['abc'] } } })).toThrow(/integrity\.trustedKeys\[0\]: "abc" is not a SHA-256 fingerprint/);
    expect(normalizeFingerprint(fp + '00')).toBeNull();
  });
});
