/**
 * Calendar dates and wall-clock times in the school's time zone. Due dates are calendar dates
 * (`YYYY-MM-DD`) in the school's zone, never instants, so a due date cannot drift by an hour
 * across a daylight-saving change.
 */

/** A calendar date, `YYYY-MM-DD`. */
export type LocalDate = string;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `s` is a real calendar date written `YYYY-MM-DD` (so 2026-02-29 is false). */
export function isLocalDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

function parts(d: LocalDate): [number, number, number] {
  const m = DATE_RE.exec(d);
  if (!m) throw new Error(`not a date: ${d}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

const fmt = (y: number, m: number, d: number): LocalDate => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** `d` plus `n` days (n may be negative). */
export function addDays(d: LocalDate, n: number): LocalDate {
  const [y, m, day] = parts(d);
  return new Date(Date.UTC(y, m - 1, day + n)).toISOString().slice(0, 10);
}

/**
 * `d` plus `n` calendar months, clamped to the end of a shorter month: 29 Feb 2028 + 12 months is
 * 28 Feb 2029 (a yearly duty done on a leap day falls due on the last day of February, not 1 March).
 */
export function addMonths(d: LocalDate, n: number): LocalDate {
  const [y, m, day] = parts(d);
  const total = y * 12 + (m - 1) + n;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  const last = new Date(Date.UTC(ny, nm, 0)).getUTCDate();
  return fmt(ny, nm, Math.min(day, last));
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  const [ay, am, ad] = parts(a);
  const [by, bm, bd] = parts(b);
  return Math.round((Date.UTC(by, bm - 1, bd) - Date.UTC(ay, am - 1, ad)) / 86_400_000);
}

/** Day of the week, 0 = Sunday … 6 = Saturday. */
export function weekday(d: LocalDate): number {
  const [y, m, day] = parts(d);
  return new Date(Date.UTC(y, m - 1, day)).getUTCDay();
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    formatters.set(tz, f);
  }
  return f;
}

/** The calendar date and minutes past midnight of `instant` on the wall clock in `tz`. */
export function localParts(instant: Date, tz: string): { date: LocalDate; minutes: number } {
  const p = Object.fromEntries(formatter(tz).formatToParts(instant).map((x) => [x.type, x.value]));
  return { date: `${p.year}-${p.month}-${p.day}`, minutes: Number(p.hour) * 60 + Number(p.minute) };
}

/** The calendar date of `instant` in `tz`. */
export function localDate(instant: Date, tz: string): LocalDate {
  return localParts(instant, tz).date;
}

/** Offset of `tz` from UTC at `instant`, in minutes (Europe/London: 0 in winter, 60 in summer). */
function offsetMinutes(instant: Date, tz: string): number {
  const p = Object.fromEntries(formatter(tz).formatToParts(instant).map((x) => [x.type, x.value]));
  const asUtc = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60_000);
}

/**
 * The instant when the wall clock in `tz` shows `minutes` past midnight on `date`. A time that
 * does not exist (the hour skipped when clocks go forward) resolves to the same time after the jump.
 */
export function zonedInstant(date: LocalDate, minutes: number, tz: string): Date {
  const [y, m, d] = parts(date);
  const naive = Date.UTC(y, m - 1, d, 0, minutes);
  let guess = naive - offsetMinutes(new Date(naive), tz) * 60_000;
  const second = naive - offsetMinutes(new Date(guess), tz) * 60_000;
  if (second !== guess) guess = second;
  return new Date(guess);
}

/** "HH:MM" → minutes past midnight. */
export function parseClock(hhmm: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!m) throw new Error(`not a time: ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** A date for people: "Tuesday 3 March 2026". */
export function formatDate(d: LocalDate): string {
  const [y, m, day] = parts(d);
  return new Date(Date.UTC(y, m - 1, day)).toLocaleDateString('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** An instant as people read it in the school's time zone: "Mon 23 Nov 2026, 16:20" (every card and message uses this one style). */
export function formatInstant(d: Date, tz: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: tz, weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(d);
}
