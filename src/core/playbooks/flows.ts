/**
 * Ticking (and unticking) a checklist step: authorised against the stored record (the people who
 * may add a note), checked against the card's version, refused for a step that is not on this
 * incident's checklist, and recorded as a chronology entry with who and when — the entry is the tick.
 */
import type { CoreDeps } from '../deps';
import type { Incident, Person } from '../model';
import { abilities } from '../routing/permissions';
import { enqueueRefresh } from '../notify/enqueue';
import { CHECKLIST_EVENTS, checklistFor, stepStates } from './checklist';

export interface TickRequest {
  incidentId: string;
  version: number;
  stepId: string;
  /** True to tick, false to untick. */
  done: boolean;
  /** The platform's id for this click, so a platform retry records nothing twice. */
  eventId?: string;
}

export type TickOutcome =
  | { status: 'ok'; incident: Incident; message: string }
  | { status: 'duplicate'; incident: Incident }
  | { status: 'stale'; incident: Incident }
  | { status: 'refused'; incident: Incident; reason: string }
  | { status: 'forbidden' }
  | { status: 'not_found' };

/** Records one tick or untick of one step by one person. */
export async function tickStep(deps: CoreDeps, actor: Person, req: TickRequest): Promise<TickOutcome> {
  const { store, school, clock } = deps;
  return store.transaction(async (tx) => {
    const now = clock.now();
    const incident = await tx.incidents.get(req.incidentId);
    if (!incident) return { status: 'not_found' } as const;
    // KCSiE Part 2 record keeping: the same people who may write on the record may tick it.
    if (!abilities(school, incident, actor).has('add_note')) {
      await tx.events.add({ incidentId: incident.id, at: now, actorEmail: actor.email, type: 'unauthorised_attempt', data: { action: req.done ? 'tick_a_checklist_step' : 'untick_a_checklist_step' } });
      return { status: 'forbidden' } as const;
    }
    if (req.eventId && !(await tx.inbound.firstSeen(incident.reporterPlatform, `action:${req.eventId}`, now))) return { status: 'duplicate', incident } as const;
    if (req.version !== incident.version) return { status: 'stale', incident } as const;
    const step = checklistFor(incident).find((s) => s.id === req.stepId);
    if (!step) return { status: 'refused', incident, reason: 'That step is not on the checklist for this concern, so nothing was recorded.' } as const;
    if (incident.status === 'closed') return { status: 'refused', incident, reason: 'This concern is closed. Reopen it to change its checklist.' } as const;
    const current = stepStates(await tx.events.listByIncident(incident.id)).get(step.id)?.done ?? false;
    if (current === req.done) return { status: 'refused', incident, reason: req.done ? 'That step is already ticked.' : 'That step is not ticked.' } as const;

    // The version bump makes every open card of this incident stale, so nobody ticks on old state.
    const saved = await tx.incidents.update(incident);
    if (!saved) return { status: 'stale', incident } as const;
    await tx.events.add({ incidentId: incident.id, at: now, actorEmail: actor.email, type: req.done ? CHECKLIST_EVENTS.tick : CHECKLIST_EVENTS.untick, data: { stepId: step.id } });
    await enqueueRefresh(tx, now, saved);
    return { status: 'ok', incident: saved, message: req.done ? 'Ticked: it is on the record with your name and the time.' : 'Unticked: that is on the record too.' } as const;
  });
}
