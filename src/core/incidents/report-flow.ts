/**
 * The report wizard's orchestration: one draft per reporter, saved at every step, submitted into
 * an incident plus its outbox rows in one transaction. Platform handlers call these and render the view.
 */
import { randomUUID } from 'node:crypto';
import type { CoreDeps } from '../deps';
import type { Answers, Category, Draft, Incident, Platform } from '../model';
import type { Repositories } from '../ports';
import { AppError, forbidden, notFound } from '../../errors';
import { describeRoute, routeReport, type RoutePlan } from '../routing/route';
import { enqueue, MESSAGE_KINDS } from '../notify/enqueue';
import { confirmationText } from '../notify/reporter-follow-up';
import { clearStaleConfirmations, resolveSubjects } from '../people/subject';
import { isSerious, isUrgent, type TriageInput } from './urgency';
import { staffChildImages } from './ukcis';
import * as wizard from './wizard';
import { faultPoint } from '../faults';
import { localDate } from '../duties/dates';
import { pupilChoiceTitle, pupilName } from '../pupils/model';
import { checkPatternsAfterReport } from '../pupils/patterns';

/** The reporter as a platform handler knows them. */
export interface Reporter {
  platform: Platform;
  platformUserId: string;
  email: string;
}

export type WizardView =
  | {
      kind: 'step';
      draftId: string;
      step: wizard.Step;
      values: Answers;
      errors: Record<string, string>;
      banners: wizard.Banner[];
      canGoBack: boolean;
      progress: string;
    }
  | { kind: 'review'; draftId: string; banners: wizard.Banner[]; sections: ReturnType<typeof wizard.reviewSections>; routeText: string }
  | { kind: 'submitted'; incident: Incident; routeText: string; toldText: string; nextSteps: string[] }
  | { kind: 'cancelled' };

const REVIEW = 'review';

function ctx(deps: CoreDeps, answers: Answers = {}, pupils?: wizard.WizardContext['pupils']): wizard.WizardContext {
  return { people: deps.school.everyone().map((p) => ({ email: p.email, name: p.name, roles: p.roles })), answers, today: localDate(deps.clock.now(), deps.school.timezone), pupils };
}

/**
 * Issue #11: the pupil picker's context — undefined when the school has no pupils on roll (no
 * picker), else the pupils the answers (and the typed input) name, loaded from the store, so an id
 * that is not a pupil on roll is refused. Read only where "who was involved" is shown or checked.
 */
async function pupilsFor(repos: Pick<Repositories, 'pupils'>, ...sources: (Answers | Record<string, unknown>)[]): Promise<wizard.WizardContext['pupils']> {
  if (!(await repos.pupils.anyOnRoll())) return undefined;
  const ids = new Set(sources.flatMap((a) => wizard.pupilIdsOf(a)));
  const found = await repos.pupils.getOnRoll([...ids]);
  return { chosen: Object.fromEntries(found.map((p) => [p.misId, { name: pupilName(p), title: pupilChoiceTitle(p) }])) };
}

/** Whether a draft is at the question where the pupil picker shows. */
const atPupilPeople = (draft: Draft) => draft.category === 'pupil' && draft.step === 'pupil_people';

/** The view of a draft, with the pupil picker's context where the draft needs it. */
async function view(deps: CoreDeps, draft: Draft, errors: Record<string, string>, typed?: Answers, repos: Pick<Repositories, 'pupils'> = deps.store): Promise<WizardView> {
  return viewOf(deps, draft, errors, typed, atPupilPeople(draft) ? await pupilsFor(repos, draft.answers, typed ?? {}) : undefined);
}

