// HTML entity decoding for the entities t.me emits (htmlspecialchars + &nbsp;) and any numeric one.
// Unknown named entities are left as written.
const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', laquo: '«', raquo: '»',
  mdash: '—', ndash: '–', hellip: '…', copy: '©', reg: '®', trade: '™', shy: '\u00ad', middot: '·',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', bull: '•', zwj: '\u200d', zwnj: '\u200c', times: '×',
};

// Named entities need their ';' (as in attributes, `?a=1&times=2` stays literal); numeric ones may omit it.
const ENTITY = /&(?:#(\d{1,7});?|#[xX]([0-9a-fA-F]{1,6});?|([A-Za-z][A-Za-z0-9]{1,31});)/g;

export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(ENTITY, (whole, dec: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (name !== undefined) return NAMED[name] ?? NAMED[name.toLowerCase()] ?? whole;
    const cp = dec !== undefined ? Number(dec) : parseInt(hex as string, 16);
    return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : '\ufffd';
  });
}
