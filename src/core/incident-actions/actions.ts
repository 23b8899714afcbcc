/**
 * What the DSL team (or the headteacher / chair on a staff concern) does to an incident:
 * authorised against the stored record, checked against the card's version, moved through the
 * lifecycle table, recorded in the chronology with its rationale, and announced through the outbox.
 */
import type { CoreDeps } from '../deps';
import type { Decision, Incident, Person } from '../model';
import { DECISION_LABELS, decisionsFor } from './decisions';
import type { Repositories } from '../ports';
import { abilities, type Ability } from '../routing/permissions';
import { transition, type LifecycleEvent } from '../incidents/lifecycle';
import { enqueue, enqueueRefresh, MESSAGE_KINDS } from '../notify/enqueue';

export type ActionName = LifecycleEvent;

export interface ActionRequest {
  action: ActionName;
  incidentId: string;
  /** The version the card showed; omitted only for actions that cannot conflict (acknowledge). */
  version?: number;
  inputs: Record<string, unknown>;
  /** The platform's id for this click, so a platform retry changes nothing twice. */
  eventId?: string;
}

export type ActionOutcome =
  | { status: 'ok'; incident: Incident; message: string }
  | { status: 'duplicate'; incident: Incident }
  | { status: 'stale'; incident: Incident }
  | { status: 'forbidden' }
  | { status: 'not_found' }
  | { status: 'refused'; incident: Incident; reason: string }
  | { status: 'invalid'; incident: Incident; errors: Record<string, string> };

const ABILITY: Record<ActionName, Ability> = {
  acknowledge: 'acknowledge',
  take_ownership: 'take_ownership',
  add_note: 'add_note',
  ask_reporter: 'ask_reporter',
  propose: 'propose',
  approve: 'approve',
  reject: 'approve',
  decide: 'decide',
  close: 'close',
  reopen: 'reopen',
  record_lado: 'record_lado',
};

/** Acknowledging cannot conflict with anything, so an older card may still do it. */
const VERSION_FREE: ReadonlySet<ActionName> = new Set(['acknowledge']);

/** Kept here too: views and older callers import the labels from this module. */
export { DECISION_LABELS };