/** Starts a report, or returns to the one the person already has open (a restart loses nothing). */
export async function startReport(deps: CoreDeps, reporter: Reporter): Promise<{ view: WizardView; resumed: boolean }> {
  const { store, clock, school } = deps;
  const existing = await store.drafts.getOpen(reporter.platform, reporter.platformUserId);
  if (existing && existing.expiresAt > clock.now()) return { view: await view(deps, existing, {}), resumed: true };
  const now = clock.now();
  if (existing) await store.drafts.save({ ...existing, status: 'cancelled', answers: {} });
  const draft: Draft = {
    id: randomUUID(),
    platform: reporter.platform,
    platformUserId: reporter.platformUserId,
    reporterEmail: reporter.email,
    category: null,
    step: 'category',
    answers: {},
    status: 'open',
    incidentId: null,
    createdAt: now,
    updatedAt: now,
    expiresAt: new Date(now.getTime() + school.file.reporting.draft_expiry_hours * 3600_000),
  };
  // Two "report" messages (or /report commands) at once: the second gets the first's draft.
  const opened = await store.drafts.openOnce(draft);
  return { view: await view(deps, opened.draft, {}), resumed: !opened.created };
}

/** The current view of a person's open draft, if any. */
export async function currentView(deps: CoreDeps, reporter: Reporter): Promise<WizardView | null> {
  const d = await deps.store.drafts.getOpen(reporter.platform, reporter.platformUserId);
  return d ? view(deps, d, {}) : null;
}

/** Saves the answers of one step and moves to the next (or shows the step again with kind errors). */
export async function answerStep(deps: CoreDeps, reporter: Reporter, draftId: string, stepId: string, input: Record<string, unknown>): Promise<WizardView> {
  const draft = await ownDraft(deps, reporter, draftId);
  if (draft.status === 'submitted') return submittedView(deps, draft);
  if (stepId !== draft.step) {
    // An older card of this draft: show where the draft really is, so nothing typed is lost.
    return view(deps, draft, {});
  }
  const pupils = draft.category === 'pupil' && stepId === 'pupil_people' ? await pupilsFor(deps.store, draft.answers, input) : undefined;
  const result = wizard.validateStep(stepId, input, ctx(deps, draft.answers, pupils));
  if (!result.ok) return view(deps, draft, result.errors, input as Answers);
  const category = stepId === 'category' ? (result.answers.category as Category) : draft.category;
  // A changed "who is it about" must be confirmed again: never routed on a stale guess.
  const answers = clearStaleConfirmations(category, draft.answers, { ...draft.answers, ...result.answers });
  const reviewing = Boolean(draft.answers.__reviewed);
  let next = wizard.nextStepId(category, answers, stepId);
  // After an edit from the review card, go back to the review unless the path now needs a new step.
  if (reviewing && next !== REVIEW && answeredAlready(answers, next)) next = REVIEW;
  const saved = { ...draft, category, answers, step: next, updatedAt: deps.clock.now() };
  if (next === REVIEW) saved.answers = { ...answers, __reviewed: 'yes' };
  await deps.store.drafts.save(saved);
  faultPoint('draft_saved');
  return view(deps, saved, {});
}

/** Goes one step back, keeping every answer. */
export async function stepBack(deps: CoreDeps, reporter: Reporter, draftId: string): Promise<WizardView> {
  const draft = await ownDraft(deps, reporter, draftId);
  if (draft.status === 'submitted') return submittedView(deps, draft);
  const prev = wizard.previousStepId(draft.category, draft.answers, draft.step);
  if (!prev) return view(deps, draft, {});
  const saved = { ...draft, step: prev, updatedAt: deps.clock.now() };
  await deps.store.drafts.save(saved);
  return view(deps, saved, {});
}

/** Opens one step for editing from the review card. */
export async function editStep(deps: CoreDeps, reporter: Reporter, draftId: string, stepId: string): Promise<WizardView> {
  const draft = await ownDraft(deps, reporter, draftId);
  if (draft.status === 'submitted') return submittedView(deps, draft);
  if (!wizard.stepIds(draft.category, draft.answers).includes(stepId) || stepId === REVIEW) return view(deps, draft, {});
  const saved = { ...draft, step: stepId, updatedAt: deps.clock.now() };
  await deps.store.drafts.save(saved);
  return view(deps, saved, {});
}

