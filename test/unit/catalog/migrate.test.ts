import { describe, expect, it } from 'vitest';
import { loadMigrations, splitSql } from '../../../src/catalog/migrate.js';
import { contentKey } from '../../../src/catalog/apply.js';
import { fixturePosts } from './fixturePosts.js';

describe('migrations', () => {
  it('are numbered, ordered, and split into statements', () => {
    const ms = loadMigrations();
    expect(ms.map((m) => m.version)).toEqual([...ms.map((m) => m.version)].sort((a, b) => a - b));
    expect(ms[0]).toMatchObject({ version: 1, name: '001_init.sql' });
    const stmts = splitSql(ms[0].sql);
    expect(stmts.every((s) => /^CREATE (TABLE|INDEX)/.test(s))).toBe(true);
    expect(stmts.some((s) => s.includes("to_tsvector('simple', text)"))).toBe(true);
  });

  it('splitSql drops comments and empty statements', () => {
    expect(splitSql('-- c\nSELECT 1;\n\nSELECT 2;')).toEqual(['SELECT 1', 'SELECT 2']);
  });
});

describe('contentKey', () => {
  it('changes with the text, not with the view counter', () => {
    const p = fixturePosts()[0];
    expect(contentKey({ ...p, views: 1 })).toBe(contentKey({ ...p, views: 99999 }));
    expect(contentKey({ ...p, text: p.text + '!' })).not.toBe(contentKey(p));
  });
});
