/**
 * The duty sweep: reminders are rows swept by a job, so a restart or a second instance loses or doubles none. Each round: brings reminder rows up to
 * date with the rules (./sync.ts: a completion or signature starts a new cycle), then works through
 * the due rows in chunks. Each chunk is one short transaction: take up to `batch` due rows (held
 * until it ends: PostgreSQL row locks with SKIP LOCKED, so a second sweeper takes other rows; on
 * SQLite the transaction is the only writer), enqueue their messages with one multi-row insert,
 * save the rows with one UPDATE — so a chunk lands whole or not at all, a crash mid-chunk leaves
 * its rows due, and on SQLite the store's lock is free between chunks. The stage reached is sent
 * once — one catch-up after missed rounds, never one per missed tick (./plan.ts). Outbox dedupe keys
 * name the duty, the due date and the stage, so no reminder can be enqueued twice, whoever sends it.
 * Escalations go to the headteacher as one digest per day ("7 people are overdue…", not a message per person),
 * keyed by the day and recipient and enqueued in the chunk that escalates, so two sweepers
 * escalating different rows still send one, and a crash between chunks loses none.
 */
import type { CoreDeps } from '../deps';
import type { Repositories } from '../ports';
import { enqueue, enqueueMany, MESSAGE_KINDS, type Enqueued } from '../notify/enqueue';
import { addDays, localDate } from './dates';
import { DUTIES, isDutyId } from './catalogue';
import { ownersOf } from './facts';
import type { Reminder } from './model';
import { digestOf, levelAfter, nextAllowed, stageTime, stageToSend } from './plan';
import { chunkRows, stageClock, syncReminders, timingOf } from './sync';

export { syncReminders, timingOf } from './sync';

const later = (a: Date, b: Date) => (a > b ? a : b);

export interface SweepOptions {
  /** Who is sweeping (host:pid:random). Rows are held by each chunk's transaction, not leased: a lease taken by someone else (claimDue) is still honoured. */
  owner: string;
  /** Rows per chunk (one short transaction each); default chunkRows(store). */
  batch?: number;
}

export interface SweepResult {
  reminders: number;
  escalations: number;
  digests: number;
  reblocks: number;
}

/** Runs one sweep as of deps.clock.now(); idempotent, safe with several sweepers on one database. */
export async function sweepDuties(deps: CoreDeps, opts: SweepOptions): Promise<SweepResult> {
  const now = deps.clock.now();
  const result: SweepResult = { reminders: 0, escalations: 0, digests: 0, reblocks: 0 };
  await syncReminders(deps, now);
  const plan = chunkPlanner(deps, now);
  for (;;) {
    const sent = await deps.store.transaction((tx) => sendChunk(deps, tx, now, opts, plan));
    if (sent === null) break;
    result.reminders += sent.reminders;
    result.escalations += sent.escalations;
  }
  result.digests = await sendDigests(deps, now);
  result.reblocks = await remindReblocks(deps, now);
  return result;
}

/** The pure part of a chunk, remembered per due date and level for this sweep's instant. */
function chunkPlanner(deps: CoreDeps, now: Date) {
  const t = timingOf(deps);
  const next = stageClock(t);
  const allowed = nextAllowed(now, t);
  const seen = new Map<string, { stage: ReturnType<typeof stageToSend>; level: number | null; dueAt: Date }>();
  return (row: Reminder) => {
    const k = `${row.dueDate}|${row.level}`;
    let p = seen.get(k);
    if (!p) {
      const stage = stageToSend(row.dueDate, row.level, now, t);
      const level = stage ? levelAfter(row.dueDate, stage.offset, now, t) : row.level;
      seen.set(k, (p = { stage, level, dueAt: later(next(row.dueDate, level), allowed) }));
    }
    return p;
  };
}

