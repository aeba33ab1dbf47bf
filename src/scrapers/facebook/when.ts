// When a comment was written, from the wording the mobile site prints under it. Facebook gives
// comments no machine time there (the recorded pages show only `<abbr>on Fri</abbr>`, "11 hrs",
// "1 yr": test/fixtures/facebook), so the time is estimated back from the moment the page was
// fetched: exact to the minute for "N mins", to the hour for "N hrs", to the day beyond. Only the
// English wording is read (facebook-scraper warns likewise: "for best results, set to en_US");
// other wording leaves the time unknown. Pure.

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

const UNITS: Record<string, number> = { min: MIN, mins: MIN, minute: MIN, minutes: MIN, hr: HOUR, hrs: HOUR, hour: HOUR, hours: HOUR, d: DAY, day: DAY, days: DAY, w: 7 * DAY, wk: 7 * DAY, wks: 7 * DAY, week: 7 * DAY, weeks: 7 * DAY, mth: 30 * DAY, mths: 30 * DAY, month: 30 * DAY, months: 30 * DAY, y: 365 * DAY, yr: 365 * DAY, yrs: 365 * DAY, year: 365 * DAY, years: 365 * DAY };

/** Noon UTC of the day `daysBack` days before `now` (day-precise wording: the hour is unknown). */
const noonBefore = (now: number, daysBack: number): number => {
  const d = new Date(now - daysBack * DAY);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), 12);
};

/** "5 Jun at 00:33", "5 June 2020 at 10:01", "June 5 at 10:01": the viewer's zone is unknown, read as UTC. */
function calendar(text: string, now: number): number | undefined {
  const m = /^(?:(\d{1,2})\s+([a-z]+)|([a-z]+)\s+(\d{1,2}))(?:,?\s+(\d{4}))?(?:\s+at\s+(\d{1,2}):(\d{2})\s*(am|pm)?)?$/.exec(text);
  if (!m) return undefined;
  const month = MONTHS.indexOf((m[2] ?? m[3] ?? '').slice(0, 3));
  const day = Number(m[1] ?? m[4]);
  if (month < 0 || day < 1 || day > 31) return undefined;
  let hour = m[6] !== undefined ? Number(m[6]) % 12 + (m[8] === 'pm' ? 12 : 0) : 12;
  if (m[6] !== undefined && m[8] === undefined) hour = Number(m[6]);
  const minute = m[7] !== undefined ? Number(m[7]) : 0;
  const year = m[5] !== undefined ? Number(m[5]) : new Date(now).getUTCFullYear();
  let t = Date.UTC(year, month, day, hour, minute);
  // Without a year the date is within the last twelve months.
  if (m[5] === undefined && t > now + DAY) t = Date.UTC(year - 1, month, day, hour, minute);
  return t;
}

/** The estimated time (ms) a comment labelled `shown` was written, seen at `now`; undefined when the wording is not read. */
export function commentTime(shown: string, now: number): number | undefined {
  const text = shown.toLowerCase().replace(/\s+/g, ' ').trim();
  if (!text || !Number.isFinite(now)) return undefined;
  if (text === 'just now' || text === 'now') return now;
  let m = /^(\d{1,4}|an?|one)\s*([a-z]+)(?: ago)?$/.exec(text);
  if (m && UNITS[m[2]!] !== undefined) {
    const n = /^\d+$/.test(m[1]!) ? Number(m[1]) : 1;
    return now - n * UNITS[m[2]!]!;
  }
  m = /^yesterday(?: at (\d{1,2}):(\d{2})\s*(am|pm)?)?$/.exec(text);
  if (m) {
    const base = noonBefore(now, 1) - 12 * HOUR;
    if (m[1] === undefined) return base + 12 * HOUR;
    const h = m[3] ? (Number(m[1]) % 12) + (m[3] === 'pm' ? 12 : 0) : Number(m[1]);
    return base + h * HOUR + Number(m[2]) * MIN;
  }
  // "on Fri", "Fri at 10:01", "last Thu": the latest such weekday before yesterday ("last": a week before that).
  m = /^(?:(on|last) )?([a-z]{3})[a-z]*(?: at \d{1,2}:\d{2}\s*(?:am|pm)?)?$/.exec(text);
  if (m && DAYS.includes(m[2]!)) {
    const today = new Date(now).getUTCDay();
    let back = (today - DAYS.indexOf(m[2]!) + 7) % 7;
    if (back < 2) back += 7;
    if (m[1] === 'last') back += 7;
    return noonBefore(now, back);
  }
  return calendar(text, now);
}
