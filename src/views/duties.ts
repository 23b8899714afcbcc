/** Duties as cards: core data → typed card data (Teams sends them; Slack can convert them). */
import type { CoreDeps } from '../core/deps';
import type { Person } from '../core/model';
import { DUTIES, isDutyId } from '../core/duties/catalogue';
import { daysBetween, formatDate, localDate } from '../core/duties/dates';
import { compliance, hasOversight, mayAct, myDuties, dutyLines, type DutyLine } from '../core/duties/flows';
import { escalationRecipients } from '../core/duties/sweep';
import type { CurrentAua } from '../core/duties/facts';
import type { FilterRequest, Reminder } from '../core/duties/model';
import { mayDecide } from '../core/duties/filtering';
import { approvalsNeeded, approversPhrase } from '../core/duties/approvers';
import { renderAua, renderDutyReminder, renderDutyStatus, renderFilterRequest, type AdaptiveCard } from '../cards';


function whenText(dueDate: string, today: string): string {
  const days = daysBetween(today, dueDate);
  if (days > 0) return `due in ${days} day${days === 1 ? '' : 's'}, on ${formatDate(dueDate)}`;
  if (days === 0) return 'due today';
  return `overdue by ${-days} day${days === -1 ? '' : 's'} (was due ${formatDate(dueDate)})`;
}

/** The reminder card for one duty instance, as its subject or owner sees it. */
export function reminderCard(deps: CoreDeps, row: Reminder, viewer: Person): AdaptiveCard {
  const today = localDate(deps.clock.now(), deps.school.timezone);
  const def = isDutyId(row.dutyId) ? DUTIES[row.dutyId] : null;
  const title = def?.title ?? row.dutyId;
  const own = row.subjectEmail === viewer.email || row.subjectEmail === null;
  const mine = mayAct(deps, viewer, row);
  const whose = own ? '' : ` for ${deps.school.person(row.subjectEmail ?? '').name}`;
  const days = daysBetween(today, row.dueDate);
  return renderDutyReminder({
    reminderId: row.id,
    title: `${title}${whose}: ${whenText(row.dueDate, today)}`,
    text: def?.kind === 'aua' ? 'Please read the acceptable use agreement and agree to it before working with pupils (it is renewed every year and whenever it changes).' : def?.kind === 'review' ? 'When it is done, mark it done here with its outcome.' : 'When you have done it, record it here (with a certificate reference if you have one).',
    style: days < 0 ? 'attention' : days <= 7 ? 'warning' : 'default',
    facts: [
      { title: 'Due', value: formatDate(row.dueDate) },
      ...(def ? [{ title: 'Why', value: def.source }] : []),
      ...(row.snoozeReason ? [{ title: 'Snoozed', value: `until ${row.snoozedUntil}: ${row.snoozeReason}` }] : []),
    ],
    canSign: def?.kind === 'aua' && row.subjectEmail === viewer.email,
    canRecord: def?.kind !== 'aua' && mine,
    canSnooze: own && mine && days <= 7,
    recordTitle: def?.kind === 'review' ? 'Mark done' : 'I have done this training',
    notesLabel: row.dutyId === 'filtering_review' ? 'Outcome: what is blocked or allowed, and why' : 'Notes (optional)',
    today,
  });
}

