/**
 * Duties and filtering requests on any platform: the card actions, the chat commands
 * (status, aua, unblock) as cards, the rendering of duty messages for the outbox, and roster sync.
 */
import { z } from 'zod';
import type { CoreDeps } from '../core/deps';
import type { OutboxMessage } from '../core/model';
import { MESSAGE_KINDS } from '../core/notify/enqueue';
import { localDate } from '../core/duties/dates';
import { currentAua } from '../core/duties/facts';
import { mayAct, recordCompletion, signAua, snoozeReminder, type FlowResult } from '../core/duties/flows';
import { confirmChange, decideUnblock, mayDecide, requestUnblock } from '../core/duties/filtering';
import { syncReminders } from '../core/duties/sweep';
import { VERBS, renderNotice, type AdaptiveCard } from '../cards';
import { auaCard, digestCard, escalationCard, escalationDigestCard, filterCard, reminderCard, statusCards } from '../views/duties';
import { withNotice } from '../views/notice';
import { forbidden, notFound } from '../errors';
import { entry, TITLES, type ActionAnswer, type ActionContext, type Command, type FormContext, type FormSource } from './types';

/** The duty chat commands (status, aua, unblock), for the shared command table. */
export const DUTY_COMMANDS: readonly Command[] = [
  {
    name: 'status',
    aliases: ['safeguard status', 'duties', 'my duties'],
    description: 'Your safeguarding duties; for the DSL team, compliance at a glance',
    handle: async (ctx) => ({ cards: await statusCards(ctx.deps, ctx.person) }),
  },
  {
    name: 'aua',
    aliases: ['safeguard aua'],
    description: 'Read and sign the acceptable use agreement',
    form: VERBS.dutySign,
    handle: async (ctx) => ({ cards: [auaCard(await currentAua(ctx.deps.store, ctx.deps.school, ctx.deps.clock.now()))] }),
  },
  {
    name: 'unblock',
    aliases: ['safeguard unblock'],
    description: 'Ask for a website to be unblocked for a lesson',
    form: VERBS.filterRequest,
    handle: async (ctx) => ({ cards: [filterCard(ctx.deps, null, 'form')] }),
  },
];

const GONE = 'That reminder or request no longer exists.';

/** A form source from a re-rendered card, or the "no longer exists" message when its record is gone. */
const formFrom = (card: AdaptiveCard | null): FormSource => (card ? { card, seenRefs: false } : { message: GONE });

const refOf = (data: Record<string, unknown>, k: string) => {
  const parsed = z.uuid().safeParse(data[k]);
  return parsed.success ? parsed.data : null;
};

/** The reminder card holding the complete and snooze forms, for `person`. */
async function reminderForm(ctx: FormContext, data: Record<string, unknown>): Promise<FormSource> {
  const reminderId = refOf(data, 'reminderId');
  const row = reminderId ? await ctx.deps.store.reminders.get(reminderId) : null;
  if (row && !mayAct(ctx.deps, ctx.person, row)) return formFrom(noAccessCard());
  return formFrom(row ? reminderCard(ctx.deps, row, ctx.person) : null);
}

/** The approver's card of a filtering request, holding the approve and refuse forms. */
async function approverForm(ctx: FormContext, data: Record<string, unknown>): Promise<FormSource> {
  const requestId = refOf(data, 'requestId');
  const req = requestId ? await ctx.deps.store.filterRequests.get(requestId) : null;
  // Not an approver (the ICT lead included): a refusal that shows nothing of the request.
  if (req && !mayDecide(ctx.deps.school, ctx.person)) return formFrom(noAccessCard());
  return formFrom(req ? filterCard(ctx.deps, req, 'approver', ctx.person) : null);
}

/** The status card holding the "record for someone" form. */
const statusForm = async (ctx: FormContext): Promise<FormSource> => formFrom((await statusCards(ctx.deps, ctx.person))[0] ?? null);

/** The card a person who may not act sees instead of the form (Slack opens it as the modal): no details. */
function noAccessCard(): AdaptiveCard {
  return renderNotice({ title: NO_ACCESS, text: '', style: 'attention' });
}

const str = z.string().max(4000).optional();
const reminderRef = z.looseObject({ reminderId: z.uuid() });
const requestRef = z.looseObject({ requestId: z.uuid(), note: str });

/** What someone who may not act on a reminder or request is told: nothing about it, as a refusal must reveal nothing. */
const NO_ACCESS = "Sorry — you don't have access to that. Nothing was changed.";

/**
 * A flow's result as an answer: ok replaces the card with the updated one and a notice; a refusal is
 * only "you don't have access" (never the card, which would show the request or reminder's details);
 * otherwise the card stays with the reason.
 */
