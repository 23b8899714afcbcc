/**
 * The card-action registry, shared by Teams and Slack: one entry per verb in src/cards/verbs.ts,
 * each with the schema of the references its card carries, the one core call it makes, the title
 * of the window its cards open in and, for a form behind an Action.ShowCard, the card that holds
 * it. Platforms look verbs up here and never read meaning into a verb's spelling. Inputs
 * typed into the card arrive merged into the action data; the core validates them, never trusting
 * them as state. Platforms parse their request, call runAction, and render the answer.
 */
import { z } from 'zod';
import * as report from '../core/incidents/report-flow';
import { actOnIncident, type ActionName } from '../core/incident-actions/actions';
import { answerInfoRequest, openIncident } from '../core/incident-actions/view';
import { VERBS, isVerb, type Verb, renderNotice, type AdaptiveCard } from '../cards';
import { wizardCard } from '../views/report';
import { detailsCard, summaryCard } from '../views/incident';
import { withNotice } from '../views/notice';
import { AppError, forbidden, notFound } from '../errors';
import { DUTY_ACTIONS } from './duties';
import { PUPIL_ACTIONS } from './pupils';
import { CONCERN_ACTIONS } from './concerns';
import { linkPupil } from '../core/pupils/link';
import { addTask, completeTask, DONE_INPUTS } from '../core/tasks/flows';
import { recordFollowUp } from '../core/incident-actions/follow-up';
import { abilities } from '../core/routing/permissions';
import { followUpCard, taskCard } from '../views/tasks';
import { tickStep } from '../core/playbooks/flows';
import { entry, TITLES, type ActionAnswer, type ActionContext, type Entry, type FormContext, type FormSource } from './types';

export type { ActionAnswer, ActionContext, FormSource } from './types';
import type { Logger } from '../log';

const draftRef = z.looseObject({ draftId: z.uuid(), stepId: z.string().max(64).optional() });
const incidentRef = z.looseObject({ incidentId: z.uuid(), version: z.coerce.number().int().min(1) });
const viewRef = z.looseObject({ incidentId: z.uuid() });
const pageRef = viewRef.extend({ before: z.coerce.number().int().min(1).max(1_000_000) });
const stepRef = incidentRef.extend({ stepId: z.string().min(1).max(64) });
const requestRef = z.looseObject({ requestId: z.uuid(), answer: z.unknown().optional() });


/** What an incident action or a checklist tick answers: the refreshed card, with a notice saying what happened. */
type IncidentOutcome =
  | { status: 'ok'; message: string }
  | { status: 'duplicate' | 'stale' | 'forbidden' | 'not_found' }
  | { status: 'refused'; reason: string }
  | { status: 'invalid'; errors: Record<string, string> };

async function answerOutcome(outcome: IncidentOutcome, card: () => Promise<AdaptiveCard>): Promise<ActionAnswer> {
  switch (outcome.status) {
    case 'not_found':
      throw notFound('That concern no longer exists.');
    case 'forbidden':
      throw forbidden();
    case 'ok':
      return { card: withNotice(await card(), outcome.message, 'good') };
    case 'duplicate':
      return { card: await card() };
    case 'stale':
      return { card: withNotice(await card(), 'This card is out of date: someone else changed this concern. Here is the current version — please check it and try again.', 'warning') };
    case 'refused':
      return { card: withNotice(await card(), outcome.reason, 'warning') };
    case 'invalid':
      return { card: withNotice(await card(), Object.values(outcome.errors).join(' '), 'attention') };
  }
}

/** An incident action; `form`: it is submitted from a form behind an Action.ShowCard of the details card. */
const incidentAction = (action: ActionName, form?: 'form') =>
  entry({
    schema: incidentRef,
    title: TITLES.incident,
    ...(form ? { formCard: detailsForm } : {}),
    async handle(ctx, data) {
      const { incidentId, version, ...inputs } = data;
      const outcome = await actOnIncident(ctx.deps, ctx.person, { action, incidentId, version, inputs, eventId: ctx.eventId });
      return answerOutcome(outcome, () => cardAfterAction(ctx, incidentId, action));
    },
  });

