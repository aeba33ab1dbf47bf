// Meta-tests: the registry, the scraper folders and the simulator stay in step, and every error
// code a user can meet is documented in the README.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { scrapers } from '../../../src/scrapers/registry.js';
import { PLATFORMS } from '../../../src/scrapers/types.js';
import { SIMULATED_PLATFORMS } from '../../../src/sim/index.js';
import { ERRORS } from '../../../src/errors.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dirs = (p: string): string[] => readdirSync(root + p).filter((f) => statSync(`${root}${p}/${f}`).isDirectory());

describe('platform layout', () => {
  it('registry ⇔ scraper folders ⇔ PLATFORMS', () => {
    expect([...scrapers.keys()].sort()).toEqual(dirs('src/scrapers').sort());
    expect([...PLATFORMS].sort()).toEqual([...scrapers.keys()].sort());
  });

  it('every registered platform has a simulator folder', () => {
    expect(Object.keys(SIMULATED_PLATFORMS).sort()).toEqual([...scrapers.keys()].sort());
    const simDirs = dirs('src/sim');
    for (const folder of Object.values(SIMULATED_PLATFORMS)) expect(simDirs).toContain(folder);
  });

  it('every scraper folder has the files of the house style and a README', () => {
    for (const p of scrapers.keys()) {
      const files = readdirSync(`${root}src/scrapers/${p}`);
      expect(files, p).toContain('index.ts');
      expect(files, p).toContain('README.md');
    }
  });
});

describe('README', () => {
  const readme = readFileSync(root + 'README.md', 'utf8');
  it('documents every error code', () => {
    const undocumented = Object.keys(ERRORS).filter((code) => !readme.includes(code));
    expect(undocumented).toEqual([]);
  });
  it('names the two commands', () => {
    expect(readme).toContain('make demo');
    expect(readme).toContain('make test');
  });
});