/** What cancelling did: discarded the draft, found none open, found it already sent (with its reference), or not the person's. */
export type CancelResult = { status: 'cancelled' } | { status: 'nothing_open' } | { status: 'already_sent'; reference: string } | { status: 'not_yours' };

/** Discards the person's open draft (the given one, or their open one); never touches a sent report or someone else's draft. */
export async function cancelReport(deps: CoreDeps, reporter: Reporter, draftId?: string): Promise<CancelResult> {
  const draft = draftId ? await deps.store.drafts.get(draftId) : await deps.store.drafts.getOpen(reporter.platform, reporter.platformUserId);
  if (!draft) return { status: 'nothing_open' };
  if (draft.platformUserId !== reporter.platformUserId || draft.platform !== reporter.platform) return { status: 'not_yours' };
  if (draft.status === 'submitted') {
    const incident = draft.incidentId ? await deps.store.incidents.get(draft.incidentId) : null;
    if (incident) return { status: 'already_sent', reference: incident.reference };
  }
  if (draft.status !== 'open') return { status: 'nothing_open' };
  await deps.store.drafts.save({ ...draft, status: 'cancelled', answers: {}, updatedAt: deps.clock.now() });
  return { status: 'cancelled' };
}

/**
 * Submits the draft: creates the incident, its first chronology entry and every notification row
 * in one transaction. Submitting twice (a platform retry, a double click) returns the same incident.
 */
export async function submitReport(deps: CoreDeps, reporter: Reporter, draftId: string): Promise<WizardView> {
  const view = await commitReport(deps, reporter, draftId);
  faultPoint('report_committed');
  return view;
}

async function commitReport(deps: CoreDeps, reporter: Reporter, draftId: string): Promise<WizardView> {
  const { school, clock } = deps;
  return deps.store.transaction(async (tx) => {
    const draft = await tx.drafts.get(draftId);
    if (!draft) throw notFound('That report is no longer open. Send "report" to start a new one.');
    if (draft.platformUserId !== reporter.platformUserId || draft.platform !== reporter.platform) throw notYours();
    if (draft.status === 'submitted') return submittedView(deps, draft, tx);
    if (draft.status !== 'open') throw new AppError('REFUSED', 'That report was cancelled. Send "report" to start a new one.', 409);
    // A pupil chosen in the draft who has since left (or been removed) sends the reporter back to "who was involved".
    const invalid = firstInvalidStep(deps, draft, draft.category === 'pupil' ? await pupilsFor(tx, draft.answers) : undefined);
    if (invalid) {
      const saved = { ...draft, step: invalid.stepId, updatedAt: clock.now() };
      await tx.drafts.save(saved);
      return view(deps, saved, invalid.errors, undefined, tx);
    }
    const now = clock.now();
    const { category, answers } = draft as Draft & { category: Category };
    const triage = triageInput(category, answers);
    const { kinds, immediateDanger } = triage;
    const urgent = isUrgent(triage, school.triage);
    const serious = isSerious(triage, school.triage);
    const subjects = resolveSubjects(school, category, answers);
    const [subject, ...otherSubjects] = subjects.people;
    const plan = routeReport(school, { category, urgent, subject: subject ?? null, otherSubjects, allegation: subjects.allegation });
    const ackMs = school.file.reporting.urgent_acknowledge_minutes * 60_000;
    const incident = await tx.incidents.createUnnumbered(
      {
        category,
        kinds,
        urgent,
        serious,
        immediateDanger,
        status: 'reported',
        reporterEmail: draft.reporterEmail,
        reporterPlatform: draft.platform,
        subjectEmail: subject?.email ?? null,
        subjectName: subjects.name,
        route: plan.route,
        ownerEmail: null,
        answers: stripInternal(answers),
        occurredAt: typeof answers.occurred_date === 'string' ? answers.occurred_date : null,
        reportedAt: now,
        acknowledgedAt: null,
        closedAt: null,
        outcome: null,
        pageLevel: plan.page.length ? 1 : 0,
        nextPageAt: plan.repage.length ? new Date(now.getTime() + ackMs) : null,
      },
    );
    await tx.events.add({ incidentId: incident.id, at: now, actorEmail: draft.reporterEmail, type: 'reported', data: { route: plan.route, urgent, excluded: plan.excluded.length } });
    // The chronology says why it did not go to the DSL channel (KCSiE Part 4).
    if (plan.allegation && category !== 'staff') await tx.events.add({ incidentId: incident.id, at: now, actorEmail: null, type: 'routed_as_allegation', data: { route: plan.route } });
    if (plan.route === 'lado_direct') await tx.events.add({ incidentId: incident.id, at: now, actorEmail: null, type: 'routed_lado_direct', data: {} });
    // The pupils the reporter chose, so each child's chronology holds this concern (issue #11).
    await tx.pupilLinks.add(wizard.pupilRowsOf(answers).map((r) => ({ ...r, incidentId: incident.id, linkedBy: null, linkedAt: now })));
    await enqueueRouting(tx, now, incident, plan);
    // Issue #11: a pattern this concern completes is flagged to the DSL channel in the same commit (after the concern's own card).
    await checkPatternsAfterReport(tx, school, now, incident);
    await tx.drafts.save({ ...draft, status: 'submitted', incidentId: incident.id, updatedAt: now });
    // Numbered last: the reference counter is locked from here to the commit only (PostgreSQL).
    const numbered = await tx.incidents.number(incident, school.referencePrefix, yearIn(now, school.timezone));
    return { kind: 'submitted', incident: numbered, routeText: describeRoute(incident.route, school), toldText: confirmationText(numbered.route, school), nextSteps: nextSteps(deps, numbered) } as WizardView;
  });
}