/** One chunk in one transaction: take, enqueue, save. Null when nothing was left to take. */
async function sendChunk(deps: CoreDeps, tx: Repositories, now: Date, opts: SweepOptions, plan: ReturnType<typeof chunkPlanner>): Promise<{ reminders: number; escalations: number } | null> {
  const t = timingOf(deps);
  const rows = await tx.reminders.takeDue(now, opts.batch ?? chunkRows(deps.store));
  if (rows.length === 0) return null;
  const today = localDate(now, t.tz);
  const reminders: Enqueued[] = [];
  const escalateTo = new Set<string>();
  const saves: Reminder[] = [];
  for (const row of rows) {
    const { stage, level, dueAt } = plan(row);
    if (stage) {
      const snoozed = row.snoozedUntil !== null && row.snoozedUntil >= today;
      const payload = { reminderId: row.id, dueDate: row.dueDate, offset: stage.offset };
      if (!snoozed) {
        for (const email of recipientsOf(deps, row)) reminders.push({ kind: MESSAGE_KINDS.dutyReminder, recipient: { type: 'person', email }, dedupeKey: `duty:${row.key}:${row.dueDate}:${stage.offset}:${email}`, incident: null, payload });
      }
      if (stage.escalated) escalationRecipients(deps, row.subjectEmail).forEach((e) => escalateTo.add(e));
    }
    // An expired lease someone else left on the row (a sweeper that died holding it) goes with the save.
    saves.push({ ...row, level, lastRemindedAt: stage ? now : row.lastRemindedAt, dueAt, leaseOwner: null, leaseUntil: null });
  }
  // One digest of long-overdue duties per recipient per day, whoever escalated what: the key is the
  // day and the recipient, and the card lists every long-overdue duty from the database when sent.
  const escalations: Enqueued[] = [...escalateTo].map((email) => ({ kind: MESSAGE_KINDS.dutyEscalation, recipient: { type: 'person', email }, dedupeKey: `duty-escalation-digest:${today}:${email}`, incident: null, payload: { day: today } }));
  const inserted = await enqueueMany(tx, now, [...reminders, ...escalations]);
  const saved = await tx.reminders.updateMany(saves);
  // takeDue holds these rows until this transaction ends, so every save lands; if not, roll the chunk back.
  if (saved.size !== saves.length) throw new Error('SWEEP_ROW_CHANGED: a reminder changed inside the transaction that held it');
  return { reminders: reminders.filter((m) => inserted.has(m.dedupeKey)).length, escalations: escalations.filter((m) => inserted.has(m.dedupeKey)).length };
}

/** Who a reminder goes to: the person, or the owners of a school duty. */
export function recipientsOf(deps: Pick<CoreDeps, 'school'>, row: Pick<Reminder, 'dutyId' | 'subjectEmail'>): string[] {
  if (row.subjectEmail) return [row.subjectEmail];
  return isDutyId(row.dutyId) ? ownersOf(deps.school, DUTIES[row.dutyId].owners ?? ['dsl']) : [];
}

/** Who hears of a long-overdue duty: the headteacher, or the chair of governors when it is the headteacher's own (KCSiE Part 4 logic). */
export function escalationRecipients(deps: Pick<CoreDeps, 'school'>, subjectEmail: string | null): string[] {
  const heads = deps.school.withRole('headteacher').map((p) => p.email).filter((e) => e !== subjectEmail);
  return heads.length > 0 ? heads : deps.school.withRole('chair_of_governors').map((p) => p.email);
}

/** The DSL team (and the owners of school duties with something due) get one digest per week, keyed by its week. */
async function sendDigests(deps: CoreDeps, now: Date): Promise<number> {
  const t = timingOf(deps);
  const digest = digestOf(now, t);
  if (now < digest.at) return 0;
  const dslTeam = [...deps.school.withRole('dsl'), ...deps.school.withRole('deputy_dsl')].map((p) => p.email);
  const today = localDate(now, t.tz);
  const horizon = addDays(today, Math.max(0, ...t.settings.lead_days));
  const owners = new Set<string>();
  for (const r of await deps.store.reminders.listSchool()) {
    if (r.dueDate <= horizon) recipientsOf(deps, r).forEach((e) => owners.add(e));
  }
  const msgs = [...new Set([...dslTeam, ...owners])].map(
    (email): Enqueued => ({ kind: MESSAGE_KINDS.dutyDigest, recipient: { type: 'person', email }, dedupeKey: `duty-digest:${digest.week}:${email}`, incident: null, payload: { week: digest.week, scope: dslTeam.includes(email) ? 'all' : 'owned' } }),
  );
  return (await enqueueMany(deps.store, now, msgs)).size;
}

/** When an unblocked site's period has ended, the ICT lead is reminded to re-block it (once: the row records it). */
async function remindReblocks(deps: CoreDeps, now: Date): Promise<number> {
  const t = timingOf(deps);
  let sent = 0;
  for (const due of await deps.store.filterRequests.listReblockDue(localDate(now, t.tz), 50)) {
    if (now < stageTime(addDays(due.untilDate, 1), 0, t) || nextAllowed(now, t).getTime() !== now.getTime()) continue;
    sent += await deps.store.transaction(async (tx) => {
      const req = await tx.filterRequests.get(due.id);
      if (!req || req.reblockRemindedAt) return 0;
      if (!(await tx.filterRequests.update({ ...req, reblockRemindedAt: now }))) return 0;
      let n = 0;
      for (const email of ownersOf(deps.school, ['ict_lead'])) {
        if (await enqueue(tx, now, MESSAGE_KINDS.filterReblock, { type: 'person', email }, `filter:${req.id}:reblock:${email}`, null, { requestId: req.id })) n++;
      }
      return n;
    });
  }
  return sent;
}
