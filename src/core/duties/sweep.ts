/**
 * The duty sweep: reminders are rows swept by a job, so a restart or a second instance loses or doubles none. Each round: brings reminder rows up to
 * date with the rules (a completion or signature starts a new cycle), then claims due rows under
 * a lease (two sweepers never hold one row) and sends the stage reached — one catch-up message
 * after missed rounds, never one per missed tick. Outbox dedupe keys name the duty, the due date
 * and the stage, so no reminder can be enqueued twice even if a lease expires mid-round.
 * Escalations go to the headteacher as one digest per day ("7 people are overdue…", not a message per person),
 * keyed by the day and recipient, so two sweepers escalating different rows still send one.
 */
import type { CoreDeps } from '../deps';
import type { Repositories } from '../ports';
import { enqueue, MESSAGE_KINDS } from '../notify/enqueue';
import { addDays, localDate } from './dates';
import { DUTIES, isDutyId } from './catalogue';
import { loadInstances, ownersOf, syncSchoolStaff } from './facts';
import type { Reminder } from './model';
import { digestOf, nextAllowed, nextStageAt, stageTime, stageToSend, type Timing } from './plan';

const later = (a: Date, b: Date) => (a > b ? a : b);

export interface SweepOptions {
  /** Who holds the leases (host:pid:random). */
  owner: string;
  leaseMs?: number;
  batch?: number;
}

export interface SweepResult {
  reminders: number;
  escalations: number;
  digests: number;
  reblocks: number;
}

/** The school's timing settings. */
export function timingOf(deps: Pick<CoreDeps, 'school'>): Timing {
  return { tz: deps.school.timezone, settings: deps.school.duties };
}

/** Runs one sweep as of deps.clock.now(); idempotent, safe with several sweepers on one database. */
export async function sweepDuties(deps: CoreDeps, opts: SweepOptions): Promise<SweepResult> {
  const now = deps.clock.now();
  const result: SweepResult = { reminders: 0, escalations: 0, digests: 0, reblocks: 0 };
  await syncReminders(deps, now);
  const leaseMs = opts.leaseMs ?? 60_000;
  const escalateTo = new Set<string>();
  for (;;) {
    const rows = await deps.store.reminders.claimDue(now, opts.owner, leaseMs, opts.batch ?? 50);
    if (rows.length === 0) break;
    for (const row of rows) {
      const sent = await processReminder(deps, row, now);
      result.reminders += sent.reminders;
      sent.escalateTo.forEach((e) => escalateTo.add(e));
    }
  }
  result.escalations = await sendEscalationDigests(deps, now, escalateTo);
  result.digests = await sendDigests(deps, now);
  result.reblocks = await remindReblocks(deps, now);
  return result;
}