function answer(result: FlowResult, card: AdaptiveCard | null): ActionAnswer {
  if (result.status === 'forbidden') throw forbidden(NO_ACCESS);
  if (result.status === 'ok') return card ? { card: withNotice(card, result.message, 'good') } : { card: renderNotice({ title: result.message, text: '', style: 'good' }) };
  return card ? { card: withNotice(card, result.message, result.status === 'invalid' ? 'attention' : 'warning') } : { message: result.message };
}

async function reminderOf(ctx: ActionContext, reminderId: string) {
  const row = await ctx.deps.store.reminders.get(reminderId);
  if (!row) throw notFound('That reminder no longer exists.');
  return row;
}

async function filterAnswer(ctx: ActionContext, requestId: string, result: FlowResult, view: 'approver' | 'ict_change' | 'ict_reblock'): Promise<ActionAnswer> {
  const req = await ctx.deps.store.filterRequests.get(requestId);
  const v = view === 'approver' ? 'approver' : req?.reblockRemindedAt || req?.status === 'reblocked' ? 'ict_reblock' : view;
  return answer(result, req ? filterCard(ctx.deps, req, v, ctx.person) : null);
}

/** The duty and filtering verbs: one entry each, for the shared action registry. */
export const DUTY_ACTIONS = {
  [VERBS.dutyAua]: entry({
    schema: reminderRef,
    title: TITLES.duty,
    handle: async (ctx) => ({ card: auaCard(await currentAua(ctx.deps.store, ctx.deps.school, ctx.deps.clock.now())) }),
  }),
  [VERBS.dutySign]: entry({
    schema: z.looseObject({ version: z.coerce.string().max(40) }),
    title: TITLES.duty,
    async handle(ctx, { version }) {
      const r = await signAua(ctx.deps, ctx.person, version, ctx.reporter.platform);
      return r.status === 'stale' ? { card: withNotice(auaCard(await currentAua(ctx.deps.store, ctx.deps.school, ctx.deps.clock.now())), r.message, 'warning') } : answer(r, null);
    },
  }),
  [VERBS.dutyComplete]: entry({
    schema: reminderRef.extend({ completedOn: str, certificateRef: str, notes: str }),
    title: TITLES.duty,
    formCard: reminderForm,
    async handle(ctx, d) {
      const row = await reminderOf(ctx, d.reminderId);
      const r = await recordCompletion(ctx.deps, ctx.person, { dutyId: row.dutyId, forEmail: row.subjectEmail ?? undefined, completedOn: d.completedOn ?? '', certificateRef: d.certificateRef, notes: d.notes, platform: ctx.reporter.platform });
      return answer(r, r.status === 'ok' ? null : reminderCard(ctx.deps, row, ctx.person));
    },
  }),
  [VERBS.dutySnooze]: entry({
    schema: reminderRef.extend({ snoozeReason: str, snoozeUntil: str }),
    title: TITLES.duty,
    formCard: reminderForm,
    async handle(ctx, d) {
      const r = await snoozeReminder(ctx.deps, ctx.person, d.reminderId, d.snoozeReason ?? '', d.snoozeUntil ?? '');
      return answer(r, reminderCard(ctx.deps, await reminderOf(ctx, d.reminderId), ctx.person));
    },
  }),
  [VERBS.dutyRecordFor]: entry({
    schema: z.looseObject({ forEmail: str, dutyId: str, completedOn: str, certificateRef: str }),
    title: TITLES.duty,
    formCard: statusForm,
    async handle(ctx, d) {
      const r = await recordCompletion(ctx.deps, ctx.person, { dutyId: d.dutyId ?? '', forEmail: d.forEmail, completedOn: d.completedOn ?? '', certificateRef: d.certificateRef, platform: ctx.reporter.platform });
      return r.status === 'ok' ? answer(r, null) : { message: r.message };
    },
  }),
  [VERBS.filterRequest]: entry({
    schema: z.looseObject({ url: str, reason: str, fromDate: str, untilDate: str }),
    title: TITLES.filter,
    async handle(ctx, d) {
      const r = await requestUnblock(ctx.deps, ctx.person, { url: d.url ?? '', reason: d.reason ?? '', fromDate: d.fromDate ?? '', untilDate: d.untilDate ?? '' });
      return answer(r, r.status === 'ok' && r.request ? filterCard(ctx.deps, r.request, 'requester') : filterCard(ctx.deps, null, 'form'));
    },
  }),
  [VERBS.filterApprove]: entry({
    schema: requestRef,
    title: TITLES.filter,
    formCard: approverForm,
    handle: async (ctx, d) => filterAnswer(ctx, d.requestId, await decideUnblock(ctx.deps, ctx.person, d.requestId, true, d.note ?? ''), 'approver'),
  }),
  [VERBS.filterRefuse]: entry({
    schema: requestRef,
    title: TITLES.filter,
    formCard: approverForm,
    handle: async (ctx, d) => filterAnswer(ctx, d.requestId, await decideUnblock(ctx.deps, ctx.person, d.requestId, false, d.note ?? ''), 'approver'),
  }),
  [VERBS.filterConfirm]: entry({
    schema: requestRef,
    title: TITLES.filter,
    handle: async (ctx, d) => filterAnswer(ctx, d.requestId, await confirmChange(ctx.deps, ctx.person, d.requestId), 'ict_change'),
  }),
};

