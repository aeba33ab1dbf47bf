// Formatting helpers for the VK simulator: HTML escaping, VK's counters and relative dates.

export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** "2,333,908" as the menu counters print it. */
export const grouped = (n: number): string => n.toLocaleString('en-US');

/** "262K", "3.3K", "2K", "11": the rounded views label. */
export function shortCount(n: number): string {
  if (n < 1000) return String(n);
  if (n < 1_000_000) {
    const k = Math.floor(n / 100) / 10;
    return `${n >= 10_000 ? Math.floor(k) : k}K`;
  }
  return `${Math.floor(n / 100_000) / 10}M`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** VK's English date text in Moscow time (UTC+3), relative to `now`: "today at 3:40 pm", "12 Aug at 12:00 pm". */
export function vkDate(unix: number, now: number): string {
  const msk = (ms: number) => new Date(ms + 3 * 3_600_000);
  const t = msk(unix * 1000);
  const n = msk(now);
  const h = t.getUTCHours();
  const clock = `${h % 12 === 0 ? 12 : h % 12}:${String(t.getUTCMinutes()).padStart(2, '0')} ${h < 12 ? 'am' : 'pm'}`;
  const day = (d: Date) => Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const diff = Math.round((day(n) - day(t)) / 86_400_000);
  if (diff === 0) return `today at ${clock}`;
  if (diff === 1) return `yesterday at ${clock}`;
  const year = t.getUTCFullYear() === n.getUTCFullYear() ? '' : ` ${t.getUTCFullYear()}`;
  return `${t.getUTCDate()} ${MONTHS[t.getUTCMonth()]}${year} at ${clock}`;
}
