/**
 * Opening an incident: authorised at each open against the stored record, and recorded,
 * so the chronology shows who looked at a concern and when.
 */
import type { CoreDeps } from '../deps';
import type { Incident, IncidentEvent, InfoRequest, Person, Proposal } from '../model';
import { abilities, type Ability } from '../routing/permissions';
import { enqueueRefresh } from '../notify/enqueue';
import type { Pupil } from '../pupils/model';
import { pupilIdsOf } from '../incidents/wizard';

export interface IncidentDossier {
  incident: Incident;
  events: IncidentEvent[];
  proposals: Proposal[];
  infoRequests: InfoRequest[];
  can: Set<Ability>;
  /** Issue #11: the pupil records the report names (chosen by the reporter from the school's pupils), leavers too. */
  pupils?: Pupil[];
}

export type ViewOutcome = { status: 'ok'; dossier: IncidentDossier } | { status: 'forbidden' } | { status: 'not_found' };

/** Loads everything about an incident for a person allowed to see it; refuses and records anyone else. */
export async function openIncident(deps: CoreDeps, actor: Person, incidentId: string): Promise<ViewOutcome> {
  const { store, school, clock } = deps;
  return store.transaction(async (tx) => {
    const incident = await tx.incidents.get(incidentId);
    if (!incident) return { status: 'not_found' } as const;
    const can = abilities(school, incident, actor);
    const now = clock.now();
    if (!can.has('view')) {
      await tx.events.add({ incidentId, at: now, actorEmail: actor.email, type: 'unauthorised_attempt', data: { action: 'view' } });
      return { status: 'forbidden' } as const;
    }
    await tx.events.add({ incidentId, at: now, actorEmail: actor.email, type: 'viewed', data: {} });
    // One after another: a transaction is one connection, which runs one query at a time.
    const events = await tx.events.listByIncident(incidentId);
    const proposals = await tx.proposals.listByIncident(incidentId);
    const infoRequests = await tx.infoRequests.listByIncident(incidentId);
    const pupils = await tx.pupils.getMany(pupilIdsOf(incident.answers));
    return { status: 'ok', dossier: { incident, events, proposals, infoRequests, can, pupils } } as const;
  });
}

export type AnswerOutcome =
  | { status: 'ok'; reference: string }
  | { status: 'already_answered'; reference: string }
  | { status: 'forbidden' }
  | { status: 'not_found' }
  | { status: 'invalid'; message: string };

/** Files the reporter's answer to a question from the DSL team on the incident. */
export async function answerInfoRequest(deps: CoreDeps, actor: Person, requestId: string, answer: unknown): Promise<AnswerOutcome> {
  const { store, clock } = deps;
  const text = typeof answer === 'string' ? answer.trim() : '';
  if (!text) return { status: 'invalid', message: 'Please write your answer before sending it.' };
  if (text.length > 4000) return { status: 'invalid', message: 'Please keep your answer under 4000 characters.' };
  return store.transaction(async (tx) => {
    const request = await tx.infoRequests.get(requestId);
    const incident = request ? await tx.incidents.get(request.incidentId) : null;
    if (!request || !incident) return { status: 'not_found' } as const;
    const now = clock.now();
    if (incident.reporterEmail !== actor.email) {
      await tx.events.add({ incidentId: incident.id, at: now, actorEmail: actor.email, type: 'unauthorised_attempt', data: { action: 'answer' } });
      return { status: 'forbidden' } as const;
    }
    if (!(await tx.infoRequests.answer(request.id, text, now))) return { status: 'already_answered', reference: incident.reference } as const;
    await tx.events.add({ incidentId: incident.id, at: now, actorEmail: actor.email, type: 'info_received', data: { requestId } });
    const bumped = await tx.incidents.update(incident);
    // Bump the version so open cards refresh and show that an answer arrived.
    if (bumped) await enqueueRefresh(tx, now, bumped);
    return { status: 'ok', reference: incident.reference } as const;
  });
}
