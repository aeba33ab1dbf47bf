// Pure decoders for what VK prints: post ids, counters, outbound links.
import { toOrder } from '../order.js';

/** `-24199209_18932515` → owner "-24199209", order "18932515"; from ids, anchors and hrefs. */
export function splitPostId(raw: string | undefined): { owner: string; order: string; key: string } | undefined {
  const m = raw ? /(?:^|[^\d-])(-?\d{1,12})_(\d{1,12})(?:\D|$)/.exec(raw) : null;
  if (!m) return undefined;
  const owner = m[1].startsWith('-') ? `-${toOrder(m[1].slice(1))}` : toOrder(m[1]);
  const order = toOrder(m[2]);
  return { owner, order, key: `${owner}_${order}` };
}

const SUFFIX: Record<string, number> = { k: 1e3, m: 1e6, b: 1e9, к: 1e3, м: 1e6 };

/** "262671 views" → 262671, "2,333,908" → 2333908, "3.3K" → 3300, "1,2M" → 1200000; undefined when not a count. */
export function parseVkCount(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const s = raw.replace(/[\s\u00a0\u2009\u202f]/g, '').toLowerCase();
  const m = /^(\d+(?:[.,]\d+)*)([kmbкм])?/.exec(s);
  if (!m) return undefined;
  const num = m[1];
  if (!m[2]) {
    // Thousands separators ("2,333,908") or a plain number.
    if (/^\d{1,3}([,.]\d{3})+$/.test(num)) return Number(num.replace(/[,.]/g, ''));
    return /^\d+$/.test(num) ? Number(num) : Math.round(Number(num.replace(',', '.')));
  }
  return Math.round(Number(num.replace(',', '.')) * SUFFIX[m[2]]);
}

/** VK wraps outbound links as `/away.php?to=<url>&…`: the real target, or the link made absolute. */
export function outboundUrl(href: string | undefined, base: string): string | undefined {
  if (!href || /^(?:javascript|mailto|tel):/i.test(href) || href.startsWith('#')) return undefined;
  let u: URL;
  try {
    u = new URL(href, base);
  } catch {
    return undefined;
  }
  if (u.pathname === '/away.php' || u.pathname === '/away') {
    const to = u.searchParams.get('to');
    if (to) {
      try {
        return new URL(to).toString();
      } catch {
        return to;
      }
    }
  }
  return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : undefined;
}

/** `background-image: url('…')` → the URL (entities already decoded by the DOM). */
export function backgroundUrl(style: string | undefined): string | undefined {
  const m = style ? /background-image\s*:\s*url\(\s*['"]?([^'")]+)['"]?\s*\)/i.exec(style) : null;
  return m ? m[1].trim() : undefined;
}
