// How YouTube prints ages and counters on the Videos tab and the channel header (as recorded:
// "13 days ago", "1 year ago", "28 views", "12k views", "8.84k subscribers"). Ages are rounded
// down to a whole unit.

const UNITS: [string, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1_000],
];

/** "3 days ago" for a time `ms` before `now` (floor; under a second reads "1 second ago"). */
export function ageText(publishedAt: number, now: number): string {
  const d = Math.max(1000, now - publishedAt);
  // Weeks stop at 4 ("4 weeks ago"), then months begin, as on the site.
  for (const [unit, ms] of UNITS) {
    const n = Math.floor(d / ms);
    if (n >= 1) return `${n} ${unit}${n === 1 ? '' : 's'} ago`;
  }
  return '1 second ago';
}

/** Short count: 28, 3.1k, 12k, 1.2M. */
export function shortCount(n: number): string {
  if (n < 1000) return String(n);
  if (n < 10_000) return `${trim((n / 1000).toFixed(1))}k`;
  if (n < 1_000_000) return `${Math.floor(n / 1000)}k`;
  return `${trim((n / 1_000_000).toFixed(1))}M`;
}

const trim = (s: string): string => s.replace(/\.0$/, '');

export const viewsText = (n: number): string => (n === 0 ? 'No views' : n === 1 ? '1 view' : `${shortCount(n)} views`);
export const subscribersText = (n: number): string => `${shortCount(n)} subscriber${n === 1 ? '' : 's'}`;

/** 268 → "4:28". */
export function durationText(secs: number): string {
  const h = Math.floor(secs / 3600);
  const m = Math.floor((secs % 3600) / 60);
  const s = secs % 60;
  return `${h ? `${h}:${String(m).padStart(2, '0')}` : m}:${String(s).padStart(2, '0')}`;
}

export const escHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
export const escXml = escHtml;