/** Renders a duty or filtering outbox message for its recipient; null when the kind is not one of ours. Throws 'GONE' when its record vanished. */
export async function renderDutyMessage(deps: CoreDeps, msg: OutboxMessage): Promise<AdaptiveCard | null> {
  const email = msg.recipient.type === 'person' ? msg.recipient.email : '';
  const p = msg.payload as { reminderId?: string; requestId?: string; week?: string; scope?: string; day?: string };
  switch (msg.kind) {
    case MESSAGE_KINDS.dutyReminder:
    case MESSAGE_KINDS.dutyEscalation: {
      if (msg.kind === MESSAGE_KINDS.dutyEscalation && p.day) return escalationDigestCard(deps, email, p.day);
      // A reminder, or an escalation queued before digests: it names its reminder row.
      const row = p.reminderId ? await deps.store.reminders.get(p.reminderId) : null;
      if (!row) throw new Error('GONE');
      return msg.kind === MESSAGE_KINDS.dutyReminder ? reminderCard(deps, row, deps.school.person(email)) : escalationCard(deps, row);
    }
    case MESSAGE_KINDS.dutyDigest:
      return digestCard(deps, email, p.week ?? localDate(deps.clock.now(), deps.school.timezone), p.scope ?? 'owned');
    case MESSAGE_KINDS.filterRequest:
    case MESSAGE_KINDS.filterDecision:
    case MESSAGE_KINDS.filterChange:
    case MESSAGE_KINDS.filterReblock: {
      const req = p.requestId ? await deps.store.filterRequests.get(p.requestId) : null;
      if (!req) throw new Error('GONE');
      const view = { [MESSAGE_KINDS.filterRequest]: 'approver', [MESSAGE_KINDS.filterDecision]: 'requester', [MESSAGE_KINDS.filterChange]: 'ict_change', [MESSAGE_KINDS.filterReblock]: 'ict_reblock' } as const;
      return filterCard(deps, req, view[msg.kind], deps.school.person(email));
    }
    default:
      return null;
  }
}

/**
 * Roster sync: members of the staff team (school file duties.staff_team_id, or any team when
 * unset; Slack passes its staff channel as `wanted`) become staff records. The first day the bot
 * reads a roster, everyone in it is existing staff: no start date, so the grace period applies
 * (duties.new_staff_grace_days). Someone who appears after that day is a newcomer, whose
 * induction duties fall due from the day first seen (002 §6: the AUA before contact with pupils).
 */
export async function recordRosterStaff(deps: CoreDeps, members: { email?: string; userPrincipalName?: string; name?: string }[], teamId: string | null, wanted: string | undefined = deps.school.duties.staff_team_id): Promise<number> {
  if (wanted && teamId !== wanted) return 0;
  const now = deps.clock.now();
  const today = localDate(now, deps.school.timezone);
  const roster = (await deps.store.staff.list()).filter((r) => r.source === 'roster');
  const baseline = roster.every((r) => localDate(r.createdAt, deps.school.timezone) === today);
  let added = 0;
  for (const m of members) {
    const email = (m.email || m.userPrincipalName || '').toLowerCase();
    if (!email) continue;
    const known = deps.school.person(email, m.name ?? '');
    if (await deps.store.staff.addIfMissing({ email, name: known.name, role: known.roles[0] ?? 'staff', startDate: baseline ? null : today, source: 'roster', createdAt: now, updatedAt: now })) added++;
  }
  if (added > 0) await syncReminders(deps, now);
  return added;
}

/** Roster leavers: people gone from the staff team or channel keep their record, marked as left today; their reminders stop. */
export async function recordRosterLeavers(deps: CoreDeps, emails: string[], teamId: string | null, wanted: string | undefined = deps.school.duties.staff_team_id): Promise<number> {
  if (wanted && teamId !== wanted) return 0;
  const now = deps.clock.now();
  let left = 0;
  for (const email of emails) if (await deps.store.staff.setLeft(email.toLowerCase(), localDate(now, deps.school.timezone), now)) left++;
  if (left > 0) await syncReminders(deps, now);
  return left;
}
