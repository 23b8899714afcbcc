/**
 * Due-date rules: when each duty falls due for each person (and for the school), from start
 * dates, completions and AUA signatures. Pure: the sweep and the status view feed it data.
 */
import type { Role } from '../model';
import { addDays, addMonths, daysBetween, localDate, type LocalDate } from './dates';
import { DUTIES, everyMonths, personalDuties, schoolDuties, type DutyDef, type DutyId } from './catalogue';
import type { DutySettings } from './settings';

export type DutyStatus = 'current' | 'due_soon' | 'due' | 'overdue';

/** A person as the duty rules see them. */
export interface DutyPerson {
  email: string;
  name: string;
  roles: Role[];
  /** First day at the school: induction duties fall due from it (mid-year starters included). */
  startDate: LocalDate | null;
  /** When the bot first knew them: stands in for a missing start date, so the due date is stable. */
  knownSince: LocalDate;
}

/** The facts the rules need, keyed for lookup. */
export interface DutyFacts {
  /** Latest completion date per `${dutyId}:${email}` (personal) or `${dutyId}:school`. */
  lastDone: Map<string, LocalDate>;
  /** Dates (school time zone) each person signed each AUA version: email → version → latest date. */
  signatures: Map<string, Map<string, LocalDate>>;
  aua: { version: string; effectiveFrom: LocalDate };
}

/** One duty for one person, or for the school, with its due date. */
export interface DutyInstance {
  key: string;
  dutyId: DutyId;
  def: DutyDef;
  /** The person for personal duties; null for school duties. */
  email: string | null;
  dueDate: LocalDate | null;
  lastDone: LocalDate | null;
}

/** The reminder key of a duty instance. */
export const instanceKey = (dutyId: DutyId, email: string | null) => `${dutyId}:${email ?? 'school'}`;

/**
 * When a never-done duty falls due for someone with no start date: the bot first saw them (the
 * school file, a roster) but does not know when they started, so they are probably existing staff
 * whose records are not in the bot yet — a grace period, not overdue on the bot's first day (#7).
 */
const graceFrom = (person: DutyPerson, days: number, settings: DutySettings): LocalDate => addDays(person.knownSince, Math.max(days, settings.new_staff_grace_days ?? 0));

/**
 * Due date of a personal training duty: never done → start date + induction days (a mid-year
 * starter is due from their own start date, not the school year's), or the grace period when no
 * start date is known; done → last + cadence.
 */
export function trainingDue(dutyId: DutyId, person: DutyPerson, lastDone: LocalDate | null, settings: DutySettings): LocalDate {
  if (lastDone) return addMonths(lastDone, everyMonths(dutyId, settings));
  const induction = dutyId === 'aua' ? 0 : settings[dutyId].induction_days;
  return person.startDate ? addDays(person.startDate, induction) : graceFrom(person, induction, settings);
}

/**
 * Due date of the AUA (002 §6: before contact with pupils; 000 part 1: yearly; and whenever the
 * version changes). A signature counts only for the version signed: once a new version takes
 * effect, an older signature no longer keeps the person current.
 */
export function auaDue(person: DutyPerson, signed: Map<string, LocalDate> | undefined, aua: DutyFacts['aua'], settings: DutySettings): { due: LocalDate; lastSigned: LocalDate | null } {
  const every = settings.aua.every_months;
  const current = signed?.get(aua.version) ?? null;
  if (current) return { due: addMonths(current, every), lastSigned: current };
  const older = [...(signed?.entries() ?? [])].filter(([v]) => v !== aua.version).map(([, d]) => d).sort().at(-1) ?? null;
  if (older) {
    const expiry = addMonths(older, every);
    return { due: expiry < aua.effectiveFrom ? expiry : aua.effectiveFrom, lastSigned: older };
  }
  return { due: person.startDate ?? graceFrom(person, 0, settings), lastSigned: null };
}

/** Latest completion of a duty for a person, counting the duties that also satisfy it. */
function lastDoneOf(def: DutyDef, email: string | null, facts: DutyFacts): LocalDate | null {
  const ids = [def.id, ...(def.alsoSatisfiedBy ?? [])];
  return ids.map((id) => facts.lastDone.get(instanceKey(id, email)) ?? null).filter((d): d is string => d !== null).sort().at(-1) ?? null;
}

/** Every duty instance for these people and the school. School duties with no date yet have dueDate null (due from when first seen). */
export function dutyInstances(people: DutyPerson[], facts: DutyFacts, settings: DutySettings): DutyInstance[] {
  return [...personalInstances(people, facts, settings), ...schoolInstances(facts, settings)];
}

/** The personal duty instances of these people (a sweep works through a big school a slice at a time). */
export function personalInstances(people: DutyPerson[], facts: DutyFacts, settings: DutySettings): DutyInstance[] {
  const out: DutyInstance[] = [];
  for (const p of people) {
    for (const def of personalDuties(p.roles, settings)) {
      if (def.id === 'aua') {
        const { due, lastSigned } = auaDue(p, facts.signatures.get(p.email), facts.aua, settings);
        out.push({ key: instanceKey('aua', p.email), dutyId: 'aua', def, email: p.email, dueDate: due, lastDone: lastSigned });
        continue;
      }
      const last = lastDoneOf(def, p.email, facts);
      out.push({ key: instanceKey(def.id, p.email), dutyId: def.id, def, email: p.email, dueDate: trainingDue(def.id, p, last, settings), lastDone: last });
    }
  }
  return out;
}

/** The school's own duty instances (reviews, reports). */
export function schoolInstances(facts: DutyFacts, settings: DutySettings): DutyInstance[] {
  const out: DutyInstance[] = [];
  for (const def of schoolDuties(settings)) {
    const last = lastDoneOf(def, null, facts);
    const next = (settings[def.id] as { next?: LocalDate }).next ?? null;
    const due = last ? addMonths(last, everyMonths(def.id, settings)) : next;
    out.push({ key: instanceKey(def.id, null), dutyId: def.id, def, email: null, dueDate: due, lastDone: last });
  }
  return out;
}

/** Where a due date stands today: overdue after the day, due on it, due soon within the longest lead time. */
export function dutyStatus(dueDate: LocalDate, today: LocalDate, settings: DutySettings): DutyStatus {
  const days = daysBetween(today, dueDate);
  if (days < 0) return 'overdue';
  if (days === 0) return 'due';
  return days <= Math.max(0, ...settings.lead_days) ? 'due_soon' : 'current';
}

/** Builds DutyFacts from stored completions and signatures (dates in the school's time zone). */
export function buildFacts(
  completions: { dutyId: string; email: string | null; completedOn: LocalDate }[],
  signatures: { email: string; version: string; signedAt: Date }[],
  aua: DutyFacts['aua'],
  tz: string,
): DutyFacts {
  const lastDone = new Map<string, LocalDate>();
  for (const c of completions) {
    if (!(c.dutyId in DUTIES)) continue;
    const key = instanceKey(c.dutyId as DutyId, c.email);
    const prev = lastDone.get(key);
    if (!prev || c.completedOn > prev) lastDone.set(key, c.completedOn);
  }
  const sigs = new Map<string, Map<string, LocalDate>>();
  for (const s of signatures) {
    const byVersion = sigs.get(s.email) ?? new Map<string, LocalDate>();
    const d = localDate(s.signedAt, tz);
    if ((byVersion.get(s.version) ?? '') < d) byVersion.set(s.version, d);
    sigs.set(s.email, byVersion);
  }
  return { lastDone, signatures: sigs, aua };
}
