/**
 * Opening an incident: authorised at each open against the stored record, and recorded,
 * so the chronology shows who looked at a concern and when.
 */
import type { CoreDeps } from '../deps';
import type { Incident, IncidentEvent, InfoRequest, Person, Proposal } from '../model';
import { abilities, isDslTeam, type Ability } from '../routing/permissions';
import { enqueueRefresh } from '../notify/enqueue';
import type { Pupil, PupilLink } from '../pupils/model';
import { unlinkedRows } from '../pupils/link';
import type { Repositories } from '../ports';
import type { Task } from '../tasks/model';
import { pupilIdsOf } from '../incidents/wizard';

export interface IncidentDossier {
  incident: Incident;
  events: IncidentEvent[];
  proposals: Proposal[];
  infoRequests: InfoRequest[];
  can: Set<Ability>;
  /** Issue #11: the pupil records the report names (chosen by the reporter, or linked since by the DSL team), leavers too. */
  pupils?: Pupil[];
  /** Issue #11: which row names which pupil, and who linked it. */
  links?: PupilLink[];
  /** Issue #11: the viewer may open the children's chronologies and link typed names (the DSL team). */
  pupilRecords?: boolean;
  /** When it was opened (what "overdue" is measured against). */
  viewedAt?: Date;
  /** Issue #11: the concern's tasks, oldest first. */
  tasks?: Task[];
  /** Issue #11, for the DSL team: pupils whose names match the names typed on rows not yet linked, offered first when linking. */
  suggestions?: Pupil[];
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
    const links = await tx.pupilLinks.listByIncident(incidentId);
    const pupils = await tx.pupils.getMany([...new Set([...pupilIdsOf(incident.answers), ...links.map((l) => l.misId)])]);
    const tasks = await tx.tasks.listByIncident(incidentId);
    const pupilRecords = isDslTeam(actor);
    const suggestions = pupilRecords ? await suggestPupils(tx, incident, links) : [];
    return { status: 'ok', dossier: { incident, events, proposals, infoRequests, can, pupils, links, pupilRecords, suggestions, tasks, viewedAt: now } } as const;
  });
}

/** Pupils (leavers too) whose names match what was typed on each unlinked row: at most five, so the link form's first choices are likely ones. */
async function suggestPupils(tx: Repositories, incident: Incident, links: PupilLink[]): Promise<Pupil[]> {
  const found = new Map<string, Pupil>();
  for (const { name } of unlinkedRows(incident, new Set(links.map((l) => l.row)))) {
    // "Mrs Carter" or "Jay S." search by the longest word: the reporter's spelling of a first name varies more.
    const word = name.split(/\s+/).map((w) => w.replace(/[^\p{L}'’-]/gu, '')).sort((a, b) => b.length - a.length)[0] ?? '';
    if (word.length < 2) continue;
    for (const p of await tx.pupils.search(word, 5, { leavers: true })) found.set(p.misId, p);
  }
  return [...found.values()].slice(0, 5);
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
