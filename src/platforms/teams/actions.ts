/**
 * The card-action registry: one entry per verb in src/cards/verbs.ts, each with the schema of the
 * references its card carries and the one core call it makes. Inputs typed into the card arrive
 * merged into the action data; they are validated by the core, never trusted as state.
 */
import { z } from 'zod';
import type { CoreDeps } from '../../core/deps';
import type { Person } from '../../core/model';
import type { Reporter } from '../../core/incidents/report-flow';
import * as report from '../../core/incidents/report-flow';
import { actOnIncident, type ActionName } from '../../core/escalations/actions';
import { answerInfoRequest, openIncident } from '../../core/escalations/view';
import { VERBS, type Verb, renderNotice, type AdaptiveCard } from '../../cards';
import { wizardCard } from '../../views/report';
import { detailsCard, summaryCard } from '../../views/incident';
import { withNotice } from '../../views/notice';
import { AppError, forbidden, notFound } from '../../errors';
import { DUTY_ACTIONS } from './duties';

export interface ActionContext {
  deps: CoreDeps;
  person: Person;
  reporter: Reporter;
  /** The Teams user id of the clicker (for the user-specific details view). */
  platformUserId: string;
  /** The invoke activity id: a Teams retry of the same click changes nothing twice. */
  eventId: string;
}

/** What a handler answers: a card that replaces the clicked one, or a short message. */
export type ActionAnswer = { card: AdaptiveCard } | { message: string };

interface Entry<S extends z.ZodTypeAny> {
  schema: S;
  handle(ctx: ActionContext, data: z.infer<S>): Promise<ActionAnswer>;
}

const draftRef = z.object({ draftId: z.string().uuid(), stepId: z.string().max(64).optional() }).passthrough();
const incidentRef = z.object({ incidentId: z.string().uuid(), version: z.coerce.number().int().min(1) }).passthrough();
const viewRef = z.object({ incidentId: z.string().uuid() }).passthrough();
const requestRef = z.object({ requestId: z.string().uuid(), answer: z.unknown().optional() }).passthrough();

const entry = <S extends z.ZodTypeAny>(e: Entry<S>): Entry<z.ZodTypeAny> => e as Entry<z.ZodTypeAny>;

const incidentAction = (action: ActionName) =>
  entry({
    schema: incidentRef,
    async handle(ctx, data) {
      const { incidentId, version, ...inputs } = data;
      const outcome = await actOnIncident(ctx.deps, ctx.person, { action, incidentId, version, inputs, eventId: ctx.eventId });
      switch (outcome.status) {
        case 'not_found':
          throw notFound('That concern no longer exists.');
        case 'forbidden':
          throw forbidden();
        case 'ok':
          return { card: withNotice(await cardAfterAction(ctx, incidentId, action), outcome.message, 'good') };
        case 'duplicate':
          return { card: await cardAfterAction(ctx, incidentId, action) };
        case 'stale':
          return { card: withNotice(await cardAfterAction(ctx, incidentId, action), 'This card is out of date: someone else changed this concern. Here is the current version — please check it and try again.', 'warning') };
        case 'refused':
          return { card: withNotice(await cardAfterAction(ctx, incidentId, action), outcome.reason, 'warning') };
        case 'invalid':
          return { card: withNotice(await cardAfterAction(ctx, incidentId, action), Object.values(outcome.errors).join(' '), 'attention') };
      }
    },
  });

/** After acknowledging or taking ownership from the notification, show the notification; otherwise the details. */
async function cardAfterAction(ctx: ActionContext, incidentId: string, action: ActionName): Promise<AdaptiveCard> {
  if (action === 'acknowledge') {
    const incident = await ctx.deps.store.incidents.get(incidentId);
    if (!incident) throw notFound();
    return summaryCard(ctx.deps.school, incident, await ctx.deps.store.proposals.pending(incidentId));
  }
  return detailsFor(ctx, incidentId);
}

async function detailsFor(ctx: ActionContext, incidentId: string): Promise<AdaptiveCard> {
  const view = await openIncident(ctx.deps, ctx.person, incidentId);
  if (view.status === 'not_found') throw notFound('That concern no longer exists.');
  if (view.status === 'forbidden') throw forbidden();
  return detailsCard(ctx.deps.school, view.dossier, ctx.platformUserId);
}

export const ACTIONS: Record<Verb, Entry<z.ZodTypeAny>> = {
  [VERBS.reportNext]: entry({
    schema: draftRef,
    async handle(ctx, { draftId, stepId, ...inputs }) {
      return { card: wizardCard(await report.answerStep(ctx.deps, ctx.reporter, draftId, stepId ?? '', inputs)) };
    },
  }),
  [VERBS.reportBack]: entry({
    schema: draftRef,
    handle: async (ctx, { draftId }) => ({ card: wizardCard(await report.stepBack(ctx.deps, ctx.reporter, draftId)) }),
  }),
  [VERBS.reportEdit]: entry({
    schema: draftRef.extend({ stepId: z.string().max(64) }),
    handle: async (ctx, { draftId, stepId }) => ({ card: wizardCard(await report.editStep(ctx.deps, ctx.reporter, draftId, stepId)) }),
  }),
  [VERBS.reportSubmit]: entry({
    schema: draftRef,
    handle: async (ctx, { draftId }) => ({ card: wizardCard(await report.submitReport(ctx.deps, ctx.reporter, draftId)) }),
  }),
  [VERBS.reportCancel]: entry({
    schema: draftRef,
    async handle(ctx, { draftId }) {
      await report.cancelReport(ctx.deps, ctx.reporter, draftId);
      return { card: wizardCard({ kind: 'cancelled' }) };
    },
  }),
  [VERBS.incidentView]: entry({ schema: viewRef, handle: async (ctx, { incidentId }) => ({ card: await detailsFor(ctx, incidentId) }) }),
  [VERBS.incidentAck]: incidentAction('acknowledge'),
  [VERBS.incidentOwn]: incidentAction('take_ownership'),
  [VERBS.incidentNote]: incidentAction('add_note'),
  [VERBS.incidentAsk]: incidentAction('ask_reporter'),
  [VERBS.incidentPropose]: incidentAction('propose'),
  [VERBS.incidentApprove]: incidentAction('approve'),
  [VERBS.incidentReject]: incidentAction('reject'),
  [VERBS.incidentDecide]: incidentAction('decide'),
  [VERBS.incidentClose]: incidentAction('close'),
  [VERBS.incidentReopen]: incidentAction('reopen'),
  [VERBS.incidentLado]: incidentAction('record_lado'),
  [VERBS.infoAnswer]: entry({
    schema: requestRef,
    async handle(ctx, { requestId, answer }) {
      const r = await answerInfoRequest(ctx.deps, ctx.person, requestId, answer);
      switch (r.status) {
        case 'ok':
          return { card: renderNotice({ title: `Thank you — your answer is filed on ${r.reference}`, text: 'The safeguarding team can see it now.', style: 'good' }) };
        case 'already_answered':
          return { card: renderNotice({ title: `You have already answered this question on ${r.reference}`, text: 'If you need to add something, tell the DSL.' }) };
        case 'invalid':
          throw new AppError('BAD_INPUT', r.message, 400);
        case 'forbidden':
          throw forbidden();
        case 'not_found':
          throw notFound('That question no longer exists.');
      }
    },
  }),
  // Duties and filtering requests (issue #4): src/platforms/teams/duties.ts.
  ...DUTY_ACTIONS,
};