/** The AUA card: the school's current text, split into paragraphs (Markdown headings and emphasis dropped). */
export function auaCard(aua: CurrentAua): AdaptiveCard {
  const paragraphs = aua.text
    .split(/\n\s*\n/)
    .map((p) => p.replace(/^#+\s*/gm, '').replace(/\*\*/g, '').replace(/\s*\n\s*/g, ' ').trim())
    .filter(Boolean);
  return renderAua({ title: 'Acceptable use agreement', version: aua.version, paragraphs });
}

const line = (l: DutyLine, today: string) => `${l.name ? `${l.name} — ` : ''}${l.title}: ${whenText(l.dueDate, today)}${l.snoozeReason ? ` (snoozed: ${l.snoozeReason})` : ''}`;

/** `status`: compliance at a glance for the DSL team and headteacher; everyone's own duties. */
export async function statusCards(deps: CoreDeps, viewer: Person): Promise<AdaptiveCard[]> {
  const today = localDate(deps.clock.now(), deps.school.timezone);
  const cards: AdaptiveCard[] = [];
  const c = await compliance(deps, viewer);
  if (c) {
    cards.push(
      renderDutyStatus({
        title: `Compliance at a glance — ${deps.school.name}`,
        intro: `${c.staff} people. Safeguarding training current: ${c.trainingCurrentPct}%. Acceptable use agreement current: ${c.auaCurrentPct}%.`,
        sections: [
          { title: 'Overdue, by duty', lines: c.overdueByDuty.map((o) => `${o.title}: ${o.count} — ${o.names.join(', ')}`) },
          { title: 'School reviews', lines: c.schoolDuties.map((l) => line(l, today)) },
          { title: 'Snoozed reminders', lines: c.snoozed.map((l) => line(l, today)) },
        ],
        canRecordFor: true,
        trainingChoices: (['staff_training', 'dsl_training', 'dsl_refresh', 'governor_training'] as const).map((id) => ({ value: id, title: DUTIES[id].title })),
      }),
    );
  }
  const mine = await myDuties(deps, viewer);
  cards.push(renderDutyStatus({ title: 'Your duties', sections: [{ title: 'Due dates', lines: mine.map((l) => line({ ...l, name: null }, today)) }], canRecordFor: false }));
  for (const l of mine.filter((x) => x.status !== 'current' && x.reminderId)) {
    const row = await deps.store.reminders.get(l.reminderId!);
    if (row) cards.push(reminderCard(deps, row, viewer));
  }
  return cards;
}

/** The weekly digest: what is due and overdue, by person and duty (all for the DSL team; owned reviews for other owners). */
export async function digestCard(deps: CoreDeps, email: string, week: string, scope: string): Promise<AdaptiveCard> {
  const viewer = deps.school.person(email);
  const today = localDate(deps.clock.now(), deps.school.timezone);
  let lines = (await dutyLines(deps)).filter((l) => l.status !== 'current');
  if (scope !== 'all' || !hasOversight(viewer)) lines = lines.filter((l) => !l.email && mayAct(deps, viewer, { dutyId: l.dutyId, subjectEmail: null }));
  const overdue = lines.filter((l) => l.status === 'overdue');
  const soon = lines.filter((l) => l.status !== 'overdue');
  return renderDutyStatus({
    title: `Weekly duties digest — week of ${formatDate(week)}`,
    intro: lines.length === 0 ? 'Everything is up to date.' : `${overdue.length} overdue, ${soon.length} due soon.`,
    sections: [
      { title: 'Overdue', lines: overdue.map((l) => line(l, today)) },
      { title: 'Due soon', lines: soon.map((l) => line(l, today)) },
    ],
    canRecordFor: false,
  });
}

const DIGEST_LINES = 25;

/**
 * To the headteacher (the chair for the headteacher's own duties): one digest of every duty long
 * overdue, grouped by duty — "7 people are long overdue…" — not one message per person.
 */
export async function escalationDigestCard(deps: CoreDeps, email: string, day: string): Promise<AdaptiveCard> {
  const today = localDate(deps.clock.now(), deps.school.timezone);
  const after = deps.school.duties.escalate_after_days;
  const lines = (await dutyLines(deps)).filter((l) => l.status === 'overdue' && daysBetween(l.dueDate, today) >= after && escalationRecipients(deps, l.email).includes(email));
  const byDuty = new Map<string, DutyLine[]>();
  for (const l of lines) byDuty.set(l.dutyId, [...(byDuty.get(l.dutyId) ?? []), l]);
  const people = new Set(lines.filter((l) => l.email).map((l) => l.email)).size;
  const school = lines.filter((l) => !l.email).length;
  const subjects = [people ? `${people} ${people === 1 ? 'person' : 'people'}` : '', school ? `${school} school ${school === 1 ? 'review' : 'reviews'}` : ''].filter(Boolean);
  const verb = people + school === 1 ? 'is' : 'are';
  return renderDutyStatus({
    title: `Long overdue duties — ${formatDate(day)}`,
    intro: lines.length === 0 ? 'Everything that was long overdue has been done since this was sent.' : `${subjects.join(' and ')} ${verb} long overdue (${after} days or more) for a safeguarding duty. Reminders have been sent; please follow them up.`,
    sections: [...byDuty.entries()].map(([dutyId, ls]) => ({
      title: `${DUTIES[dutyId as keyof typeof DUTIES]?.title ?? dutyId}: ${ls.length} (${DUTIES[dutyId as keyof typeof DUTIES]?.source ?? ''})`,
      // A card has limits (Teams about 28 KB, Block Kit 3000 characters a section): the full list is in `status`.
      lines: [...ls.slice(0, DIGEST_LINES).map((l) => `${l.name ?? 'The school'} — ${whenText(l.dueDate, today)}${l.snoozeReason ? ` (snoozed: ${l.snoozeReason})` : ''}`), ...(ls.length > DIGEST_LINES ? [`…and ${ls.length - DIGEST_LINES} more: type status to see everyone`] : [])],
    })),
    canRecordFor: false,
  });
}

/** To the headteacher: a duty long overdue (an escalation queued before digests, still delivered as it was). */
export function escalationCard(deps: CoreDeps, row: Reminder): AdaptiveCard {
  const today = localDate(deps.clock.now(), deps.school.timezone);
  const def = isDutyId(row.dutyId) ? DUTIES[row.dutyId] : null;
  const who = row.subjectEmail ? deps.school.person(row.subjectEmail).name : 'The school';
  return renderDutyStatus({
    title: `Long overdue: ${def?.title ?? row.dutyId}`,
    intro: `${who} — ${whenText(row.dueDate, today)}. Reminders have been sent; please follow it up (${def?.source ?? ''}).`,
    sections: row.snoozeReason ? [{ title: 'Snoozed with this reason', lines: [row.snoozeReason] }] : [],
    canRecordFor: false,
  });
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

export type FilterView = 'form' | 'approver' | 'requester' | 'ict_change' | 'ict_reblock';

/** A filtering request card for each audience. */
export function filterCard(deps: CoreDeps, req: FilterRequest | null, view: FilterView, viewer?: Person): AdaptiveCard {
  if (!req || view === 'form') return renderFilterRequest({ title: 'Ask to unblock a website for a lesson', text: `${capitalise(approversPhrase(deps.school))} will decide; the ICT lead then makes the change. Every change is logged (004 §11.1).`, facts: [], form: true, canDecide: false, canConfirm: false });
  const firstBy = req.firstApprovedBy ?? null;
  const facts = [
    { title: 'Site', value: req.url },
    { title: 'Why', value: req.reason },
    { title: 'Period', value: `${formatDate(req.fromDate)} to ${formatDate(req.untilDate)}` },
    { title: 'Asked by', value: deps.school.person(req.requesterEmail).name },
    { title: 'Status', value: req.status },
    ...(firstBy ? [{ title: approvalsNeeded(deps.school) === 2 && req.status === 'pending' ? 'Approved so far (1 of 2)' : 'First approval', value: `${deps.school.person(firstBy).name}: ${req.firstApprovalNote ?? ''}` }] : []),
    ...(req.decisionNote ? [{ title: 'Decision note', value: req.decisionNote }] : []),
  ];
  const titles: Record<Exclude<FilterView, 'form'>, string> = {
    approver: 'Request to unblock a website',
    requester: req.status === 'refused' ? 'Your unblock request was refused' : req.status === 'pending' ? 'Your unblock request is waiting for a decision' : 'Your unblock request was approved',
    ict_change: 'Please unblock this website (approved)',
    ict_reblock: req.status === 'reblocked' ? 'This website is blocked again (logged)' : 'The unblocking period has ended: please block this website again',
  };
  return renderFilterRequest({
    requestId: req.id,
    title: titles[view],
    facts,
    form: false,
    // The first of two approvers does not get the buttons again: the second approval must be someone else's.
    canDecide: view === 'approver' && req.status === 'pending' && (!viewer || (mayDecide(deps.school, viewer) && viewer.email !== firstBy && viewer.email !== req.requesterEmail)),
    // After the period, an approved request never confirmed as unblocked is confirmed blocked too.
    canConfirm: (view === 'ict_change' && req.status === 'approved') || (view === 'ict_reblock' && (req.status === 'changed' || req.status === 'approved')),
    confirmTitle: view === 'ict_reblock' ? 'I have blocked it again' : 'I have unblocked it',
  });
}
