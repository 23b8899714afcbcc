/**
 * Doing duties: signing the AUA, recording training or a review, snoozing a reminder, and the
 * status views (your own duties; compliance at a glance for the DSL team and headteacher).
 * Platform handlers call one of these each; every check of who may do what lives here.
 */
import type { CoreDeps } from '../deps';
import type { Person, Role } from '../model';
import { addDays, isLocalDate, localDate, type LocalDate } from './dates';
import { DUTIES, isDutyId, type DutyId } from './catalogue';
import { ensureAua, loadInstances, ownersOf } from './facts';
import type { RecordedVia, Reminder } from './model';
import { dutyStatus, type DutyStatus } from './rules';
import { syncReminders } from './sweep';
import { allReminders } from './sync';

/** The DSL team and headteacher see everyone's compliance and may record for someone (004 §4.2-4.3). */
const OVERSIGHT: readonly Role[] = ['dsl', 'deputy_dsl', 'headteacher', 'online_safety_lead'];
export const hasOversight = (p: Person) => p.roles.some((r) => OVERSIGHT.includes(r));

export type FlowResult = { status: 'ok'; message: string } | { status: 'invalid' | 'forbidden' | 'stale' | 'not_found'; message: string };

/** Signs the current AUA (002 §6): refused when the card shows an older version than the school's current one. */
export async function signAua(deps: CoreDeps, person: Person, version: string, platform: RecordedVia): Promise<FlowResult> {
  const now = deps.clock.now();
  const aua = await ensureAua(deps.store, deps.school, now);
  if (version !== aua.version) return { status: 'stale', message: `The agreement has changed since this card was sent (now version ${aua.version}). Please read the current version and agree to that.` };
  await deps.store.aua.sign({ email: person.email, version, signedAt: now, platform });
  await syncReminders(deps, now);
  return { status: 'ok', message: `Thank you — you agreed to version ${version} of the acceptable use agreement on ${localDate(now, deps.school.timezone)}.` };
}

export interface CompletionInput {
  dutyId: string;
  /** Whose duty (personal duties); the actor's own when absent. */
  forEmail?: string;
  completedOn: string;
  certificateRef?: string;
  notes?: string;
  platform: RecordedVia;
}

/** Records training done or a review carried out, by the person, by the DSL team for someone, or by a review owner. */
export async function recordCompletion(deps: CoreDeps, actor: Person, input: CompletionInput): Promise<FlowResult> {
  const now = deps.clock.now();
  const today = localDate(now, deps.school.timezone);
  if (!isDutyId(input.dutyId) || input.dutyId === 'aua') return { status: 'invalid', message: 'That is not a duty I can record here (the AUA is signed on its own card).' };
  const def = DUTIES[input.dutyId];
  const on = (input.completedOn ?? '').trim();
  if (!isLocalDate(on)) return { status: 'invalid', message: 'Please give the date it was done (YYYY-MM-DD).' };
  if (on > today) return { status: 'invalid', message: 'The date cannot be in the future.' };
  const notes = input.notes?.trim().slice(0, 4000) || null;
  let email: string | null = null;
  if (def.scope === 'person') {
    email = (input.forEmail?.trim().toLowerCase() || actor.email);
    if (email !== actor.email && !hasOversight(actor)) return { status: 'forbidden', message: 'Only the DSL team can record training for someone else.' };
  } else {
    const owners = ownersOf(deps.school, def.owners ?? []);
    if (!owners.includes(actor.email) && !hasOversight(actor)) return { status: 'forbidden', message: 'Only the owners of this review (and the DSL team) can mark it done.' };
    // DfE filtering and monitoring standards: record what is blocked or allowed and why.
    if (input.dutyId === 'filtering_review' && !notes) return { status: 'invalid', message: 'Please record the outcome: what is blocked or allowed, and why.' };
  }
  await deps.store.completions.add({ dutyId: def.id, email, completedOn: on, certificateRef: input.certificateRef?.trim().slice(0, 200) || null, notes, recordedBy: actor.email, platform: input.platform, recordedAt: now });
  await syncReminders(deps, now);
  const who = email && email !== actor.email ? ` for ${deps.school.person(email).name}` : '';
  return { status: 'ok', message: `Recorded: ${def.title}${who}, done on ${on}.` };
}

