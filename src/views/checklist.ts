/**
 * The playbook checklist in the details view: the steps for the incident's kinds or
 * route, each with its source, the contacts it needs and its state as the chronology records it.
 */
import type { Incident, IncidentEvent } from '../core/model';
import type { School } from '../core/people/school';
import { checklistFor, playbooksFor, stepById, stepStates } from '../core/playbooks/checklist';
import { contactLine, MISSING_LOCAL, type ContactId } from '../core/playbooks/contacts';
import type { ChecklistView } from '../cards';

/** A contact's short name for a step line, e.g. "CEOP (National Crime Agency)". */
function contactName(school: School, id: ContactId): string {
  return school.contact(id)?.name ?? MISSING_LOCAL[id as keyof typeof MISSING_LOCAL] ?? id;
}

/** The checklist for the details card, or undefined when no playbook applies. `canAct`: the viewer may tick (open, and may add a note). */
export function checklistView(school: School, incident: Incident, events: readonly IncidentEvent[], canAct: boolean, when: (d: Date) => string): ChecklistView | undefined {
  const steps = checklistFor(incident);
  if (!steps.length) return undefined;
  const states = stepStates(events);
  const done = steps.filter((s) => states.get(s.id)?.done).length;
  const needed = [...new Set(steps.flatMap((s) => s.contacts))];
  return {
    title: `Checklist: ${playbooksFor(incident).map((p) => p.title).join('; ')}`,
    summary: `${done} of ${steps.length} done. Each tick goes in the chronology with your name and the time.`,
    steps: steps.map((s) => {
      const st = states.get(s.id);
      const ticked = st?.done === true;
      const contacts = s.contacts.length ? ` · Contacts: ${s.contacts.map((c) => contactName(school, c)).join(', ')}` : '';
      return {
        stepId: s.id,
        line: `${ticked ? '☑' : '☐'} ${s.title}`,
        text: s.text,
        detail: `${s.source}${contacts}`,
        state: ticked && st ? `Done — ${st.by ? school.person(st.by).name : 'Safeguard bot'}, ${when(st.at)}` : undefined,
        canTick: canAct && !ticked,
        canUntick: canAct && ticked,
      };
    }),
    contacts: needed.map((id) => {
      const c = school.contact(id);
      return c ? contactLine(c) : `${MISSING_LOCAL[id as keyof typeof MISSING_LOCAL] ?? id} — not in the school file yet (add ${id === 'lado' ? 'routes.lado' : `contacts.${id}`})`;
    }),
  };
}

/** The chronology line of a tick or untick: "Checklist: ticked “Device secured”". */
export function checklistEventText(type: 'tick' | 'untick', data: Record<string, unknown>): string {
  const id = typeof data.stepId === 'string' ? data.stepId : '';
  return `Checklist: ${type === 'tick' ? 'ticked' : 'unticked'} “${stepById(id)?.title ?? id}”`;
}
