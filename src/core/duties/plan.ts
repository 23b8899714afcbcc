/**
 * The reminder plan: when each reminder about a due date goes out. Stages are days relative to
 * the due date — the lead times (e.g. -30, -7), the due day (0), weekly while overdue (7, 14, …)
 * — and the escalation to the headteacher once long overdue. A stage that falls in quiet hours,
 * at a weekend or in a school holiday moves to the next allowed time (no reminder at 3 am or on
 * Christmas Day). Pure: the sweep stores the stage reached as `level`.
 *
 * Catch-up: after missed sweeps only the latest stage whose time has come is sent (stageToSend),
 * once; and a catch-up sent nearer to the next stage's time than to its own counts as that next
 * stage as well (levelAfter), so a person never gets two reminders a day apart. The escalation
 * stage is never counted early.
 */
import { addDays, daysBetween, localParts, parseClock, weekday, zonedInstant, type LocalDate } from './dates';
import type { DutySettings } from './settings';

/** The timing part of the school's duty settings, plus its time zone. */
export interface Timing {
  tz: string;
  settings: Pick<DutySettings, 'send_time' | 'quiet_hours' | 'weekends' | 'holidays' | 'lead_days' | 'overdue_every_days' | 'escalate_after_days' | 'digest_weekday'>;
}

/** True when no reminder may be sent on this date: a holiday, or a weekend unless weekends are allowed. */
export function isClosedDay(date: LocalDate, t: Timing): boolean {
  const wd = weekday(date);
  if (!t.settings.weekends && (wd === 0 || wd === 6)) return true;
  return t.settings.holidays.some((h) => h.from <= date && date <= h.to);
}

/** The first instant at or after `instant` when a reminder may go out (school day, outside quiet hours). */
export function nextAllowed(instant: Date, t: Timing): Date {
  const start = parseClock(t.settings.quiet_hours.start);
  const end = parseClock(t.settings.quiet_hours.end);
  const wraps = start > end; // e.g. 18:00–07:30 spans midnight
  let at = instant;
  for (let i = 0; i < 800; i++) {
    const { date, minutes } = localParts(at, t.tz);
    if (isClosedDay(date, t)) {
      at = zonedInstant(addDays(date, 1), wraps ? end : 0, t.tz);
      continue;
    }
    const quiet = wraps ? minutes >= start || minutes < end : minutes >= start && minutes < end;
    if (!quiet) return at;
    // Evening part of a wrapping window: tomorrow at the end; otherwise today at the end.
    at = wraps && minutes >= start ? zonedInstant(addDays(date, 1), end, t.tz) : zonedInstant(date, end, t.tz);
  }
  return at; // a calendar with no open day for two years: give up moving
}

/** Stage offsets (days from the due date) strictly between `after` and `upTo`, in order; overdue repeats without end. */
function offsetsAfter(after: number | null, upTo: number, t: Timing): number[] {
  const s = t.settings;
  const fixed = [...s.lead_days.map((d) => -d), 0, s.escalate_after_days];
  const out = new Set<number>(fixed);
  for (let k = s.overdue_every_days; k <= Math.max(upTo, s.escalate_after_days); k += s.overdue_every_days) out.add(k);
  return [...out].filter((o) => (after === null || o > after) && o <= upTo).sort((a, b) => a - b);
}

/** True when the stage at this offset is the one that tells the headteacher. */
export function isEscalation(offset: number, t: Timing): boolean {
  return offset === t.settings.escalate_after_days;
}

/** When the reminder for `offset` days from `dueDate` goes out (send time, moved out of quiet hours and holidays). */
export function stageTime(dueDate: LocalDate, offset: number, t: Timing): Date {
  return nextAllowed(zonedInstant(addDays(dueDate, offset), parseClock(t.settings.send_time), t.tz), t);
}

/**
 * The stage to send now, given the last one sent (`level`, null for none): the latest stage whose
 * time has come. Missed stages (the bot was down) collapse into this one, so a catch-up sends
 * once. Null when nothing new is due. `escalated`: whether the escalation stage lies in what is
 * being caught up (the headteacher is told even if a later weekly stage is the one sent).
 */
export function stageToSend(dueDate: LocalDate, level: number | null, now: Date, t: Timing): { offset: number; escalated: boolean } | null {
  // A catch-up never goes out in quiet hours or a holiday either: it waits for the next allowed time.
  if (nextAllowed(now, t).getTime() !== now.getTime()) return null;
  const today = localParts(now, t.tz).date;
  const reachable = offsetsAfter(level, daysBetween(dueDate, today) + 1, t).filter((o) => stageTime(dueDate, o, t) <= now);
  const last = reachable.at(-1);
  if (last === undefined) return null;
  return { offset: last, escalated: reachable.some((o) => isEscalation(o, t)) };
}

/**
 * The stage a reminder counts as once `sent` has gone out at `now` (what the sweep stores as
 * `level`). The catch-up rule: a stage sent late (the bot was down) counts as the next stage too
 * when that next stage's time is nearer to now than the sent stage's own time was — so someone
 * caught up on day -1 for the missed -7 stage is not told again on the due day, one day later.
 * A stage sent on time (or nearer its own time than the next) counts as itself. The escalation
 * stage is never counted early: the headteacher is told only at the time the school file sets
 * (`escalate_after_days`), never a week before it.
 */
export function levelAfter(dueDate: LocalDate, sent: number, now: Date, t: Timing): number {
  const next = offsetsAfter(sent, Math.max(sent, 0) + Math.max(t.settings.overdue_every_days, t.settings.escalate_after_days) + 1, t)[0];
  if (next === undefined || isEscalation(next, t)) return sent;
  const late = now.getTime() - stageTime(dueDate, sent, t).getTime();
  const ahead = stageTime(dueDate, next, t).getTime() - now.getTime();
  return ahead < late ? next : sent;
}

/** When the sweep must next look at a reminder whose last stage was `level`. */
export function nextStageAt(dueDate: LocalDate, level: number | null, t: Timing): Date {
  const after = level ?? Number.NEGATIVE_INFINITY;
  const horizon = Math.max(after, 0) + Math.max(t.settings.overdue_every_days, t.settings.escalate_after_days) + 1;
  const next = offsetsAfter(level, horizon, t)[0];
  return stageTime(dueDate, next ?? horizon, t);
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;

/** This week's digest: its date (the digest weekday on or before today) and when it goes out. */
export function digestOf(now: Date, t: Timing): { week: LocalDate; at: Date } {
  const today = localParts(now, t.tz).date;
  const back = (weekday(today) - WEEKDAYS.indexOf(t.settings.digest_weekday) + 7) % 7;
  const week = addDays(today, -back);
  return { week, at: stageTime(week, 0, t) };
}
