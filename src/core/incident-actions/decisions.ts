/**
 * The decisions a DSL (or the headteacher / chair on a staff concern) may record, what each is
 * called, and which are offered for an incident. CEOP and the IWF are separate routes (CEOP:
 * online grooming or sexual abuse of a child; IWF / Report Remove: removal of sexual images of a
 * child; 004 §20; UKCIS); the LADO is offered wherever an adult is involved (KCSiE Part 4).
 */
import type { Decision, Incident } from '../model';
import { DECISIONS } from '../model';

/** How each decision reads on cards and in the chronology (legacy ones included, so old rows still read). */
export const DECISION_LABELS: Record<Decision, string> = {
  manage_internally: 'Manage internally',
  early_help: 'Early help',
  social_care: "Referral to children's social care",
  police: 'Report to the police',
  lado: 'Refer to the LADO',
  ceop: 'Report to CEOP (online grooming or sexual abuse of a child)',
  iwf: 'Report to the IWF / Report Remove (removal of sexual images of a child)',
  ceop_iwf: 'Report to CEOP / IWF (recorded before these were separate decisions)',
};

/** Decisions kept only so stored rows stay readable: never offered, never accepted from a card. */
const LEGACY: ReadonlySet<Decision> = new Set(['ceop_iwf']);

/** "Who was involved" groups that are (or may be) adults: 002 appendices I–K; "someone else" may be an adult, so the DSL may judge. */
const ADULT_GROUPS = new Set(['staff', 'parent_carer', 'other']);

/**
 * Whether an adult is involved in an incident, so that a LADO referral is relevant (KCSiE Part 4:
 * allegations about anyone working with children, and advice where an adult poses a risk): a
 * concern about a named person (staff route), or a pupil concern whose "who was involved" rows
 * name a member of staff, a parent or carer, or someone else.
 */
export function adultInvolved(incident: Pick<Incident, 'subjectEmail' | 'subjectName' | 'category' | 'answers'>): boolean {
  if (incident.category === 'staff' || incident.subjectEmail || incident.subjectName) return true;
  return Object.entries(incident.answers ?? {}).some(([k, v]) => /^person\d+_group$/.test(k) && typeof v === 'string' && ADULT_GROUPS.has(v));
}

/** The decisions offered for this incident, in the order shown. */
export function decisionsFor(incident: Pick<Incident, 'subjectEmail' | 'subjectName' | 'category' | 'answers'>): Decision[] {
  const adult = adultInvolved(incident);
  return DECISIONS.filter((d) => !LEGACY.has(d) && (d !== 'lado' || adult));
}