/** Applies one action by one person to one incident. */
export async function actOnIncident(deps: CoreDeps, actor: Person, req: ActionRequest): Promise<ActionOutcome> {
  const { store, school, clock } = deps;
  return store.transaction(async (tx) => {
    const now = clock.now();
    const incident = await tx.incidents.get(req.incidentId);
    if (!incident) return { status: 'not_found' } as const;
    const can = abilities(school, incident, actor);
    if (!can.has(ABILITY[req.action])) {
      // An unauthorised click changes nothing but is recorded (KCSiE Part 2: an audit of who did what).
      await tx.events.add({ incidentId: incident.id, at: now, actorEmail: actor.email, type: 'unauthorised_attempt', data: { action: req.action } });
      return { status: 'forbidden' } as const;
    }
    if (req.eventId && !(await tx.inbound.firstSeen(incident.reporterPlatform, `action:${req.eventId}`, now))) {
      return { status: 'duplicate', incident } as const;
    }
    if (!VERSION_FREE.has(req.action) && req.version !== incident.version) return { status: 'stale', incident } as const;

    const errors = validateInputs(req, incident);
    if (Object.keys(errors).length) return { status: 'invalid', incident, errors } as const;
    const pending = await tx.proposals.pending(incident.id);
    const step = transition(incident.status, req.action);
    if (!step.ok) return { status: 'refused', incident, reason: step.reason } as const;

    const text = (k: string) => (typeof req.inputs[k] === 'string' ? (req.inputs[k] as string).trim() : '');
    const next: Incident = { ...incident, status: step.next };
    let message = 'Done.';
    const data: Record<string, unknown> = {};
    switch (req.action) {
      case 'acknowledge':
        next.acknowledgedAt ??= now;
        message = 'Acknowledged.';
        break;
      case 'take_ownership':
        next.ownerEmail = actor.email;
        next.acknowledgedAt ??= now;
        message = 'You own this concern now.';
        break;
      case 'add_note':
        Object.assign(data, { note: text('note'), rationale: text('rationale') });
        message = 'Your note is on the record.';
        break;
      case 'record_lado':
        Object.assign(data, { note: text('note') });
        message = 'The LADO consultation is on the record.';
        break;
      case 'ask_reporter': {
        const request = await tx.infoRequests.add({ incidentId: incident.id, askedBy: actor.email, question: text('question'), askedAt: now, answer: null, answeredAt: null });
        await enqueue(tx, now, MESSAGE_KINDS.reporterAsk, { type: 'person', email: incident.reporterEmail }, `ask:${request.id}`, incident, { requestId: request.id });
        Object.assign(data, { requestId: request.id });
        message = 'Your question has been sent to the reporter.';
        break;
      }
      case 'propose': {
        const decision = text('decision') as Decision;
        await tx.proposals.add({ incidentId: incident.id, decision, rationale: text('rationale'), proposedBy: actor.email, proposedAt: now, status: 'pending', decidedBy: null, decidedAt: null });
        Object.assign(data, { decision, rationale: text('rationale') });
        message = `Proposed: ${DECISION_LABELS[decision]}. A DSL or deputy needs to approve it.`;
        break;
      }
      case 'approve':
      case 'reject': {
        if (!pending) return { status: 'refused', incident, reason: 'There is no proposal waiting for approval.' } as const;
        await tx.proposals.resolve(pending.id, req.action === 'approve' ? 'approved' : 'rejected', actor.email, now);
        Object.assign(data, { decision: pending.decision, proposedBy: pending.proposedBy, rationale: text('rationale') });
        message = req.action === 'approve' ? `Approved: ${DECISION_LABELS[pending.decision]}.` : 'Proposal rejected.';
        break;
      }
      case 'decide': {
        const decision = text('decision') as Decision;
        Object.assign(data, { decision, rationale: text('rationale') });
        message = `Decided: ${DECISION_LABELS[decision]}.`;
        break;
      }
      case 'close':
        next.closedAt = now;
        next.outcome = text('outcome');
        Object.assign(data, { outcome: text('outcome'), rationale: text('rationale') });
        message = 'Closed. The reporter has been told.';
        break;
      case 'reopen':
        next.closedAt = null;
        Object.assign(data, { rationale: text('rationale') });
        message = 'Reopened.';
        break;
    }
    if (step.effects.includes('stop_paging')) next.nextPageAt = null;
    const saved = await tx.incidents.update(next);
    if (!saved) return { status: 'stale', incident } as const;
    await tx.events.add({ incidentId: incident.id, at: now, actorEmail: actor.email, type: req.action, data });
    await applyEffects(tx, now, saved, step.effects);
    return { status: 'ok', incident: saved, message } as const;
  });
}

async function applyEffects(tx: Repositories, now: Date, incident: Incident, effects: readonly string[]): Promise<void> {
  if (effects.includes('refresh_cards') || effects.includes('notify_deciders')) await enqueueRefresh(tx, now, incident);
  if (effects.includes('notify_reporter_closed')) {
    await enqueue(tx, now, MESSAGE_KINDS.reporterClosed, { type: 'person', email: incident.reporterEmail }, `closed:${incident.id}:${incident.version}`, incident);
  }
}

const REQUIRED: Partial<Record<ActionName, string[]>> = {
  add_note: ['note'],
  record_lado: ['note'],
  ask_reporter: ['question'],
  propose: ['decision', 'rationale'],
  decide: ['decision', 'rationale'],
  reject: ['rationale'],
  close: ['outcome', 'rationale'],
  reopen: ['rationale'],
};

const MESSAGES: Record<string, string> = {
  note: 'Please write the note or action.',
  question: 'Please write your question for the reporter.',
  decision: 'Please choose a decision.',
  rationale: 'Please give the reason — KCSiE asks for the reasons behind every decision to be recorded.',
  outcome: 'Please describe the outcome for the record (the reporter is told only that the concern is closed, never the outcome).',
};

function validateInputs(req: ActionRequest, incident: Incident): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const key of REQUIRED[req.action] ?? []) {
    const v = req.inputs[key];
    if (typeof v !== 'string' || !v.trim()) errors[key] = MESSAGES[key];
    else if (v.length > 4000) errors[key] = 'Please keep this under 4000 characters.';
  }
  const d = req.inputs.decision;
  // Only what the card offered for this incident: never the legacy CEOP/IWF, never the LADO where no adult is involved.
  if ((req.action === 'propose' || req.action === 'decide') && typeof d === 'string' && d && !(decisionsFor(incident) as string[]).includes(d)) {
    errors.decision = 'Please choose one of the listed decisions.';
  }
  return errors;
}
