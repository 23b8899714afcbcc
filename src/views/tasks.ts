/**
 * The work after a report (issue #11) as people read it: the details view's "Tasks" section and forms,
 * the private messages the sweep sends (a task given, due, overdue; a concern gone quiet), and the
 * follow-up form (002 appendix J).
 */
import type { Incident } from '../core/model';
import type { School } from '../core/people/school';
import type { IncidentDossier } from '../core/incident-actions/view';
import { isOverdue, type Task } from '../core/tasks/model';
import { taskOwners } from '../core/tasks/flows';
import { formatInstant, localDate } from '../core/duties/dates';
import { renderFollowUp, renderTask, type AdaptiveCard, type Fact, type TasksView } from '../cards';
import { FOLLOW_UP_INPUTS } from '../core/incident-actions/follow-up';

/** An instant in the school's time zone, in the one style every card uses. */
const when = (school: School, d: Date) => formatInstant(d, school.timezone);

/** One line per task: what, who, when — overdue ones say so in words, not only in colour. */
export function tasksSection(school: School, tasks: Task[], now: Date): { title: string; facts: Fact[] } | null {
  if (tasks.length === 0) return null;
  const facts = tasks.map((t) =>
    t.status === 'done'
      ? { title: `☑ ${t.title}`, value: `Done by ${school.person(t.doneBy ?? '').name}, ${when(school, t.doneAt ?? now)} — ${t.doneNote ?? ''}` }
      : { title: `☐ ${t.title}`, value: `${school.person(t.ownerEmail).name} — due ${when(school, t.dueAt)}${isOverdue(t, now) ? ' — OVERDUE' : ''}` },
  );
  return { title: 'Tasks', facts };
}

/** The task forms of the details view, for someone who may write on the record of an open concern. */
export function tasksView(school: School, dossier: IncidentDossier, viewerEmail: string | undefined, now: Date, mayWrite: boolean): TasksView | undefined {
  if (!mayWrite) return undefined;
  const owners = taskOwners(school, dossier.incident).map((p) => ({ value: p.email, title: p.name }));
  const open = (dossier.tasks ?? []).filter((t) => t.status === 'open').map((t) => ({ value: t.id, title: `${t.title} (${school.person(t.ownerEmail).name}, due ${when(school, t.dueAt)})` }));
  const defaultOwner = owners.find((o) => o.value === viewerEmail)?.value ?? owners[0]?.value ?? '';
  return { owners, defaultOwner, today: localDate(now, school.timezone), defaultTime: school.file.follow_up.default_due_time, open };
}

export type TaskMessage = 'assigned' | 'due' | 'overdue';

const TITLES: Record<TaskMessage, (t: Task, school: School) => string> = {
  assigned: (t, s) => `${s.person(t.createdBy).name} gave you a task`,
  due: () => 'A task is due',
  overdue: (t, s) => `A task is overdue: ${s.person(t.ownerEmail).name} has not marked it done`,
};

/** A task message to one person: the task, its concern's reference, and "Mark done" while it is open. */
export function taskCard(school: School, task: Task, incident: Incident, kind: TaskMessage): AdaptiveCard {
  const facts: Fact[] = [
    { title: 'Task', value: task.title },
    { title: 'Concern', value: incident.reference },
    { title: 'Owner', value: school.person(task.ownerEmail).name },
    { title: 'Due', value: when(school, task.dueAt) },
  ];
  if (task.status === 'done') facts.push({ title: 'Done', value: `By ${school.person(task.doneBy ?? '').name}, ${when(school, task.doneAt ?? task.dueAt)}` });
  return renderTask({
    title: task.status === 'done' ? 'This task is done' : TITLES[kind](task, school),
    text: kind === 'overdue' && task.status === 'open' ? 'Please check with them, or take it on. Marking it done needs a note of what was done.' : '',
    style: task.status === 'done' ? 'good' : kind === 'overdue' ? 'attention' : kind === 'due' ? 'warning' : 'default',
    facts,
    ...(task.status === 'open' ? { taskId: task.id } : {}),
    incidentId: incident.id,
    reference: incident.reference,
  });
}

/** A concern no one has worked on for a while, to its owner (or those who decide on it). */
export function staleCard(school: School, incident: Incident, since: Date): AdaptiveCard {
  return renderTask({
    title: `${incident.reference} has had no activity since ${when(school, since)}`,
    text: 'It is still open. Please add a note of where it stands, add a task, or close it with its outcome.',
    style: 'warning',
    facts: [{ title: 'Owner', value: incident.ownerEmail ? school.person(incident.ownerEmail).name : 'no one yet' }],
    incidentId: incident.id,
    reference: incident.reference,
  });
}

/** The follow-up form (002 appendix J) for a concern; `typed`: what the person had entered, kept when they are asked again. */
export function followUpCard(incident: Incident, typed: Record<string, unknown> = {}): AdaptiveCard {
  const v = (id: string) => {
    const x = typed[id];
    return Array.isArray(x) ? x.map(String).join(',') : typeof x === 'string' ? x : '';
  };
  const I = FOLLOW_UP_INPUTS;
  return renderFollowUp({
    incidentId: incident.id,
    version: incident.version,
    reference: incident.reference,
    values: {
      parents: v(I.parents),
      parentsWho: v(I.parentsWho),
      parentsWhen: v(I.parentsWhen),
      parentsReason: v(I.parentsReason),
      advice: v(I.advice),
      platform: v(I.platform),
      sanctions: v(I.sanctions),
      support: v(I.support),
      community: v(I.community),
      reviews: v(I.reviews),
    },
  });
}
