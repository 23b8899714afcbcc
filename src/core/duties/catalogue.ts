/**
 * The duty catalogue: every duty the school must keep on time, who it falls on, and the policy
 * it comes from. Cadences come from the school file (`duties:`, see settings.ts).
 */
import type { Role } from '../model';
import type { DutySettings } from './settings';

export const DUTY_IDS = [
  'staff_training',
  'aua',
  'dsl_training',
  'dsl_refresh',
  'governor_training',
  'policy_review',
  'filtering_review',
  'ict_security_check',
  'governors_report',
  'governor_meeting',
] as const;
export type DutyId = (typeof DUTY_IDS)[number];

export type DutyKind = 'training' | 'aua' | 'review';

export interface DutyDef {
  id: DutyId;
  title: string;
  kind: DutyKind;
  /** 'person': each person it applies to has their own due date; 'school': one due date, reminded to its owners. */
  scope: 'person' | 'school';
  /** Personal duties: whether it applies to someone with these roles. */
  appliesTo?: (roles: readonly Role[]) => boolean;
  /** School duties: who is reminded and may mark it done. */
  owners?: readonly Role[];
  /** Completions of these duties also count for this one (DSL training includes the all-staff update). */
  alsoSatisfiedBy?: readonly DutyId[];
  source: string;
}

const GOVERNOR_ROLES: readonly Role[] = ['chair_of_governors', 'online_safety_governor'];
const DSL_ROLES: readonly Role[] = ['dsl', 'deputy_dsl'];
/** Governors are not staff: someone who holds only governor roles has governor training instead (004 §10). */
const isGovernorOnly = (roles: readonly Role[]) => roles.length > 0 && roles.every((r) => GOVERNOR_ROLES.includes(r));

export const DUTIES: Record<DutyId, DutyDef> = {
  // 004 §10; KCSiE Part 2: all staff at induction, refreshed at least annually; 000 part 3 (filtering and monitoring in the training).
  staff_training: { id: 'staff_training', title: 'Safeguarding and online safety training', kind: 'training', scope: 'person', appliesTo: (r) => !isGovernorOnly(r), alsoSatisfiedBy: ['dsl_training'], source: '004 §10; KCSiE Part 2' },
  // 002 §6 and appendix A–C: signed before contact with pupils; 000 part 1: refreshed annually with safeguarding training.
  aua: { id: 'aua', title: 'Acceptable use agreement', kind: 'aua', scope: 'person', appliesTo: () => true, source: '002 §6-7, appendix A-C; 000 part 1' },
  // 004 §10; KCSiE Annex C: DSL and deputies trained at least every 2 years.
  dsl_training: { id: 'dsl_training', title: 'DSL child protection and safeguarding training', kind: 'training', scope: 'person', appliesTo: (r) => r.some((x) => DSL_ROLES.includes(x)), source: '004 §10; KCSiE Annex C' },
  // 004 §10; KCSiE Annex C: knowledge and skills refreshed at least annually.
  dsl_refresh: { id: 'dsl_refresh', title: 'DSL online safety knowledge refresh', kind: 'training', scope: 'person', appliesTo: (r) => r.some((x) => DSL_ROLES.includes(x)), alsoSatisfiedBy: ['dsl_training'], source: '004 §10; KCSiE Annex C' },
  // 004 §10: governors trained as part of their safeguarding training; 000 part 1 (governors' training).
  governor_training: { id: 'governor_training', title: "Governors' safeguarding and online safety training", kind: 'training', scope: 'person', appliesTo: (r) => r.some((x) => GOVERNOR_ROLES.includes(x)), source: '004 §10; 000 part 1' },
  // 004 §3 (bi-yearly) / 000, 002 (yearly): next date from the school file.
  policy_review: { id: 'policy_review', title: 'Online safety policy review', kind: 'review', scope: 'school', owners: ['dsl', 'headteacher'], source: '004 §3; 000 part 1' },
  // 000 part 4; DfE filtering and monitoring standards: at least annually, DSL with a senior leader, IT and the governor.
  filtering_review: { id: 'filtering_review', title: 'Filtering and monitoring review', kind: 'review', scope: 'school', owners: ['dsl', 'headteacher', 'ict_lead', 'online_safety_governor'], source: '000 part 4; 004 §11.1; DfE standards' },
  // 004 §4.4: the ICT manager conducts a full security check monthly.
  ict_security_check: { id: 'ict_security_check', title: 'ICT security check', kind: 'review', scope: 'school', owners: ['ict_lead'], source: '004 §4.4' },
  // 003 (termly safeguarding report to governors); 002 §8.
  governors_report: { id: 'governors_report', title: 'Termly safeguarding report to governors', kind: 'review', scope: 'school', owners: ['dsl'], source: '003; 002 §8' },
  // 000 part 1: the online safety governor meets the DSL / OSL regularly, at least annually.
  governor_meeting: { id: 'governor_meeting', title: 'DSL and online safety governor meeting', kind: 'review', scope: 'school', owners: ['dsl', 'online_safety_governor'], source: '000 part 1' },
};

/** True when `id` names a duty. */
export function isDutyId(id: unknown): id is DutyId {
  return typeof id === 'string' && (DUTY_IDS as readonly string[]).includes(id);
}

/** The personal duties for someone with these roles (turned-off duties left out). */
export function personalDuties(roles: readonly Role[], settings: DutySettings): DutyDef[] {
  return DUTY_IDS.map((id) => DUTIES[id]).filter((d) => d.scope === 'person' && !isOff(d.id, settings) && d.appliesTo?.(roles));
}

/** The school duties that are switched on. */
export function schoolDuties(settings: DutySettings): DutyDef[] {
  return DUTY_IDS.map((id) => DUTIES[id]).filter((d) => d.scope === 'school' && !isOff(d.id, settings));
}

/** Months between completions of a duty, from the school file. */
export function everyMonths(id: DutyId, settings: DutySettings): number {
  return id === 'aua' ? settings.aua.every_months : settings[id].every_months;
}

function isOff(id: DutyId, settings: DutySettings): boolean {
  return id !== 'aua' && settings[id].off;
}
