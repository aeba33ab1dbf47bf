// VK prints post dates as text relative to the moment of the request, in the viewer's time zone:
// "today at 3:40 pm", "12 Aug at 12:00 pm", "сегодня в 15:40", "8 янв в 3:31", "20 минут назад".
// Turned into an ISO instant with the fetch time and a UTC offset. Pure.

const MONTHS: Record<string, number> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11,
  янв: 0, фев: 1, мар: 2, апр: 3, мая: 4, май: 4, июн: 5, июл: 6, авг: 7, сен: 8, окт: 9, ноя: 10, дек: 11,
};

const WORDS: Record<string, number> = {
  a: 1, an: 1, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  один: 1, одна: 1, одну: 1, два: 2, две: 2, три: 3, четыре: 4, пять: 5, шесть: 6, семь: 7, восемь: 8, девять: 9, десять: 10,
};

const UNIT_MS: [RegExp, number][] = [
  [/^(?:sec|секунд)/, 1000],
  [/^(?:min|минут)/, 60_000],
  [/^(?:hour|час)/, 3_600_000],
];

const DAY_MS = 86_400_000;

/** "3:40 pm" / "15:40" → minutes after midnight; undefined when not a time. */
function clock(s: string | undefined): number | undefined {
  if (!s) return 0;
  const m = /^(\d{1,2}):(\d{2})\s*([ap]\.?m\.?)?$/i.exec(s.trim());
  if (!m) return undefined;
  let h = Number(m[1]);
  const min = Number(m[2]);
  const ampm = m[3]?.[0]?.toLowerCase();
  if (ampm === 'p' && h < 12) h += 12;
  if (ampm === 'a' && h === 12) h = 0;
  return h <= 23 && min <= 59 ? h * 60 + min : undefined;
}

/**
 * The instant a VK date text names, as ISO, or undefined when it is not one. `now` is when the page
 * was fetched; `offsetMin` the zone VK rendered in (minutes east of UTC).
 */
export function parseVkDate(raw: string, now: Date, offsetMin: number): string | undefined {
  const s = raw.replace(/[\u00a0\s]+/g, ' ').trim().toLowerCase();
  if (!s) return undefined;
  const nowMs = now.getTime();
  if (/^(?:just now|только что)$/.test(s)) return new Date(nowMs).toISOString();
  // "20 минут назад", "час назад", "2 hours ago", "an hour ago"
  const ago = /^(?:(\d+|[a-zа-яё]+) )?([a-zа-яё]+) (?:ago|назад)$/.exec(s);
  if (ago) {
    const n = ago[1] === undefined ? 1 : /^\d+$/.test(ago[1]) ? Number(ago[1]) : WORDS[ago[1]];
    const unit = UNIT_MS.find(([re]) => re.test(ago[2]))?.[1];
    return n !== undefined && unit !== undefined ? new Date(nowMs - n * unit).toISOString() : undefined;
  }
  // Calendar day in VK's zone.
  const local = new Date(nowMs + offsetMin * 60_000);
  const at = (y: number, mo: number, d: number, minutes: number): number => Date.UTC(y, mo, d) + minutes * 60_000 - offsetMin * 60_000;
  const rel = /^(today|yesterday|сегодня|вчера)(?: (?:at|в) (.+))?$/.exec(s);
  if (rel) {
    const minutes = clock(rel[2]);
    if (minutes === undefined) return undefined;
    const back = rel[1] === 'yesterday' || rel[1] === 'вчера' ? 1 : 0;
    return new Date(at(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() - back, minutes)).toISOString();
  }
  // "12 aug at 12:00 pm", "12 авг 2021 в 12:00", "8 января в 3:31", "12 aug 2021"
  const day = /^(\d{1,2}) ([a-zа-яё]+)\.?(?: (\d{4}))?(?: (?:at|в) (.+))?$/.exec(s);
  if (!day) return undefined;
  const month = MONTHS[day[2].slice(0, 3)];
  const minutes = clock(day[4]);
  if (month === undefined || minutes === undefined) return undefined;
  const d = Number(day[1]);
  if (d < 1 || d > 31 || new Date(Date.UTC(2000, month, d)).getUTCMonth() !== month) return undefined; // 2000: leap, so 29 Feb passes
  let y = day[3] ? Number(day[3]) : local.getUTCFullYear();
  let t = at(y, month, d, minutes);
  // Without a year VK means the last such day: "31 дек" read on 8 Jan is last year's.
  if (!day[3] && t > nowMs + DAY_MS) t = at(--y, month, d, minutes);
  return new Date(t).toISOString();
}