/** A write on a concern's record from a form of its details view (issue #11): one core flow, and the details after it. */
const recordAction = (flow: (deps: ActionContext['deps'], person: ActionContext['person'], req: { incidentId: string; version: number; inputs: Record<string, unknown>; eventId: string }) => Promise<IncidentOutcome>) =>
  entry({
    schema: incidentRef,
    title: TITLES.incident,
    formCard: detailsForm,
    async handle(ctx, { incidentId, version, ...inputs }) {
      const outcome = await flow(ctx.deps, ctx.person, { incidentId, version, inputs, eventId: ctx.eventId });
      return answerOutcome(outcome, () => detailsFor(ctx, incidentId));
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

/** The details view, authorised for this person on every call (a page of the chronology is no exception). */
async function detailsFor(ctx: ActionContext, incidentId: string, before?: number): Promise<AdaptiveCard> {
  const view = await openIncident(ctx.deps, ctx.person, incidentId);
  if (view.status === 'not_found') throw notFound('That concern no longer exists.');
  if (view.status === 'forbidden') throw forbidden();
  return detailsCard(ctx.deps.school, view.dossier, ctx.platformUserId, before, ctx.person.email);
}

/** The details card holding an action's form, authorised for this person as they open it. */
async function detailsForm(ctx: FormContext, data: Record<string, unknown>): Promise<FormSource> {
  const incidentId = typeof data.incidentId === 'string' ? data.incidentId : '';
  const outcome = incidentId ? await openIncident(ctx.deps, ctx.person, incidentId) : ({ status: 'not_found' } as const);
  if (outcome.status === 'forbidden') return { message: "Sorry — you don't have access to this concern. Nothing was changed, and the attempt has been recorded." };
  if (outcome.status !== 'ok') return { message: 'That concern no longer exists.' };
  return { card: detailsCard(ctx.deps.school, outcome.dossier, ctx.platformUserId, undefined, ctx.person.email), seenRefs: true };
}

/** The task card holding the "Mark done" form, as the task stands, for someone who may write on its concern. */
async function taskForm(ctx: FormContext, data: Record<string, unknown>): Promise<FormSource> {
  const taskId = z.uuid().safeParse(data.taskId);
  const task = taskId.success ? await ctx.deps.store.tasks.get(taskId.data) : null;
  const incident = task ? await ctx.deps.store.incidents.get(task.incidentId) : null;
  if (!task || !incident) return { message: 'That task no longer exists.' };
  if (!abilities(ctx.deps.school, incident, ctx.person).has('add_note')) return { message: "Sorry — you don't have access to this concern. Nothing was changed." };
  return { card: taskCard(ctx.deps.school, task, incident, 'due'), seenRefs: false };
}

/** Ticks or unticks one playbook step; the answer is the details view, as the chronology now has it. */
const checklistAction = (done: boolean) =>
  entry({
    schema: stepRef,
    title: TITLES.incident,
    async handle(ctx, { incidentId, version, stepId }) {
      const outcome = await tickStep(ctx.deps, ctx.person, { incidentId, version, stepId, done, eventId: ctx.eventId });
      return answerOutcome(outcome, () => detailsFor(ctx, incidentId));
    },
  });

export const ACTIONS: Record<Verb, Entry<z.ZodTypeAny>> = {
  [VERBS.reportNext]: entry({
    schema: draftRef,
    title: TITLES.report,
    async handle(ctx, { draftId, stepId, ...inputs }) {
      return { card: wizardCard(await report.answerStep(ctx.deps, ctx.reporter, draftId, stepId ?? '', inputs)) };
    },
  }),
  [VERBS.reportBack]: entry({
    schema: draftRef,
    title: TITLES.report,
    handle: async (ctx, { draftId }) => ({ card: wizardCard(await report.stepBack(ctx.deps, ctx.reporter, draftId)) }),
  }),
  [VERBS.reportEdit]: entry({
    schema: draftRef.extend({ stepId: z.string().max(64) }),
    title: TITLES.report,
    handle: async (ctx, { draftId, stepId }) => ({ card: wizardCard(await report.editStep(ctx.deps, ctx.reporter, draftId, stepId)) }),
  }),
  [VERBS.reportSubmit]: entry({
    schema: draftRef,
    title: TITLES.report,
    handle: async (ctx, { draftId }) => ({ card: wizardCard(await report.submitReport(ctx.deps, ctx.reporter, draftId)) }),
  }),
  [VERBS.reportCancel]: entry({
    schema: draftRef,
    title: TITLES.report,
    async handle(ctx, { draftId }) {
      const r = await report.cancelReport(ctx.deps, ctx.reporter, draftId);
      if (r.status === 'not_yours') throw forbidden('That report is not one of yours, so nothing was changed.');
      if (r.status === 'already_sent')
        return { card: renderNotice({ title: `This report was already sent: ${r.reference}`, text: `It cannot be cancelled. If something in it is wrong, tell the DSL and quote ${r.reference}.`, style: 'warning' }) };
      return { card: wizardCard({ kind: 'cancelled' }) };
    },
  }),
  [VERBS.incidentView]: entry({ schema: viewRef, title: TITLES.incident, handle: async (ctx, { incidentId }) => ({ card: await detailsFor(ctx, incidentId) }) }),
  [VERBS.incidentEarlier]: entry({ schema: pageRef, title: TITLES.incident, handle: async (ctx, { incidentId, before }) => ({ card: await detailsFor(ctx, incidentId, before) }) }),
  [VERBS.incidentAck]: incidentAction('acknowledge'),
  [VERBS.incidentOwn]: incidentAction('take_ownership'),
  [VERBS.incidentNote]: incidentAction('add_note', 'form'),
  [VERBS.incidentAsk]: incidentAction('ask_reporter', 'form'),
  [VERBS.incidentPropose]: incidentAction('propose', 'form'),
  [VERBS.incidentApprove]: incidentAction('approve', 'form'),
  [VERBS.incidentReject]: incidentAction('reject'),
  [VERBS.incidentDecide]: incidentAction('decide', 'form'),
  [VERBS.incidentClose]: incidentAction('close', 'form'),
  [VERBS.incidentReopen]: incidentAction('reopen', 'form'),
  [VERBS.incidentLado]: incidentAction('record_lado', 'form'),
  [VERBS.incidentTick]: checklistAction(true),
  [VERBS.incidentUntick]: checklistAction(false),
  [VERBS.infoAnswer]: entry({
    schema: requestRef,
    title: TITLES.info,
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
  [VERBS.incidentLinkPupil]: recordAction(linkPupil),
  [VERBS.incidentAddTask]: recordAction(addTask),
  [VERBS.incidentTaskDone]: recordAction((deps, person, { inputs, ...req }) =>
    completeTask(deps, person, { ...req, inputs, taskId: typeof inputs[DONE_INPUTS.task] === 'string' ? (inputs[DONE_INPUTS.task] as string) : '' }),
  ),
  [VERBS.incidentFollowUpForm]: entry({
    schema: viewRef,
    title: TITLES.incident,
    async handle(ctx, { incidentId }) {
      const view = await openIncident(ctx.deps, ctx.person, incidentId);
      if (view.status === 'not_found') throw notFound('That concern no longer exists.');
      if (view.status === 'forbidden') throw forbidden();
      const { incident, can } = view.dossier;
      if (!can.has('add_note') || incident.status === 'closed') return { card: withNotice(detailsCard(ctx.deps.school, view.dossier, ctx.platformUserId, undefined, ctx.person.email), 'Follow-up is recorded on an open concern, by those who work on it.', 'warning') };
      return { card: followUpCard(incident) };
    },
  }),
  [VERBS.incidentFollowUp]: entry({
    schema: incidentRef,
    title: TITLES.incident,
    async handle(ctx, { incidentId, version, ...inputs }) {
      const outcome = await recordFollowUp(ctx.deps, ctx.person, { incidentId, version, inputs, eventId: ctx.eventId });
      // Asked again on the form itself, with what was typed kept: a long follow-up is never lost to one missing date.
      if (outcome.status === 'invalid') {
        const incident = await ctx.deps.store.incidents.get(incidentId);
        if (incident) return { card: withNotice(followUpCard(incident, inputs), Object.values(outcome.errors).join(' '), 'attention') };
      }
      return answerOutcome(outcome, () => detailsFor(ctx, incidentId));
    },
  }),
  [VERBS.taskDone]: entry({
    schema: z.looseObject({ taskId: z.uuid() }),
    title: TITLES.incident,
    formCard: taskForm,
    async handle(ctx, { taskId, ...inputs }) {
      const outcome = await completeTask(ctx.deps, ctx.person, { taskId, inputs, eventId: ctx.eventId });
      if (outcome.status === 'invalid' && !outcome.incidentId) throw notFound('That task no longer exists.');
      // After a reminder's "Mark done": the concern's details, as the record now has them.
      return answerOutcome(outcome, () => detailsFor(ctx, outcome.incidentId ?? ''));
    },
  }),
  // Duties and filtering requests live with their flows in src/actions/duties.ts; a child's chronology in src/actions/pupils.ts.
  ...DUTY_ACTIONS,
  ...PUPIL_ACTIONS,
  // Issue #11: the DSL's list of open concerns lives in src/actions/concerns.ts.
  ...CONCERN_ACTIONS,
};

/** The title of the window a verb's cards open in; a general one for a verb that is not ours. */
export function titleOf(verb: string): string {
  return isVerb(verb) ? ACTIONS[verb].title : TITLES.incident;
}

/** How to open the form behind an Action.ShowCard that submits `verb`, or null when no such form exists. */
export function formOf(verb: string): NonNullable<Entry<z.ZodTypeAny>['formCard']> | null {
  return (isVerb(verb) && ACTIONS[verb].formCard) || null;
}

/** Why an action could not run: a machine code, an HTTP-like status and a kind sentence for the person. */
export interface ActionFailure {
  status: number;
  code: 'UNKNOWN_ACTION' | 'BAD_INPUT' | 'INTERNAL' | AppError['code'];
  message: string;
  /** A refusal the person should simply read (no access, gone, cancelled, an answer to fix), not a broken request. */
  forPerson: boolean;
}

/** What a person is told of a button that is not ours (an old card, or a forged request). */
export const UNRECOGNISED = 'This button is not recognised. Please send "report" to start again.';

const FOR_PERSON: ReadonlySet<string> = new Set(['FORBIDDEN', 'NOT_FOUND', 'REFUSED', 'BAD_INPUT']);

/** Runs the one registry entry for `verb` with the raw action data; never throws. */
export async function runAction(ctx: ActionContext, verb: unknown, raw: unknown, log: Logger): Promise<{ answer: ActionAnswer } | { failure: ActionFailure }> {
  if (typeof verb !== 'string' || !isVerb(verb)) return { failure: { status: 400, code: 'UNKNOWN_ACTION', message: UNRECOGNISED, forPerson: false } };
  const registered = ACTIONS[verb];
  const parsed = registered.schema.safeParse(raw);
  if (!parsed.success) return { failure: { status: 400, code: 'BAD_INPUT', message: 'This card is missing what I need to act on it. Please open the latest card and try again.', forPerson: false } };
  try {
    return { answer: await registered.handle(ctx, parsed.data) };
  } catch (err) {
    if (err instanceof AppError) return { failure: { status: err.status, code: err.code, message: err.userMessage, forPerson: FOR_PERSON.has(err.code) } };
    log.error({ code: (err as Error).name, verb }, 'card action failed');
    return { failure: { status: 500, code: 'INTERNAL', message: 'Sorry — something went wrong on our side. Nothing you entered is lost; please try again.', forPerson: false } };
  }
}
