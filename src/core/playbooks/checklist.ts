/**
 * Which checklist an incident gets, and the state of each step — read from the chronology, which
 * is the only record of a tick (nothing about it is kept on the incident or trusted from a card).
 */
import type { Incident, IncidentEvent } from '../model';
import { PLAYBOOKS, STEPS, type Playbook, type PlaybookStep } from './playbooks';

/** Chronology entry types of the checklist. */
export const CHECKLIST_EVENTS = { tick: 'checklist_tick', untick: 'checklist_untick' } as const;

const STEP_BY_ID: ReadonlyMap<string, PlaybookStep> = new Map(STEPS.map((s) => [s.id, s]));

/** The step with this id, or undefined. */
export function stepById(id: string): PlaybookStep | undefined {
  return STEP_BY_ID.get(id);
}

/** The playbooks an incident calls for: by any of its kinds, or by its route (a staff allegation). */
export function playbooksFor(incident: Pick<Incident, 'kinds' | 'route'>): Playbook[] {
  return PLAYBOOKS.filter((p) => p.routes.includes(incident.route) || p.kinds.some((k) => incident.kinds.includes(k)));
}

/** The incident's checklist: the steps of its playbooks in order, each step once. */
export function checklistFor(incident: Pick<Incident, 'kinds' | 'route'>): PlaybookStep[] {
  const ids = [...new Set(playbooksFor(incident).flatMap((p) => p.steps))];
  return ids.map((id) => STEP_BY_ID.get(id)).filter((s): s is PlaybookStep => s !== undefined);
}

export interface StepState {
  done: boolean;
  /** Who ticked (or unticked) it last, and when. */
  by: string | null;
  at: Date;
}

/** The latest tick or untick of each step, from the chronology (events oldest first). */
export function stepStates(events: readonly IncidentEvent[]): Map<string, StepState> {
  const out = new Map<string, StepState>();
  for (const e of events) {
    if (e.type !== CHECKLIST_EVENTS.tick && e.type !== CHECKLIST_EVENTS.untick) continue;
    const id = typeof e.data.stepId === 'string' ? e.data.stepId : null;
    if (id) out.set(id, { done: e.type === CHECKLIST_EVENTS.tick, by: e.actorEmail, at: e.at });
  }
  return out;
}
