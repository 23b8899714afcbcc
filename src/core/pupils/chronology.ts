/**
 * A child's chronology (issue #11; KCSiE Part 2 record keeping: "a chronology of each concern,
 * discussion, decision and the reason for it"): every incident the pupil is named in, with their
 * part, and every entry of those incidents' records, in time order.
 *
 * Only the DSL team open it (000 part 1: the DSL holds the child-protection record), and each one sees
 * only the incidents they may see: an allegation routed to the headteacher, or a concern about the
 * viewer, stays out of their chronology, with no sign that it exists. Each incident shown is recorded
 * as viewed, as opening its details is.
 */
import type { CoreDeps } from '../deps';
import type { Incident, IncidentEvent, Person } from '../model';
import { abilities, isDslTeam } from '../routing/permissions';
import type { Pupil, PupilPart } from './model';

/** One incident of a child's chronology, with the parts the child had in it (a row each). */
export interface ChronologyIncident {
  incident: Incident;
  parts: (PupilPart | null)[];
}

export interface ChildChronology {
  pupil: Pupil;
  /** Oldest report first. */
  incidents: ChronologyIncident[];
  /** Every entry of those incidents, oldest first (views left out: they are the audit, not the record). */
  entries: IncidentEvent[];
}

export type ChronologyOutcome = { status: 'ok'; chronology: ChildChronology } | { status: 'forbidden' } | { status: 'not_found' };

/** Whether this person may open children's chronologies at all (the DSL team). */
export const mayOpenChronology = (actor: Person): boolean => isDslTeam(actor);

/** The chronology of the pupil with this MIS id, as this person may see it. */
export async function openChronology(deps: CoreDeps, actor: Person, misId: string): Promise<ChronologyOutcome> {
  if (!mayOpenChronology(actor)) return { status: 'forbidden' };
  const { store, school, clock } = deps;
  return store.transaction(async (tx) => {
    const pupil = await tx.pupils.get(misId);
    if (!pupil) return { status: 'not_found' } as const;
    const links = await tx.pupilLinks.listByPupil(misId);
    const parts = new Map<string, (PupilPart | null)[]>();
    for (const l of links) parts.set(l.incidentId, [...(parts.get(l.incidentId) ?? []), l.part]);
    const visible = (await tx.incidents.getMany([...parts.keys()])).filter((i) => abilities(school, i, actor).has('view'));
    const now = clock.now();
    for (const i of visible) await tx.events.add({ incidentId: i.id, at: now, actorEmail: actor.email, type: 'viewed', data: { via: 'chronology' } });
    const entries = (await tx.events.listByIncidents(visible.map((i) => i.id))).filter((e) => e.type !== 'viewed');
    return { status: 'ok', chronology: { pupil, incidents: visible.map((incident) => ({ incident, parts: parts.get(incident.id) ?? [] })), entries } } as const;
  });
}

/** At most this many pupils answer one `chronology <name>` search. */
export const MAX_MATCHES = 10;

export type FindOutcome = { status: 'forbidden' } | { status: 'no_query' } | { status: 'found'; pupils: Pupil[] };

/** The pupils whose name or form is `query`, leavers too (a child who has left still has a record), for the DSL team only. */
export async function findPupils(deps: CoreDeps, actor: Person, query: string): Promise<FindOutcome> {
  if (!mayOpenChronology(actor)) return { status: 'forbidden' };
  const q = query.trim().slice(0, 100);
  if (q.length < 2) return { status: 'no_query' };
  return { status: 'found', pupils: await deps.store.pupils.search(q, MAX_MATCHES, { leavers: true }) };
}
