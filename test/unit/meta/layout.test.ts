// Meta-tests: a platform is one folder. Adding one touches its folder (src/scrapers/<p>/), its entry
// in the registry (src/scrapers/registry.ts), its simulator (src/sim/<p>/ + its line in
// src/sim/index.ts), its fixtures (test/fixtures/<p>/) and its tests, nothing else. These tests keep
// that true: nothing but the registry reaches into a platform folder, and the code that serves every
// platform (workers, detection, archive, catalog, API, CLI, config, fetch) never names one. Also:
// every error code a user can meet is documented in the README.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { PLATFORMS, scrapers } from '../../../src/scrapers/registry.js';
import { SIMULATED_PLATFORMS } from '../../../src/sim/index.js';
import { ERRORS } from '../../../src/errors.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const dirs = (p: string): string[] => readdirSync(root + p).filter((f) => statSync(`${root}${p}/${f}`).isDirectory());
const tsFiles = (dir: string): string[] =>
  readdirSync(root + dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? tsFiles(`${dir}/${e.name}`) : e.name.endsWith('.ts') ? [`${dir}/${e.name}`] : []));
const source = (file: string): ts.SourceFile => ts.createSourceFile(file, readFileSync(root + file, 'utf8'), ts.ScriptTarget.Latest, true);

/** Module specifiers a file imports or re-exports (static and dynamic). */
function importsOf(sf: ts.SourceFile): string[] {
  const out: string[] = [];
  const visit = (n: ts.Node): void => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier && ts.isStringLiteral(n.moduleSpecifier)) out.push(n.moduleSpecifier.text);
    if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword && n.arguments[0] && ts.isStringLiteral(n.arguments[0])) out.push(n.arguments[0].text);
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

/** Every string literal (and template text) of a file, with its line. */
function stringsOf(sf: ts.SourceFile): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  const visit = (n: ts.Node): void => {
    if (ts.isStringLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n)) {
      out.push({ text: n.text, line: sf.getLineAndCharacterOfPosition(n.getStart()).line + 1 });
    }
    ts.forEachChild(n, visit);
  };
  visit(sf);
  return out;
}

/** A literal that names a platform: the name itself, or a spec of it (`telegram:durov`). */
const namesPlatform = (text: string, p: string): boolean => text === p || new RegExp(`(^|[^A-Za-z0-9_.-])${p}:`).test(text);

// Literals equal to a platform name that mean something else. 'web' is also the name of a process
// role (`vigil run --role web`).
const NOT_A_PLATFORM: Record<string, string[]> = {
  'src/cli/commands/run.ts': ['web'],
  'src/cli/commands/demo.ts': ['web'],
  'src/archive/ledger/tiles.ts': ['x'], // C2SP tile paths: x001/x234/067
};

const GENERIC = ['workers', 'detect', 'archive', 'catalog', 'api', 'cli', 'config', 'fetch'];

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
      expect(files, p).toContain('settings.ts');
      expect(files, p).toContain('README.md');
    }
  });

  it('every scraper answers the whole interface under its own name', () => {
    for (const [p, s] of scrapers) {
      expect(s.platform).toBe(p);
      expect(s.displayName.length, p).toBeGreaterThan(0);
      expect(s.examples.length, p).toBeGreaterThan(0);
      for (const e of s.examples) expect(s.match(e)?.platform, `${p}: example ${e}`).toBe(p);
      expect(['range', 'feed']).toContain(s.listingModel);
      // A feed platform confirms through item pages; a range platform walking older pages says how.
      if (s.listingModel === 'feed') expect(typeof s.planItem === 'function' && typeof s.parseItem === 'function', p).toBe(true);
      expect(() => s.settings.parse({}), p).not.toThrow();
    }
  });

  it('nothing outside a platform folder imports from it, except the registry (src/sim and tests may)', () => {
    const platformDirs = new Set(dirs('src/scrapers').map((p) => resolve(root, 'src/scrapers', p)));
    const bad: string[] = [];
    for (const file of tsFiles('src')) {
      if (file.startsWith('src/sim/') || file === 'src/scrapers/registry.ts') continue;
      for (const spec of importsOf(source(file))) {
        if (!spec.startsWith('.')) continue;
        const target = resolve(root, dirname(file), spec);
        for (const d of platformDirs) {
          const own = resolve(root, file).startsWith(d + '/');
          if (!own && (target === d || target.startsWith(d + '/'))) bad.push(`${file} imports ${relative(root, target)}`);
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it(`src/{${GENERIC.join(',')}} never name a platform in a string literal`, () => {
    const bad: string[] = [];
    for (const dir of GENERIC) {
      for (const file of tsFiles(`src/${dir}`)) {
        for (const s of stringsOf(source(file))) {
          for (const p of scrapers.keys()) {
            if (namesPlatform(s.text, p) && !(NOT_A_PLATFORM[file] ?? []).includes(s.text)) bad.push(`${file}:${s.line} ${JSON.stringify(s.text)}`);
          }
        }
      }
    }
    expect(bad).toEqual([]);
  });

  it('the literal scan finds a platform name, a spec and a comparison, not look-alikes', () => {
    const sf = ts.createSourceFile('x.ts', "if (o.platform === 'telegram') f(`telegram:${n}`, 'e.g. telegram:durov'); g('telegrams', 'web page', 'https://t.me/x');", ts.ScriptTarget.Latest, true);
    const hits = stringsOf(sf).filter((s) => namesPlatform(s.text, 'telegram')).map((s) => s.text);
    expect(hits).toEqual(['telegram', 'telegram:', 'e.g. telegram:durov']);
    expect(stringsOf(sf).some((s) => namesPlatform(s.text, 'web'))).toBe(false);
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

  it('"Adding a platform" names every place to touch and every member of the Scraper interface', () => {
    const start = readme.indexOf('## Adding a platform');
    expect(start).toBeGreaterThanOrEqual(0);
    const next = readme.indexOf('\n## ', start + 1);
    const section = readme.slice(start, next < 0 ? undefined : next);
    for (const place of ['src/scrapers/<name>/', 'src/scrapers/registry.ts', 'src/sim/<name>/', 'src/sim/index.ts', 'test/fixtures/<name>/', 'PROVENANCE.md', 'describeScraper']) {
      expect(section, place).toContain(place);
    }
    const types = source('src/scrapers/types.ts');
    const scraper = types.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'Scraper');
    const members = (scraper?.members ?? []).map((m) => (m.name && ts.isIdentifier(m.name) ? m.name.text : '')).filter(Boolean);
    expect(members.length).toBeGreaterThan(10);
    for (const m of members) expect(section, `member ${m}`).toContain(`\`${m}`);
  });
});
