// Pure value decoders for what t.me prints: abbreviated counters, data-view blobs, peers.
import { toOrder } from '../order.js';

const SUFFIX: Record<string, number> = { K: 1e3, M: 1e6, B: 1e9 };

/**
 * "109K" → 109000, "37.2K" → 37200, "12.5M" → 12500000, "11 110 268" (NBSP or thin spaces) → 11110268,
 * "1,234" → 1234. Undefined when the text is not a count.
 */
export function parseCount(raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const s = raw.replace(/[\s\u00a0\u2009\u202f]/g, '');
  const m = /^(\d+(?:[.,]\d+)?)([KMB])?$/i.exec(s);
  if (!m) {
    // Thousands separators: "1,234,567".
    if (/^\d{1,3}(,\d{3})+$/.test(s)) return Number(s.replace(/,/g, ''));
    return undefined;
  }
  const suffix = m[2]?.toUpperCase();
  if (!suffix) {
    // A comma with exactly three digits after it is a thousands separator, not a decimal point.
    return /^\d+,\d{3}$/.test(m[1]) ? Number(m[1].replace(',', '')) : Math.round(Number(m[1].replace(',', '.')));
  }
  return Math.round(Number(m[1].replace(',', '.')) * SUFFIX[suffix]);
}

export interface DataView {
  /** Channel id as printed (negative in data-view), e.g. -1084368520. */
  c?: number;
  /** Message number, or "<num>g" for the first message of a grouped album. */
  p?: number | string;
}

/** Decode `data-view` (unpadded base64url JSON). Undefined when it is not that. */
export function decodeDataView(raw: string | undefined): DataView | undefined {
  if (!raw) return undefined;
  try {
    const json: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (json === null || typeof json !== 'object') return undefined;
    const o = json as Record<string, unknown>;
    return {
      c: typeof o.c === 'number' ? o.c : undefined,
      p: typeof o.p === 'number' || typeof o.p === 'string' ? o.p : undefined,
    };
  } catch {
    return undefined;
  }
}

/**
 * The stable channel id as bare digits, so data-view `c:-1006503122` and data-peer
 * `c1006503122_-378…` give the same "1006503122".
 */
export function channelIdFrom(dataView: string | undefined, dataPeer: string | undefined): string | undefined {
  const c = decodeDataView(dataView)?.c;
  if (c !== undefined && Number.isFinite(c) && c !== 0) return String(Math.abs(c));
  const m = dataPeer ? /^c(\d+)(?:_|$)/.exec(dataPeer) : null;
  return m ? m[1] : undefined;
}

/** "topwar_official/70992" → {name, key: "70992"}; undefined for anything else. The key is the message id, canonical. */
export function splitPostRef(ref: string | undefined): { name: string; key: string } | undefined {
  const m = ref ? /^([A-Za-z0-9_]+)\/(\d{1,18})$/.exec(ref) : null;
  return m ? { name: m[1], key: toOrder(m[2]) } : undefined;
}

/** Message id (the post key) from a post URL: ".../name/123", ".../name/123?single", ".../c/1234/123". */
export function keyFromPostUrl(url: string | undefined): string | undefined {
  const m = url ? /\/(\d{1,18})(?:[?#].*)?$/.exec(url) : null;
  return m ? toOrder(m[1]) : undefined;
}

/** Cursor from "/s/name?before=70989" (or an absolute URL). */
export function beforeCursor(href: string | undefined): string | undefined {
  const m = href ? /[?&]before=(\d+)/.exec(href) : null;
  return m ? m[1] : undefined;
}

/** Counter labels to stable plural keys: "subscriber" → "subscribers", "photo" → "photos". */
export function counterKey(label: string): string {
  const k = label.trim().toLowerCase().replace(/\s+/g, '_');
  return k.endsWith('s') ? k : `${k}s`;
}
