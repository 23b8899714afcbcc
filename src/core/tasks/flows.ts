/**
 * Adding a task to a concern and marking it done (issue #11): authorised against the stored incident
 * (those who may write on its record), checked against the card's version, recorded in the concern's
 * chronology, and announced to the owner through the outbox.
 */
import type { CoreDeps } from '../deps';
import type { Incident, Person } from '../model';
import type { Repositories } from '../ports';
import type { School } from '../people/school';
import { abilities } from '../routing/permissions';
import { checkRecordWrite } from '../incident-actions/record-write';
import { enqueue, enqueueRefresh, MESSAGE_KINDS } from '../notify/enqueue';
import { formatInstant, isLocalDate, parseClock, zonedInstant } from '../duties/dates';

/** The inputs of the "Add a task" form. */
export const TASK_INPUTS = { title: 'task_title', owner: 'task_owner', dueDate: 'task_due_date', dueTime: 'task_due_time' } as const;
/** The inputs of the "Mark a task done" forms (details view: which task; reminder: the task is the card's). */
export const DONE_INPUTS = { task: 'done_task', note: 'done_note' } as const;

const MAX_TITLE = 200;
const MAX_NOTE = 2000;

export type TaskOutcome =
  | { status: 'ok'; message: string }
  | { status: 'duplicate' | 'stale' | 'forbidden' | 'not_found' }
  | { status: 'refused'; reason: string }
  | { status: 'invalid'; errors: Record<string, string> };

/** Who may own a task on this concern: everyone who may write on its record (the DSL team, or an allegation's recipient). */
export function taskOwners(school: School, incident: Incident): Person[] {
  return school.everyone().filter((p) => abilities(school, incident, p).has('add_note'));
}

const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '');

/** Adds a task with an owner and a due time to an open concern. */
export async function addTask(deps: CoreDeps, actor: Person, req: { incidentId: string; version: number; inputs: Record<string, unknown>; eventId?: string }): Promise<TaskOutcome> {
  const { store, school, clock } = deps;
  return store.transaction(async (tx): Promise<TaskOutcome> => {
    const now = clock.now();
    const checked = await checkRecordWrite(tx, school, actor, now, req, 'add_task');
    if (!checked.ok) return checked.outcome;
    const { incident } = checked;
    if (incident.status === 'closed') return { status: 'refused', reason: 'This concern is closed: reopen it to add a task.' };
    const errors: Record<string, string> = {};
    const title = text(req.inputs[TASK_INPUTS.title]);
    if (!title) errors[TASK_INPUTS.title] = 'Please say what needs doing, for example "Phone mum".';
    else if (title.length > MAX_TITLE) errors[TASK_INPUTS.title] = `Please keep the task under ${MAX_TITLE} characters; put the detail in a note.`;
    const ownerEmail = text(req.inputs[TASK_INPUTS.owner]).toLowerCase();
    const owner = taskOwners(school, incident).find((p) => p.email === ownerEmail);
    if (!owner) errors[TASK_INPUTS.owner] = 'Please choose who will do it, from the people who work on this concern.';
    const dueAt = dueTime(school, text(req.inputs[TASK_INPUTS.dueDate]), text(req.inputs[TASK_INPUTS.dueTime]));
    if (!dueAt) errors[TASK_INPUTS.dueDate] = 'Please give the day it is due.';
    else if (dueAt.getTime() <= now.getTime()) errors[TASK_INPUTS.dueDate] = 'That time has already passed: please give a time still to come.';
    if (Object.keys(errors).length || !owner || !dueAt) return { status: 'invalid', errors };
    const task = await tx.tasks.add({ incidentId: incident.id, title, ownerEmail: owner.email, dueAt, createdBy: actor.email, createdAt: now });
    await tx.events.add({ incidentId: incident.id, at: now, actorEmail: actor.email, type: 'task_added', data: { taskId: task.id, title, owner: owner.email, dueAt: dueAt.getTime() } });
    // The owner hears of it now when someone else gave it to them; the sweep reminds them when it is due.
    if (owner.email !== actor.email) await enqueue(tx, now, MESSAGE_KINDS.taskAssigned, { type: 'person', email: owner.email }, `task:${task.id}:assigned`, { id: incident.id }, { taskId: task.id });
    await bump(tx, now, incident);
    return { status: 'ok', message: `Task added for ${owner.name}, due ${formatInstant(dueAt, school.timezone)}.` };
  });
}

/** What completing a task answers, with the incident it belongs to (for the card shown after). */
export type CompleteOutcome = TaskOutcome & { incidentId?: string };

/** Marks an open task done with a note; the task is named by the card (a reminder) or chosen on the form (the details view). */
export async function completeTask(deps: CoreDeps, actor: Person, req: { taskId: string; inputs: Record<string, unknown>; eventId?: string; version?: number; incidentId?: string }): Promise<CompleteOutcome> {
  const { store, school, clock } = deps;
  return store.transaction(async (tx): Promise<CompleteOutcome> => {
    const now = clock.now();
    // From the details view the task chosen must be one of that concern's: any other is "not chosen".
    const task = /^[0-9a-f-]{36}$/i.test(req.taskId) ? await tx.tasks.get(req.taskId) : null;
    if (!task || (req.incidentId !== undefined && task.incidentId !== req.incidentId)) return { status: 'invalid', errors: { [DONE_INPUTS.task]: 'Please choose the task that is done.' } };
    const checked = await checkRecordWrite(tx, school, actor, now, { incidentId: task.incidentId, version: req.version, eventId: req.eventId }, 'complete_task');
    // A refusal names no incident (nothing of it is shown); a retry or a stale card shows the concern as it is.
    if (!checked.ok) return checked.outcome.status === 'duplicate' || checked.outcome.status === 'stale' ? { ...checked.outcome, incidentId: task.incidentId } : checked.outcome;
    const { incident } = checked;
    if (task.status === 'done') return { status: 'refused', reason: `That task was already marked done by ${school.person(task.doneBy ?? '').name}.`, incidentId: incident.id };
    const note = text(req.inputs[DONE_INPUTS.note]);
    if (!note) return { status: 'invalid', errors: { [DONE_INPUTS.note]: 'Please add a note of what was done (for example who you spoke to and what was agreed).' }, incidentId: incident.id };
    if (note.length > MAX_NOTE) return { status: 'invalid', errors: { [DONE_INPUTS.note]: `Please keep the note under ${MAX_NOTE} characters.` }, incidentId: incident.id };
    if (!(await tx.tasks.complete(task.id, actor.email, now, note))) return { status: 'refused', reason: 'That task was already marked done.', incidentId: incident.id };
    await tx.events.add({ incidentId: incident.id, at: now, actorEmail: actor.email, type: 'task_done', data: { taskId: task.id, title: task.title, note } });
    await bump(tx, now, incident);
    return { status: 'ok', message: `Task done: ${task.title}.`, incidentId: incident.id };
  });
}

/** Bumps the incident's version so every open card of it refreshes with the task. */
async function bump(tx: Repositories, now: Date, incident: Incident): Promise<void> {
  const bumped = await tx.incidents.update(incident);
  if (bumped) await enqueueRefresh(tx, now, bumped);
}

/** The instant a task is due: a day (YYYY-MM-DD) and an optional time (HH:MM) in the school's time zone. */
export function dueTime(school: School, date: string, time: string): Date | null {
  if (!isLocalDate(date)) return null;
  let minutes: number;
  try {
    minutes = parseClock(time || school.file.follow_up.default_due_time);
  } catch {
    return null;
  }
  return zonedInstant(date, minutes, school.timezone);
}

