// Pure parts of search: trigram terms, time bounds, the cursor and the snippet.
import { describe, expect, it } from 'vitest';
import {
  MARK_START, MARK_STOP, decodeCursor, encodeCursor, hasWords, renderSnippet, searchBounds, substringTerms,
} from '../../../src/catalog/search-query.js';
import { isVigilError } from '../../../src/errors.js';
import { snippetText } from '../../../src/cli/commands/search.js';

describe('substringTerms', () => {
  it('gives the words to find as substrings, and those after - to exclude', () => {
    expect(substringTerms('Қазақстан сот -белсенді')).toEqual({ include: ['Қазақстан', 'сот'], exclude: ['белсенді'] });
    expect(substringTerms('тінту, журналист!')).toEqual({ include: ['тінту', 'журналист'], exclude: [] });
  });
  it('leaves quoted phrases and OR to full-text search, and needs one word of 3 letters', () => {
    expect(substringTerms('"сот үкімі"')).toBeNull();
    expect(substringTerms('«сот»')).toBeNull();
    expect(substringTerms('сот or үкім')).toBeNull();
    expect(substringTerms('ә ғ')).toBeNull();
    expect(substringTerms('ор')).toBeNull();
  });
  it('knows a query without letters or digits', () => {
    expect(hasWords(' !!! ')).toBe(false);
    expect(hasWords('2024')).toBe(true);
  });
});

describe('searchBounds', () => {
  it('a date-only until runs to the end of that UTC day; since after until is refused', () => {
    expect(searchBounds('2024-11-01', '2024-11-01')).toEqual({ from: '2024-11-01T00:00:00.000Z', to: '2024-11-01T23:59:59.999Z' });
    expect(searchBounds(undefined, '2024-11-01T10:00:00Z')).toEqual({ to: '2024-11-01T10:00:00.000Z' });
    expect(searchBounds()).toEqual({});
    for (const [s, u] of [['yesterday', undefined], ['2024-11-02', '2024-11-01']]) {
      try {
        searchBounds(s, u);
        expect.unreachable();
      } catch (e) {
        expect(isVigilError(e, 'VGL_BAD_REQUEST')).toBe(true);
      }
    }
  });
});

describe('cursor', () => {
  it('round-trips exactly (64-bit microseconds, any ids) and refuses anything else', () => {
    const c = { sortUs: '1730455200123456', target: 'ru_media', id: 'https://gov.example/press/a?b=1' };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
    for (const bad of ['', 'zzz', Buffer.from('["x","t","i"]').toString('base64url'), Buffer.from('[1,"t","i"]').toString('base64url'), Buffer.from('["9999999999999999999","t","i"]').toString('base64url')]) {
      expect(() => decodeCursor(bad)).toThrow(/cursor/);
    }
  });
});

describe('renderSnippet', () => {
  it('turns ts_headline marks into <mark> and escapes everything else', () => {
    const hl = `a <b>&${MARK_START}Расследование${MARK_STOP}</b>\n x`;
    expect(renderSnippet(hl, 'ignored')).toBe('a &lt;b&gt;&amp;<mark>Расследование</mark>&lt;/b&gt; x');
  });
  it('marks substrings case-insensitively in a window around the first one when the headline has no match', () => {
    const text = `${'сөз '.repeat(40)}Алматыда және ҚАЗАҚСТАНДА <i>сот</i> болды. ${'соңы '.repeat(60)}`;
    const s = renderSnippet('сөз сөз', text, ['қазақстан', 'сот']);
    expect(s).toMatch(/^… /);
    expect(s).toMatch(/ …$/);
    expect(s).toContain('<mark>ҚАЗАҚСТАН</mark>ДА &lt;i&gt;<mark>сот</mark>&lt;/i&gt;');
    expect(s.replace(/<\/?mark>/g, '')).not.toMatch(/[<>]/);
  });
  it('a short post is shown whole; no match falls back to the escaped headline', () => {
    expect(renderSnippet('Қазақстанда сот', 'Қазақстанда сот', ['қазақстан'])).toBe('<mark>Қазақстан</mark>да сот');
    expect(renderSnippet('<x> y', '<x> y', ['zzz'])).toBe('&lt;x&gt; y');
  });
});

describe('vigil search output', () => {
  it('shows matches in brackets and decodes entities', () => {
    expect(snippetText('&lt;b&gt; <mark>Суд</mark> &amp; &quot;x&quot; &#39;y&#39;')).toBe(`<b> [Суд] & "x" 'y'`);
  });
});
