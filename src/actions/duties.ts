/**
 * Duties and filtering requests on any platform: the card actions and the chat commands (status,
 * aua, unblock) as cards. Their outbox messages are rendered in src/views/outbox.ts; roster sync
 * lives in src/core/duties/roster.ts.
 */
import { z } from 'zod';
import { ensureAua } from '../core/duties/facts';
import { mayAct, recordCompletion, signAua, snoozeReminder, type FlowResult } from '../core/duties/flows';
import { confirmChange, decideUnblock, mayDecide, requestUnblock } from '../core/duties/filtering';
import { VERBS, renderNotice, type AdaptiveCard } from '../cards';
import { auaCard, filterCard, reminderCard, statusCards } from '../views/duties';
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
    handle: async (ctx) => ({ cards: [auaCard(await ensureAua(ctx.deps.store, ctx.deps.school, ctx.deps.clock.now()))] }),
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

/** What someone who may not act on a reminder or request is told: nothing about it, so a refusal reveals nothing of the record. */
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
    handle: async (ctx) => ({ card: auaCard(await ensureAua(ctx.deps.store, ctx.deps.school, ctx.deps.clock.now())) }),
  }),
  [VERBS.dutySign]: entry({
    schema: z.looseObject({ version: z.coerce.string().max(40) }),
    title: TITLES.duty,
    async handle(ctx, { version }) {
      const r = await signAua(ctx.deps, ctx.person, version, ctx.reporter.platform);
      return r.status === 'stale' ? { card: withNotice(auaCard(await ensureAua(ctx.deps.store, ctx.deps.school, ctx.deps.clock.now())), r.message, 'warning') } : answer(r, null);
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
