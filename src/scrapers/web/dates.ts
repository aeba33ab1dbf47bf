// Dates as press offices print them (ru/en), → `YYYY-MM-DD` (or full ISO from <time datetime>). Pure.

const MONTHS: Record<string, number> = {
  января: 1, февраля: 2, марта: 3, апреля: 4, мая: 5, июня: 6, июля: 7, августа: 8, сентября: 9, октября: 10, ноября: 11, декабря: 12,
  january: 1, february: 2, march: 3, april: 4, may: 5, june: 6, july: 7, august: 8, september: 9, october: 10, november: 11, december: 12,
  jan: 1, feb: 2, mar: 3, apr: 4, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};
const MONTH_RE = Object.keys(MONTHS).sort((a, b) => b.length - a.length).join('|');

const ISO = /\b(\d{4})-(\d{2})-(\d{2})\b/;
const DOTTED = /\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b/;
const DAY_MONTH = new RegExp(`\\b(\\d{1,2})\\s+(${MONTH_RE})\\.?,?\\s+(\\d{4})`, 'iu');
const MONTH_DAY = new RegExp(`\\b(${MONTH_RE})\\.?\\s+(\\d{1,2}),?\\s+(\\d{4})`, 'iu');

const ymd = (y: number, m: number, d: number): string | undefined =>
  m >= 1 && m <= 12 && d >= 1 && d <= 31 ? `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` : undefined;

/** First date found in free text, or undefined. */
export function findDate(text: string): string | undefined {
  let m = ISO.exec(text);
  if (m) return ymd(+m[1], +m[2], +m[3]);
  m = DOTTED.exec(text);
  if (m) return ymd(+m[3], +m[2], +m[1]);
  m = DAY_MONTH.exec(text);
  if (m) return ymd(+m[3], MONTHS[m[2].toLowerCase()], +m[1]);
  m = MONTH_DAY.exec(text);
  if (m) return ymd(+m[3], MONTHS[m[1].toLowerCase()], +m[2]);
  return undefined;
}

/** A `<time datetime>` value → ISO; date-only values stay date-only (no invented time zone). */
export function fromDatetimeAttr(v: string): string | undefined {
  const s = v.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(s)) return s;
  const t = Date.parse(s);
  return Number.isFinite(t) ? new Date(t).toISOString() : findDate(s);
}