/** Creates a reminder row per duty instance, and starts a new cycle when the due date moved (done, signed, new AUA version). */
export async function syncReminders(deps: CoreDeps, now: Date): Promise<void> {
  const t = timingOf(deps);
  const today = localDate(now, t.tz);
  const { instances } = await deps.store.transaction(async (tx) => {
    await syncSchoolStaff(tx, deps.school, now);
    return loadInstances(tx, deps.school, now);
  });
  const existing = new Map((await deps.store.reminders.list()).map((r) => [r.key, r]));
  const current = new Set(instances.map((i) => i.key));
  for (const row of existing.values()) {
    // A leaver (or a duty that no longer applies): the row stays as the record, its reminders stop.
    if (!current.has(row.key) && row.dueAt !== null) await deps.store.reminders.update({ ...row, dueAt: null, leaseOwner: null, leaseUntil: null });
  }
  for (const inst of instances) {
    const row = existing.get(inst.key);
    // A school duty with no date in the school file and never done: due from when first seen.
    const due = inst.dueDate ?? row?.dueDate ?? today;
    if (!row) {
      await deps.store.reminders.addIfMissing({ key: inst.key, dutyId: inst.dutyId, subjectEmail: inst.email, dueDate: due, dueAt: nextStageAt(due, null, t), lastRemindedAt: null, level: null, snoozedUntil: null, snoozeReason: null, snoozedBy: null });
    } else if (row.dueDate !== due) {
      // A new cycle: the optimistic version lets one sweeper make the change; a lease holder's claim bumps it too.
      await deps.store.reminders.update({ ...row, dueDate: due, level: null, dueAt: nextStageAt(due, null, t), snoozedUntil: null, snoozeReason: null, snoozedBy: null });
    } else if (row.dueAt === null) {
      // Back on staff: reminders resume from the stage already sent.
      await deps.store.reminders.update({ ...row, dueAt: nextStageAt(due, row.level, t) });
    }
  }
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

async function processReminder(deps: CoreDeps, claimed: Reminder, now: Date): Promise<{ reminders: number; escalateTo: string[] }> {
  const t = timingOf(deps);
  try {
    return await deps.store.transaction(async (tx) => {
      const row = await tx.reminders.get(claimed.id);
      if (!row || row.leaseOwner !== claimed.leaseOwner || row.version !== claimed.version) throw new LeaseLost();
      const stage = stageToSend(row.dueDate, row.level, now, t);
      let reminders = 0;
      let escalateTo: string[] = [];
      if (stage) {
        const snoozed = row.snoozedUntil !== null && row.snoozedUntil >= localDate(now, t.tz);
        const payload = { reminderId: row.id, dueDate: row.dueDate, offset: stage.offset };
        if (!snoozed) {
          for (const email of recipientsOf(deps, row)) {
            if (await enqueue(tx, now, MESSAGE_KINDS.dutyReminder, { type: 'person', email }, `duty:${row.key}:${row.dueDate}:${stage.offset}:${email}`, null, payload)) reminders++;
          }
        }
        // The escalation itself goes in the day's digest (sendEscalationDigests), once this row is saved.
        if (stage.escalated) escalateTo = escalationRecipients(deps, row.subjectEmail);
      }
      const level = stage ? stage.offset : row.level;
      const saved = await tx.reminders.update({ ...row, level, lastRemindedAt: stage ? now : row.lastRemindedAt, dueAt: later(nextStageAt(row.dueDate, level, t), nextAllowed(now, t)), leaseOwner: null, leaseUntil: null });
      if (!saved) throw new LeaseLost();
      return { reminders, escalateTo };
    });
  } catch (err) {
    if (err instanceof LeaseLost) return { reminders: 0, escalateTo: [] }; // another sweeper took over: its round sends
    throw err;
  }
}

class LeaseLost extends Error {}

/**
 * One digest of long-overdue duties per recipient per day, whoever escalated what: the dedupe key
 * is the day and the recipient, and the card lists every long-overdue duty from the database when
 * it is sent — so two sweepers escalating different people still make one complete message.
 */
async function sendEscalationDigests(deps: CoreDeps, now: Date, recipients: Set<string>): Promise<number> {
  if (recipients.size === 0) return 0;
  const day = localDate(now, timingOf(deps).tz);
  let sent = 0;
  await deps.store.transaction(async (tx: Repositories) => {
    for (const email of recipients) {
      if (await enqueue(tx, now, MESSAGE_KINDS.dutyEscalation, { type: 'person', email }, `duty-escalation-digest:${day}:${email}`, null, { day })) sent++;
    }
  });
  return sent;
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
  for (const r of await deps.store.reminders.list()) {
    if (r.subjectEmail === null && r.dueDate <= horizon) recipientsOf(deps, r).forEach((e) => owners.add(e));
  }
  let sent = 0;
  await deps.store.transaction(async (tx: Repositories) => {
    for (const email of new Set([...dslTeam, ...owners])) {
      const scope = dslTeam.includes(email) ? 'all' : 'owned';
      if (await enqueue(tx, now, MESSAGE_KINDS.dutyDigest, { type: 'person', email }, `duty-digest:${digest.week}:${email}`, null, { week: digest.week, scope })) sent++;
    }
  });
  return sent;
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
