/**
 * Duties and filtering requests on any platform: the card actions and the chat commands (status,
 * aua, unblock) as cards. Their outbox messages are rendered in src/views/outbox.ts; roster sync
 * lives in src/core/duties/roster.ts.
 */
import { z } from 'zod';
import type { CoreDeps } from '../core/deps';
import type { Person } from '../core/model';
import { ensureAua } from '../core/duties/facts';
import { mayAct, recordCompletion, signAua, snoozeReminder, type FlowResult } from '../core/duties/flows';
import { confirmChange, decideUnblock, mayDecide, requestUnblock } from '../core/duties/filtering';
import { VERBS, renderNotice, type AdaptiveCard } from '../cards';
import { auaCard, filterCard, reminderCard, statusCards } from '../views/duties';
import { withNotice } from '../views/notice';
import { forbidden, notFound } from '../errors';
import { entry, type ActionAnswer, type ActionContext } from './types';

const STATUS_WORDS = new Set(['status', 'safeguard status', 'duties', 'my duties']);

/** The cards for a duties command typed in a chat (status, aua, unblock), or null when the text is not one. */
export async function dutyCommandCards(deps: CoreDeps, typed: string, person: Person): Promise<AdaptiveCard[] | null> {
  const text = typed.replace(/<[^>]*>/g, '').trim().toLowerCase().replace(/^\//, '').replace(/\s+/g, ' ');
  if (STATUS_WORDS.has(text)) return statusCards(deps, person);
  if (text === 'aua' || text === 'safeguard aua') return [auaCard(await ensureAua(deps.store, deps.school, deps.clock.now()))];
  if (text === 'unblock' || text === 'safeguard unblock') return [filterCard(deps, null, 'form')];
  return null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The card holding the Action.ShowCard form of a duty verb, re-rendered from the database for `person` (Slack opens such forms in a modal); null when its record is gone. */
export async function dutyFormCard(deps: CoreDeps, person: Person, verb: string, data: Record<string, unknown>): Promise<AdaptiveCard | null> {
  const id = (k: string) => (typeof data[k] === 'string' && UUID.test(data[k]) ? data[k] : null);
  if (verb === VERBS.dutyComplete || verb === VERBS.dutySnooze) {
    const reminderId = id('reminderId');
    const row = reminderId ? await deps.store.reminders.get(reminderId) : null;
    if (row && !mayAct(deps, person, row)) return noAccessCard();
    return row ? reminderCard(deps, row, person) : null;
  }
  if (verb === VERBS.filterApprove || verb === VERBS.filterRefuse) {
    const requestId = id('requestId');
    const req = requestId ? await deps.store.filterRequests.get(requestId) : null;
    // Not an approver (the ICT lead included): a refusal that shows nothing of the request.
    if (req && !mayDecide(deps.school, person)) return noAccessCard();
    return req ? filterCard(deps, req, 'approver', person) : null;
  }
  if (verb === VERBS.dutyRecordFor) return (await statusCards(deps, person))[0] ?? null;
  return null;
}

/** The card a person who may not act sees instead of the form (Slack opens it as the modal): no details. */
function noAccessCard(): AdaptiveCard {
  return renderNotice({ title: NO_ACCESS, text: '', style: 'attention' });
}

const str = z.string().max(4000).optional();
const reminderRef = z.object({ reminderId: z.string().uuid() }).passthrough();
const requestRef = z.object({ requestId: z.string().uuid(), note: str }).passthrough();

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
    handle: async (ctx) => ({ card: auaCard(await ensureAua(ctx.deps.store, ctx.deps.school, ctx.deps.clock.now())) }),
  }),
  [VERBS.dutySign]: entry({
    schema: z.object({ version: z.coerce.string().max(40) }).passthrough(),
    async handle(ctx, { version }) {
      const r = await signAua(ctx.deps, ctx.person, version, ctx.reporter.platform);
      return r.status === 'stale' ? { card: withNotice(auaCard(await ensureAua(ctx.deps.store, ctx.deps.school, ctx.deps.clock.now())), r.message, 'warning') } : answer(r, null);
    },
  }),
  [VERBS.dutyComplete]: entry({
    schema: reminderRef.extend({ completedOn: str, certificateRef: str, notes: str }),
    async handle(ctx, d) {
      const row = await reminderOf(ctx, d.reminderId);
      const r = await recordCompletion(ctx.deps, ctx.person, { dutyId: row.dutyId, forEmail: row.subjectEmail ?? undefined, completedOn: d.completedOn ?? '', certificateRef: d.certificateRef, notes: d.notes, platform: ctx.reporter.platform });
      return answer(r, r.status === 'ok' ? null : reminderCard(ctx.deps, row, ctx.person));
    },
  }),
  [VERBS.dutySnooze]: entry({
    schema: reminderRef.extend({ snoozeReason: str, snoozeUntil: str }),
    async handle(ctx, d) {
      const r = await snoozeReminder(ctx.deps, ctx.person, d.reminderId, d.snoozeReason ?? '', d.snoozeUntil ?? '');
      return answer(r, reminderCard(ctx.deps, await reminderOf(ctx, d.reminderId), ctx.person));
    },
  }),
  [VERBS.dutyRecordFor]: entry({
    schema: z.object({ forEmail: str, dutyId: str, completedOn: str, certificateRef: str }).passthrough(),
    async handle(ctx, d) {
      const r = await recordCompletion(ctx.deps, ctx.person, { dutyId: d.dutyId ?? '', forEmail: d.forEmail, completedOn: d.completedOn ?? '', certificateRef: d.certificateRef, platform: ctx.reporter.platform });
      return r.status === 'ok' ? answer(r, null) : { message: r.message };
    },
  }),
  [VERBS.filterRequest]: entry({
    schema: z.object({ url: str, reason: str, fromDate: str, untilDate: str }).passthrough(),
    async handle(ctx, d) {
      const r = await requestUnblock(ctx.deps, ctx.person, { url: d.url ?? '', reason: d.reason ?? '', fromDate: d.fromDate ?? '', untilDate: d.untilDate ?? '' });
      return answer(r, r.status === 'ok' && r.request ? filterCard(ctx.deps, r.request, 'requester') : filterCard(ctx.deps, null, 'form'));
    },
  }),
  [VERBS.filterApprove]: entry({
    schema: requestRef,
    handle: async (ctx, d) => filterAnswer(ctx, d.requestId, await decideUnblock(ctx.deps, ctx.person, d.requestId, true, d.note ?? ''), 'approver'),
  }),
  [VERBS.filterRefuse]: entry({
    schema: requestRef,
    handle: async (ctx, d) => filterAnswer(ctx, d.requestId, await decideUnblock(ctx.deps, ctx.person, d.requestId, false, d.note ?? ''), 'approver'),
  }),
  [VERBS.filterConfirm]: entry({
    schema: requestRef,
    handle: async (ctx, d) => filterAnswer(ctx, d.requestId, await confirmChange(ctx.deps, ctx.person, d.requestId), 'ict_change'),
  }),
};