async function enqueueRouting(tx: Repositories, now: Date, incident: Incident, plan: RoutePlan): Promise<void> {
  if (plan.dslChannel) await enqueue(tx, now, MESSAGE_KINDS.channelCard, { type: 'dsl_channel' }, `report:${incident.id}:channel`, incident);
  for (const p of plan.direct) await enqueue(tx, now, MESSAGE_KINDS.directCard, { type: 'person', email: p.email }, `report:${incident.id}:direct:${p.email}`, incident);
  for (const p of plan.page) await enqueue(tx, now, MESSAGE_KINDS.page, { type: 'person', email: p.email }, `page:${incident.id}:1:${p.email}`, incident, { level: 1 });
  if (plan.route === 'none') {
    await enqueue(tx, now, MESSAGE_KINDS.reporterFallback, { type: 'person', email: incident.reporterEmail }, `fallback:${incident.id}:none`, incident, { reason: 'no_recipient' });
  }
}

function firstInvalidStep(deps: CoreDeps, draft: Draft, pupils: wizard.WizardContext['pupils']): { stepId: string; errors: Record<string, string> } | null {
  for (const stepId of wizard.stepIds(draft.category, draft.answers)) {
    if (stepId === REVIEW) break;
    const r = wizard.validateStep(stepId, draft.answers as Record<string, unknown>, ctx(deps, draft.answers, pupils));
    if (!r.ok) return { stepId, errors: r.errors };
  }
  return null;
}

function answeredAlready(answers: Answers, stepId: string): boolean {
  const step = wizard.getStep(stepId, { people: [], answers });
  return step.fields.some((f) => answers[f.id] !== undefined);
}