/** Snoozes personal reminders of a duty until a date, with a reason the DSL team sees. Escalation is not snoozed. */
export async function snoozeReminder(deps: CoreDeps, actor: Person, reminderId: string, reason: string, until: string): Promise<FlowResult> {
  const today = localDate(deps.clock.now(), deps.school.timezone);
  const row = await deps.store.reminders.get(reminderId);
  if (!row) return { status: 'not_found', message: 'That reminder no longer exists.' };
  if (!mayAct(deps, actor, row)) return { status: 'forbidden', message: 'This reminder is not yours to snooze.' };
  const why = (reason ?? '').trim();
  if (!why) return { status: 'invalid', message: 'Please give a reason: the DSL team sees it.' };
  if (!isLocalDate(until) || until < today || until > addDays(today, 30)) return { status: 'invalid', message: 'Please choose a date within the next 30 days.' };
  const saved = await deps.store.reminders.update({ ...row, snoozedUntil: until, snoozeReason: why.slice(0, 500), snoozedBy: actor.email });
  if (!saved) return { status: 'stale', message: 'That reminder changed just now. Please try again.' };
  return { status: 'ok', message: `Snoozed until ${until}. The DSL team can see your reason.` };
}

/** Whether a person may act on a reminder: their own duty, an owned review, or the DSL team. */
export function mayAct(deps: Pick<CoreDeps, 'school'>, actor: Person, row: Pick<Reminder, 'dutyId' | 'subjectEmail'>): boolean {
  if (row.subjectEmail) return row.subjectEmail === actor.email || hasOversight(actor);
  const def = isDutyId(row.dutyId) ? DUTIES[row.dutyId] : null;
  return hasOversight(actor) || ownersOf(deps.school, def?.owners ?? []).includes(actor.email);
}

export interface DutyLine {
  reminderId: string | null;
  dutyId: DutyId;
  title: string;
  /** The person, for the DSL's views; null for school duties. */
  email: string | null;
  name: string | null;
  dueDate: LocalDate;
  status: DutyStatus;
  lastDone: LocalDate | null;
  snoozeReason: string | null;
}

/** Every duty line now (personal and school), with reminder ids. */
export async function dutyLines(deps: CoreDeps): Promise<DutyLine[]> {
  const now = deps.clock.now();
  const today = localDate(now, deps.school.timezone);
  await syncReminders(deps, now);
  const { instances, people } = await loadInstances(deps.store, deps.school, now);
  const rows = new Map((await allReminders(deps.store)).map((r) => [r.key, r]));
  const names = new Map(people.map((p) => [p.email, p.name]));
  return instances.map((i) => {
    const row = rows.get(i.key);
    const due = i.dueDate ?? row?.dueDate ?? today;
    return { reminderId: row?.id ?? null, dutyId: i.dutyId, title: i.def.title, email: i.email, name: i.email ? (names.get(i.email) ?? i.email) : null, dueDate: due, status: dutyStatus(due, today, deps.school.duties), lastDone: i.lastDone, snoozeReason: row?.snoozeReason ?? null };
  });
}

/** A person's own duties: theirs, and the school reviews they own. */
export async function myDuties(deps: CoreDeps, person: Person): Promise<DutyLine[]> {
  return (await dutyLines(deps)).filter((l) => (l.email ? l.email === person.email : ownersOf(deps.school, DUTIES[l.dutyId].owners ?? []).includes(person.email)));
}

export interface Compliance {
  staff: number;
  trainingCurrentPct: number;
  auaCurrentPct: number;
  overdueByDuty: { title: string; count: number; names: string[] }[];
  schoolDuties: DutyLine[];
  snoozed: DutyLine[];
}

/** Compliance at a glance (DSL team and headteacher only): percent of staff current, what is overdue, by duty. */
export async function compliance(deps: CoreDeps, viewer: Person): Promise<Compliance | null> {
  if (!hasOversight(viewer)) return null;
  const lines = await dutyLines(deps);
  const personal = lines.filter((l) => l.email);
  const pct = (id: DutyId) => {
    const of = personal.filter((l) => l.dutyId === id);
    return of.length === 0 ? 100 : Math.round((100 * of.filter((l) => l.status !== 'overdue').length) / of.length);
  };
  const overdue = new Map<string, string[]>();
  for (const l of lines.filter((x) => x.status === 'overdue')) overdue.set(l.title, [...(overdue.get(l.title) ?? []), l.name ?? 'School']);
  return {
    staff: new Set(personal.map((l) => l.email)).size,
    trainingCurrentPct: pct('staff_training'),
    auaCurrentPct: pct('aua'),
    overdueByDuty: [...overdue.entries()].map(([title, names]) => ({ title, count: names.length, names })),
    schoolDuties: lines.filter((l) => !l.email),
    snoozed: lines.filter((l) => l.snoozeReason),
  };
}
