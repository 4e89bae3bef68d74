// Dates are "YYYY-MM-DD" strings in the user's time zone (from GET /me),
// never the browser's. Calendar arithmetic is done in UTC on those strings.

export function todayIn(timeZone, now = new Date()) {
  const opts = {timeZone: timeZone || 'UTC', year: 'numeric', month: '2-digit', day: '2-digit'};
  let fmt;
  try {
    fmt = new Intl.DateTimeFormat('en-US', opts);
  } catch {
    fmt = new Intl.DateTimeFormat('en-US', {...opts, timeZone: 'UTC'});
  }
  const parts = Object.fromEntries(fmt.formatToParts(now).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

export function parse(date) {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d));
}

export function iso(d) {
  return d.toISOString().slice(0, 10);
}

export function addDays(date, n) {
  const d = parse(date);
  d.setUTCDate(d.getUTCDate() + n);
  return iso(d);
}

/** The day of the week, Monday 0. */
export const dow = (date) => (parse(date).getUTCDay() + 6) % 7;

/** Monday of the ISO week holding date. */
export function weekStart(date) {
  return addDays(date, -dow(date));
}

export function isoWeek(date) {
  const d = parse(date);
  d.setUTCDate(d.getUTCDate() - dow(date) + 3); // the Thursday decides the year
  const jan1 = Date.UTC(d.getUTCFullYear(), 0, 1);
  return Math.ceil(((d - jan1) / 864e5 + 1) / 7);
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export function label(date, opts = {weekday: 'long', day: 'numeric', month: 'long'}) {
  return new Intl.DateTimeFormat(undefined, {...opts, timeZone: 'UTC'}).format(parse(date));
}

export function short(date) {
  return label(date, {day: 'numeric', month: 'short'});
}

/** The minutes of a list of entries (or anything with minutes). */
export const sum = (list) => list.reduce((n, e) => n + e.minutes, 0);

/** 90 → "1 h 30 m", 45 → "45 m", 120 → "2 h". */
export function mins(m) {
  m = Math.round(Number(m) || 0);
  const hrs = Math.floor(m / 60);
  const rest = m % 60;
  if (!hrs) return `${rest} m`;
  return rest ? `${hrs} h ${rest} m` : `${hrs} h`;
}

/** count(1, 'day') → "1 day", count(3, 'entry', 'entries') → "3 entries". */
export function count(n, one, many = `${one}s`) {
  return `${n} ${n === 1 ? one : many}`;
}

/** 90 → "1:30": exact to the minute, as timesheets and spreadsheets read a duration. */
export const hm = (m) => `${Math.floor(m / 60)}:${String(m % 60).padStart(2, '0')}`;

/** Elapsed seconds → "1:02:03" */
export function clock(sec) {
  sec = Math.max(0, Math.floor(sec));
  return `${hm(Math.floor(sec / 60))}:${String(sec % 60).padStart(2, '0')}`;
}

export function relTime(rfc3339) {
  const t = new Date(rfc3339);
  if (isNaN(t)) return '';
  const diff = (t - Date.now()) / 1000; // negative: in the past
  const abs = Math.abs(diff);
  const rtf = new Intl.RelativeTimeFormat(undefined, {numeric: 'auto'});
  if (abs < 60) return rtf.format(0, 'minute');
  if (abs < 3600) return rtf.format(Math.round(diff / 60), 'minute');
  if (abs < 86400) return rtf.format(Math.round(diff / 3600), 'hour');
  return rtf.format(Math.round(diff / 86400), 'day');
}