function viewOf(deps: CoreDeps, draft: Draft, errors: Record<string, string>, typed?: Answers, pupils?: wizard.WizardContext['pupils']): WizardView {
  const banners = wizard.banners(draft.answers);
  if (draft.step === REVIEW) {
    const category = draft.category ?? 'other';
    const subjects = resolveSubjects(deps.school, category, draft.answers);
    const [subject, ...otherSubjects] = subjects.people;
    const urgent = isUrgent(triageInput(category, draft.answers), deps.school.triage);
    const plan = routeReport(deps.school, { category, urgent, subject: subject ?? null, otherSubjects, allegation: subjects.allegation });
    return { kind: 'review', draftId: draft.id, banners, sections: wizard.reviewSections(category, draft.answers, ctx(deps)), routeText: describeRoute(plan.route, deps.school) };
  }
  const ids = wizard.stepIds(draft.category, draft.answers).filter((s) => s !== REVIEW);
  const index = Math.max(0, ids.indexOf(draft.step));
  return {
    kind: 'step',
    draftId: draft.id,
    step: wizard.getStep(draft.step, ctx(deps, draft.answers, pupils)),
    values: { ...draft.answers, ...(typed ?? {}) },
    errors,
    banners,
    canGoBack: wizard.previousStepId(draft.category, draft.answers, draft.step) !== null,
    progress: draft.category ? `Step ${index + 1} of ${ids.length + 1}` : 'Step 1',
  };
}

async function submittedView(deps: CoreDeps, draft: Draft, tx: Repositories = deps.store): Promise<WizardView> {
  const incident = draft.incidentId ? await tx.incidents.get(draft.incidentId) : null;
  if (!incident) throw notFound();
  return { kind: 'submitted', incident, routeText: describeRoute(incident.route, deps.school), toldText: confirmationText(incident.route, deps.school), nextSteps: nextSteps(deps, incident) };
}

async function ownDraft(deps: CoreDeps, reporter: Reporter, draftId: string): Promise<Draft> {
  const draft = await deps.store.drafts.get(draftId);
  if (!draft) throw notFound('That report is no longer open. Send "report" to start a new one.');
  if (draft.platform !== reporter.platform || draft.platformUserId !== reporter.platformUserId) throw notYours();
  if (draft.status === 'cancelled') throw new AppError('REFUSED', 'That report was cancelled. Send "report" to start a new one.', 409);
  return draft;
}

/** Someone else's draft id (a forwarded card, a guess): refused, and the person is told nothing changed. */
const notYours = () => forbidden('That report is not one of yours, so nothing was changed.');

function nextSteps(deps: CoreDeps, incident: Incident): string[] {
  const steps: string[] = [];
  const lado = deps.school.ladoContact ? `: ${deps.school.ladoContact}` : '';
  if (incident.immediateDanger) steps.push('If a child is in immediate danger, call 999 now and tell the DSL in person.');
  if (incident.route === 'dsl_team') steps.push('The safeguarding team will look at it and may ask you for more information here.');
  else if (incident.route === 'lado_direct') steps.push(`Please contact the Local Authority Designated Officer (LADO) today${lado}. The school's setting sends concerns about this person to the LADO directly. Do not discuss it with the person concerned.`);
  else if (incident.route === 'none') steps.push(`Please contact the Local Authority Designated Officer (LADO) directly${lado}.`);
  else steps.push('It has gone privately to the person who handles concerns about staff. Do not discuss it with the person concerned.');
  steps.push('Do not share images or evidence: describe them if asked. You will hear from us when the report is closed.');
  return steps;
}

/** What triage reads from a report: kinds only on the pupil path, the image question only on the staff path. */
function triageInput(category: Category, answers: Answers): TriageInput & { kinds: string[] } {
  return {
    immediateDanger: answers.immediate_danger === 'yes',
    kinds: category === 'pupil' ? asArray(answers.kinds) : [],
    childImages: category === 'staff' && staffChildImages(answers),
  };
}

function asArray(v: string | string[] | undefined): string[] {
  if (Array.isArray(v)) return v;
  return typeof v === 'string' && v ? v.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

function stripInternal(a: Answers): Answers {
  return Object.fromEntries(Object.entries(a).filter(([k]) => !k.startsWith('__')));
}

/** The calendar year in the school's time zone (a report at 00:30 on 1 January is next year's). */
export function yearIn(d: Date, timeZone: string): number {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric' }).format(d));
}
