// The lean latin1 tree: multi-byte text, entities and byte-exact inner HTML survive the trick.
import { describe, expect, it } from 'vitest';
import { findFirst, hasClass, innerHtml, parseHtml, textOf, attr } from '../../../../src/scrapers/telegram/dom.js';
import { decodeEntities } from '../../../../src/scrapers/telegram/entities.js';

describe('decodeEntities', () => {
  it('decodes named, decimal and hex entities; leaves unknown and semicolon-less named ones', () => {
    expect(decodeEntities('a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#039; &nbsp;f &#x1F525;')).toBe('a & b <c> "d" \'e\' \u00a0f 🔥');
    expect(decodeEntities('?a=1&times=2 &bogus; &amp')).toBe('?a=1&times=2 &bogus; &amp');
  });
});

describe('latin1 tree', () => {
  const html = '<div class="tgme_widget_message_text js-message_text">Привет, <b>мир</b> 🔥<br/>вторая&nbsp;строка &amp; ещё<a href="https://ru.wikipedia.org/wiki/Тест?a=1&amp;b=2">ссылка</a></div><svg><path d="M0"/><div class="x">hidden</div></svg>';
  const dom = parseHtml(Buffer.from(html, 'utf8'));
  const el = findFirst(dom.root, (e) => hasClass(e, 'tgme_widget_message_text'));

  it('rebuilds UTF-8 text, decodes entities, keeps line breaks', () => {
    expect(textOf(el)).toBe('Привет, мир 🔥\nвторая строка & ещёссылка');
  });

  it('slices inner HTML byte-exactly', () => {
    expect(innerHtml(dom, el)).toBe(html.slice(html.indexOf('>') + 1, html.indexOf('</div><svg>')));
  });

  it('decodes attribute values', () => {
    const a = findFirst(el, (e) => e.name === 'a');
    expect(attr(a, 'href')).toBe('https://ru.wikipedia.org/wiki/Тест?a=1&b=2');
  });

  it('builds no nodes for svg content', () => {
    expect(findFirst(dom.root, (e) => hasClass(e, 'x'))).toBeUndefined();
  });
});
