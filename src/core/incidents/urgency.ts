/**
 * Urgency and the UKCIS warning: two questions asked of a report's answers, nothing else.
 */
import { kindById } from './kinds';

/**
 * True when the report must page the safeguarding team now: issue #2 — a child in immediate
 * danger, or any kind on 000 part 2's list of illegal / serious-harm incidents that "must be
 * escalated through the agreed school safeguarding procedures". Unknown kind ids count for nothing.
 */
export function isUrgent(input: { immediateDanger: boolean; kinds: readonly string[] }): boolean {
  return input.immediateDanger || input.kinds.some((id) => kindById(id)?.seriousHarm === true);
}

/**
 * True when any kind involves nudes, semi-nudes, indecent images or sexual abuse/exploitation, so the
 * reporter must be told not to view, copy, share or save images (UKCIS "Sharing nudes and semi-nudes"
 * advice for education settings, March 2024; 004 §20.2; 002 appendix G).
 */
export function needsUkcisWarning(kinds: readonly string[]): boolean {
  return kinds.some((id) => kindById(id)?.sexualImagery === true);
}
