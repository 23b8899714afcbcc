/**
 * Bringing reminder rows up to date with the duty rules, set-based: the facts are read in short
 * pages and aggregates, the changes are worked out in memory, and written as chunked multi-row
 * statements (INSERT … ON CONFLICT DO NOTHING, UPDATE … FROM VALUES with the optimistic version).
 * So the number of statements grows with rows / chunk, not with people, and each statement is
 * short: on SQLite the store's one lock is released between them and a user's click waits ms.
 */
import type { CoreDeps } from '../deps';
import type { Repositories, Store } from '../ports';
import { localDate, type LocalDate } from './dates';
import { allStaff, breathe, loadInstances, PAGE, syncSchoolStaff } from './facts';
import type { Reminder } from './model';
import { nextStageAt, type Timing } from './plan';

/**
 * Rows per write statement and per sweep transaction. Where the store runs one call at a time
 * (SQLite) a chunk of 100 holds its lock for a few ms, so a user's turn waits at most that; where
 * calls run side by side (PostgreSQL) larger chunks save round trips and commits.
 */
export const chunkRows = (store: Pick<Store, 'oneAtATime'>): number => (store.oneAtATime ? 100 : 500);

/** The school's timing settings. */
export function timingOf(deps: Pick<CoreDeps, 'school'>): Timing {
  return { tz: deps.school.timezone, settings: deps.school.duties };
}

/** nextStageAt, remembered per due date and level: thousands of rows share a handful of due dates. */
export function stageClock(t: Timing): (dueDate: LocalDate, level: number | null) => Date {
  const seen = new Map<string, Date>();
  return (dueDate, level) => {
    const k = `${dueDate}|${level}`;
    let at = seen.get(k);
    if (!at) seen.set(k, (at = nextStageAt(dueDate, level, t)));
    return at;
  };
}

/** Every reminder row, read in pages of PAGE (key order). */
export async function allReminders(tx: Repositories): Promise<Reminder[]> {
  const out: Reminder[] = [];
  for (let page = await tx.reminders.page(null, PAGE); page.length > 0; page = page.length < PAGE ? [] : await tx.reminders.page(page[page.length - 1]!.key, PAGE)) out.push(...page);
  return out;
}

const chunks = <T>(xs: T[], n: number): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, (i + 1) * n));

/** Creates a reminder row per duty instance, and starts a new cycle when the due date moved (done, signed, new AUA version). */
export async function syncReminders(deps: CoreDeps, now: Date): Promise<void> {
  const t = timingOf(deps);
  const today = localDate(now, t.tz);
  const store = deps.store;
  let staff = await allStaff(store);
  if (await syncSchoolStaff(store, deps.school, now, new Set(staff.map((r) => r.email)))) staff = await allStaff(store);
  const { instances } = await loadInstances(store, deps.school, now, staff);
  const existing = new Map((await allReminders(store)).map((r) => [r.key, r]));
  const current = new Set(instances.map((i) => i.key));
  const next = stageClock(t);
  const adds: Parameters<Repositories['reminders']['addMany']>[0] = [];
  const saves: Reminder[] = [];
  for (const row of existing.values()) {
    // A leaver (or a duty that no longer applies): the row stays as the record, its reminders stop.
    if (!current.has(row.key) && row.dueAt !== null) saves.push({ ...row, dueAt: null, leaseOwner: null, leaseUntil: null });
  }
  for (const [i, inst] of instances.entries()) {
    if (i > 0 && i % PAGE === 0) await breathe();
    const row = existing.get(inst.key);
    // A school duty with no date in the school file and never done: due from when first seen.
    const due = inst.dueDate ?? row?.dueDate ?? today;
    if (!row) {
      adds.push({ key: inst.key, dutyId: inst.dutyId, subjectEmail: inst.email, dueDate: due, dueAt: next(due, null), lastRemindedAt: null, level: null, snoozedUntil: null, snoozeReason: null, snoozedBy: null });
    } else if (row.dueDate !== due) {
      // A new cycle: the optimistic version lets one sweeper make the change; a lease holder's claim bumps it too.
      saves.push({ ...row, dueDate: due, level: null, dueAt: next(due, null), snoozedUntil: null, snoozeReason: null, snoozedBy: null });
    } else if (row.dueAt === null) {
      // Back on staff: reminders resume from the stage already sent.
      saves.push({ ...row, dueAt: next(due, row.level) });
    }
  }
  // Each chunk is its own short statement; a row another sweeper changed first keeps its change (its version moved on).
  for (const c of chunks(adds, chunkRows(store))) await store.reminders.addMany(c);
  for (const c of chunks(saves, chunkRows(store))) await store.reminders.updateMany(c);
}
