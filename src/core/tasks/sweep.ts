/**
 * The tasks sweep (issue #11), run each background round: the leased claim duties use (GUIDE
 * practice 4), so two instances never work the same task at once, and each message an outbox row
 * with a dedupe key, so a task's reminder and its escalation are each sent once whatever happens.
 *
 * Stages: when a task is due its owner is reminded; when it is still open `task_escalate_after_hours`
 * later, those who decide on the concern (the DSL and deputies, or an allegation's recipient) are told,
 * and the chronology says so. A sweep that finds a task past both (the server was down) sends both now,
 * never the second a day later. And an open concern with no activity for `stale_after_days` is flagged
 * to its owner (or its deciders when it has none), once per quiet spell.
 */
import type { CoreDeps } from '../deps';
import type { Incident, Person } from '../model';
import { abilities } from '../routing/permissions';
import { enqueue, MESSAGE_KINDS } from '../notify/enqueue';
import type { Task, TaskStage } from './model';

const LEASE_MS = 60_000;
const BATCH = 50;
const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** Those told when a task is overdue or a concern quiet: who may decide on it, but not `except` (the owner, told already). */
export function deciders(deps: CoreDeps, incident: Incident, except?: string): Person[] {
  return deps.school.everyone().filter((p) => p.email !== except && abilities(deps.school, incident, p).has('decide'));
}

export interface TaskSweepResult {
  reminded: number;
  escalated: number;
}

/** One sweep of due tasks; safe to run on any number of instances at once. */
export async function sweepTasks(deps: CoreDeps, owner: string): Promise<TaskSweepResult> {
  const result: TaskSweepResult = { reminded: 0, escalated: 0 };
  for (;;) {
    const claimed = await deps.store.tasks.claimDue(deps.clock.now(), owner, LEASE_MS, BATCH);
    for (const task of claimed) {
      const r = await advanceTask(deps, task, owner);
      result.reminded += r.reminded;
      result.escalated += r.escalated;
    }
    // Until nothing is left to claim: a short batch may only mean another sweeper took the rest of this one.
    if (claimed.length === 0) break;
  }
  return result;
}

/** Sends what is due for one claimed task and records the stage reached, in one transaction. */
async function advanceTask(deps: CoreDeps, task: Task, owner: string): Promise<{ reminded: number; escalated: number }> {
  const escalateMs = deps.school.file.follow_up.task_escalate_after_hours * HOUR;
  return deps.store.transaction(async (tx) => {
    const now = deps.clock.now();
    const incident = await tx.incidents.get(task.incidentId);
    // A closed concern's open task is reminded no more; the record keeps it open, as it was left.
    if (!incident || incident.status === 'closed') {
      await tx.tasks.advance(task.id, owner, task.stage, null);
      return { reminded: 0, escalated: 0 };
    }
    const target: TaskStage = now.getTime() >= task.dueAt.getTime() + escalateMs ? 2 : 1;
    let reminded = 0;
    let escalated = 0;
    if (task.stage < 1) {
      await enqueue(tx, now, MESSAGE_KINDS.taskDue, { type: 'person', email: task.ownerEmail }, `task:${task.id}:due`, { id: incident.id }, { taskId: task.id });
      reminded = 1;
    }
    if (target === 2 && task.stage < 2) {
      for (const p of deciders(deps, incident, task.ownerEmail))
        await enqueue(tx, now, MESSAGE_KINDS.taskOverdue, { type: 'person', email: p.email }, `task:${task.id}:overdue:${p.email}`, { id: incident.id }, { taskId: task.id });
      await tx.events.add({ incidentId: incident.id, at: now, actorEmail: null, type: 'task_overdue', data: { taskId: task.id, title: task.title } });
      escalated = 1;
    }
    // Lost the lease (this sweep was slower than it): roll back; the holder sends the same rows, deduplicated.
    if (!(await tx.tasks.advance(task.id, owner, target, target === 1 ? new Date(task.dueAt.getTime() + escalateMs) : null))) throw new LeaseLost();
    return { reminded, escalated };
  }).catch((err: unknown) => {
    if (err instanceof LeaseLost) return { reminded: 0, escalated: 0 };
    throw err;
  });
}

class LeaseLost extends Error {}

/** Flags each open concern quiet for the school's number of days, once per quiet spell (the dedupe key holds its last activity). */
export async function flagQuietConcerns(deps: CoreDeps): Promise<number> {
  const now = deps.clock.now();
  const quiet = await deps.store.incidents.listQuiet(new Date(now.getTime() - deps.school.file.follow_up.stale_after_days * DAY), BATCH);
  let flagged = 0;
  for (const { incidentId, lastActivityAt } of quiet) {
    await deps.store.transaction(async (tx) => {
      const incident = await tx.incidents.get(incidentId);
      if (!incident || incident.status === 'closed') return;
      const to = incident.ownerEmail ? [incident.ownerEmail] : deciders(deps, incident).map((p) => p.email);
      let sent = false;
      for (const email of to) sent = (await enqueue(tx, now, MESSAGE_KINDS.incidentStale, { type: 'person', email }, `stale:${incident.id}:${lastActivityAt.getTime()}:${email}`, incident, { since: lastActivityAt.getTime() })) || sent;
      if (sent) {
        await tx.events.add({ incidentId: incident.id, at: now, actorEmail: null, type: 'stale_flagged', data: { since: lastActivityAt.getTime() } });
        flagged++;
      }
    });
  }
  return flagged;
}
