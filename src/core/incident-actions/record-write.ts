/**
 * The checks every write on a concern's record makes first, inside its transaction (issue #11's
 * follow-up, tasks and pupil links share them): the incident held until the commit, the writer
 * authorised against the stored record (a refusal recorded in the chronology: KCSiE Part 2, who did
 * what), a platform retry of the same click changing nothing twice, and a stale card refused.
 */
import type { School } from '../people/school';
import type { Incident, Person } from '../model';
import type { Repositories } from '../ports';
import { abilities } from '../routing/permissions';

export interface RecordWrite {
  incidentId: string;
  /** The version the card showed; omitted when the write cannot conflict (a task done from its reminder). */
  version?: number;
  /** The platform's id for the click. */
  eventId?: string;
}

export type RecordWriteCheck = { ok: true; incident: Incident } | { ok: false; outcome: { status: 'not_found' | 'forbidden' | 'duplicate' | 'stale' } };

/**
 * Holds and checks the incident for a write named `action` (the word a refusal is recorded with).
 * `also`: a further rule the writer must meet (e.g. the DSL team only), refused the same way.
 */
export async function checkRecordWrite(tx: Repositories, school: School, actor: Person, now: Date, req: RecordWrite, action: string, also: (actor: Person) => boolean = () => true): Promise<RecordWriteCheck> {
  await tx.incidents.lock(req.incidentId);
  const incident = await tx.incidents.get(req.incidentId);
  if (!incident) return { ok: false, outcome: { status: 'not_found' } };
  if (!also(actor) || !abilities(school, incident, actor).has('add_note')) {
    await tx.events.add({ incidentId: incident.id, at: now, actorEmail: actor.email, type: 'unauthorised_attempt', data: { action } });
    return { ok: false, outcome: { status: 'forbidden' } };
  }
  if (req.eventId && !(await tx.inbound.firstSeen(incident.reporterPlatform, `action:${req.eventId}`, now))) return { ok: false, outcome: { status: 'duplicate' } };
  if (req.version !== undefined && req.version !== incident.version) return { ok: false, outcome: { status: 'stale' } };
  return { ok: true, incident };
}
