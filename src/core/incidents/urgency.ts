/**
 * Triage and the UKCIS warning: questions asked of a report's answers and the school's triage, nothing else.
 */
import { DEFAULT_TRIAGE, kindById, type Triage } from './kinds';

/** What triage needs to know about a report. */
export interface TriageInput {
  immediateDanger: boolean;
  kinds: readonly string[];
  /**
   * The staff path's "does this involve nudes or sexual images of a child?" answered yes or not sure:
   * a child's nude image involving an adult is child sexual abuse (UKCIS 2024; 004 §20.5).
   */
  childImages?: boolean;
}

/**
 * True when the report must page now (DMs to the DSL team, or to the staff route's recipients):
 * a child in immediate danger always (004 §19: 999 if there is immediate danger), else
 * any kind the school's triage marks page-now, or nude images of a child on the staff path.
 * Unknown kind ids count for nothing.
 */
export function isUrgent(input: TriageInput, triage: Triage = DEFAULT_TRIAGE): boolean {
  return input.immediateDanger || input.childImages === true || input.kinds.some((id) => triage.pageNow.has(id));
}

/** True when the report is recorded and flagged as serious: anything that pages, or any serious kind. */
export function isSerious(input: TriageInput, triage: Triage = DEFAULT_TRIAGE): boolean {
  return isUrgent(input, triage) || input.kinds.some((id) => triage.serious.has(id));
}

/**
 * True when any kind involves nudes, semi-nudes, sexual images (real or AI-made) or sexual
 * abuse/exploitation, so the reporter is shown the UKCIS do's and don'ts (UKCIS "Sharing nudes and
 * semi-nudes" advice for education settings, March 2024; 004 §20.2, §20.5; 002 appendix G).
 */
export function needsUkcisWarning(kinds: readonly string[]): boolean {
  return kinds.some((id) => kindById(id)?.sexualImagery === true);
}
