// Small pure formatters matching what t.me prints (views "37.2K", dates, data-view tokens).
import { createHash } from 'node:crypto';

export const esc = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** Message text as Telegram emits it: escaped, newlines as <br/>, bare links as anchors. */
export function textHtml(text: string): string {
  return esc(text)
    .replace(/https?:\/\/[^\s<]+/g, (u) => `<a href="${u}" target="_blank" rel="noopener" onclick="return confirm('Open this link?\\n\\n'+this.href);">${u}</a>`)
    .replace(/\n/g, '<br/>');
}

/** 746 → "746", 37_240 → "37.2K", 109_400 → "109K", 12_512_000 → "12.5M". */
export function formatCount(n: number): string {
  const f = (v: number, s: string): string => (v >= 100 ? `${Math.floor(v)}${s}` : `${Math.floor(v * 10) / 10}${s}`);
  if (n < 1000) return String(n);
  if (n < 1e6) return f(n / 1e3, 'K');
  if (n < 1e9) return f(n / 1e6, 'M');
  return f(n / 1e9, 'B');
}

/** "11 110 268" with no-break spaces, as on landing pages (`tgme_page_extra`). */
export const formatExact = (n: number): string => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');

export const isoDate = (unix: number): string => new Date(unix * 1000).toISOString().replace(/\.\d{3}Z$/, '+00:00');

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** "Jun 9 at 19:33" (UTC; the sim has no viewer time zone). */
export function shortDate(unix: number): string {
  const d = new Date(unix * 1000);
  const hm = `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()} at ${hm}`;
}

const hex = (seed: string, n: number): string => createHash('sha256').update(seed).digest('hex').slice(0, n);

/** base64url JSON like the real `data-view`: {"c":-<channel id>,"p":<num>|"<num>g","t":...,"h":...}. */
export function dataView(channelId: number, p: number | string, t: number): string {
  const json = `{"c":-${channelId},"p":${typeof p === 'number' ? p : JSON.stringify(p)},"t":${t},"h":"${hex(`${channelId}/${p}`, 18)}"}`;
  return Buffer.from(json).toString('base64url');
}

/** `c<id>_-<n>` like the real `data-peer`, plus its hash. */
export function dataPeer(channelId: number): { peer: string; hash: string } {
  const n = BigInt(`0x${hex(`peer${channelId}`, 15)}`);
  return { peer: `c${channelId}_-${n}`, hash: hex(`peerhash${channelId}`, 18) };
}

/** Initial(s) shown in the avatar placeholder. */
export const initials = (title: string, max = 2): string =>
  title
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, max)
    .map((w) => [...w][0]!.toUpperCase())
    .join('');

export const duration = (sec: number): string => `${Math.floor(sec / 60)}:${String(sec % 60).padStart(2, '0')}`;
