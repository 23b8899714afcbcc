/**
 * Who a concern is about (KCSiE Part 4, allegations against staff): read from the wizard answers.
 * A pick from the school's list is taken as it is; anything typed ("Mrs Carter", "the head") is
 * only a subject once the reporter has confirmed one of the matches: never routed on a guess.
 */
import type { Answers, Category, Incident, Person } from '../model';
import type { School } from './school';
import { candidateTitle, matchPeople, type Matchable } from './match';

/** The confirm answer meaning "none of these: someone not on the school's list". */
export const SOMEONE_ELSE = 'someone_else';

/** A typed description of an adult waiting for confirmation: its text, and the answer id that confirms it. */
export interface TypedSubject {
  confirmField: string;
  text: string;
}

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/**
 * The typed descriptions on a path that need confirming: on the staff path the typed name (unless
 * the reporter picked someone from the list); on the pupil path each "who was involved" row that is
 * a member of staff named as alleged perpetrator (an adult named on any path is an allegation).
 */
export function typedSubjects(category: Category | null, answers: Answers): TypedSubject[] {
  if (category === 'staff') {
    const pick = str(answers.subject_email);
    const typed = str(answers.subject_name);
    return (pick && pick !== 'other') || !typed ? [] : [{ confirmField: 'subject_confirm', text: typed }];
  }
  if (category !== 'pupil') return [];
  const rows = Object.keys(answers)
    .map((k) => /^person(\d+)_name$/.exec(k)?.[1])
    .filter((n): n is string => n !== undefined)
    .sort((a, b) => Number(a) - Number(b));
  return rows.flatMap((n) => {
    const name = str(answers[`person${n}_name`]);
    return name && answers[`person${n}_group`] === 'staff' && answers[`person${n}_part`] === 'alleged_perpetrator' ? [{ confirmField: `person${n}_confirm`, text: name }] : [];
  });
}

/** Choices of the confirm question for one typed description: each match, then "someone else". */
export function confirmChoices(text: string, people: readonly Matchable[]): { value: string; title: string }[] {
  return [
    ...matchPeople(text, people).map((c) => ({ value: c.email, title: candidateTitle(c) })),
    { value: SOMEONE_ELSE, title: 'Someone else / not on this list' },
  ];
}

/** Who a report is about, as routing needs it. */
export interface Subjects {
  /** Adults the concern is about who are in the school file: excluded from everything about it. */
  people: Person[];
  /** The name recorded as the subject (the first adult named), or null. */
  name: string | null;
  /** An adult is named (even one not in the file): an allegation, which follows the staff route. */
  allegation: boolean;
}

function matchables(school: School): Matchable[] {
  return school.everyone().map((p) => ({ email: p.email, name: p.name, roles: p.roles }));
}

/** Resolves the subjects from the answers: only picks and confirmed matches name a person. */
export function resolveSubjects(school: School, category: Category | null, answers: Answers): Subjects {
  const people: Person[] = [];
  const names: string[] = [];
  if (category === 'staff') {
    const pick = str(answers.subject_email);
    if (pick && pick !== 'other') {
      const p = school.person(pick);
      return { people: [p], name: p.name, allegation: true };
    }
  }
  const typed = typedSubjects(category, answers);
  for (const t of typed) {
    const confirmed = str(answers[t.confirmField]);
    // A confirmation counts only for a match of the text as it is now (the text may have been edited since).
    const offered = confirmed && confirmed !== SOMEONE_ELSE && matchPeople(t.text, matchables(school)).some((c) => c.email === confirmed);
    if (offered) {
      const p = school.person(confirmed);
      people.push(p);
      names.push(p.name);
    } else names.push(t.text);
  }
  return { people: uniqueByEmail(people), name: names[0] ?? null, allegation: category === 'staff' || typed.length > 0 };
}

/** Every adult a stored incident is about (its subject, and on the pupil path each confirmed staff perpetrator). */
export function subjectsOf(school: School, incident: Pick<Incident, 'category' | 'answers' | 'subjectEmail'>): Person[] {
  // Lenient on purpose: a confirmed email stays excluded even if the school file changed since.
  const pick = incident.category === 'staff' ? str(incident.answers.subject_email) : '';
  const confirmed = typedSubjects(incident.category, incident.answers).map((t) => str(incident.answers[t.confirmField]));
  const fromAnswers = [pick, ...confirmed].filter((e) => e.includes('@')).map((e) => school.person(e));
  const main = incident.subjectEmail ? [school.person(incident.subjectEmail)] : [];
  return uniqueByEmail([...main, ...fromAnswers]);
}

/** Clears confirmations whose typed text changed (an edit of who it is about must be confirmed again). */
export function clearStaleConfirmations(category: Category | null, before: Answers, after: Answers): Answers {
  const was = new Map(typedSubjects(category, before).map((t) => [t.confirmField, t.text]));
  const out = { ...after };
  for (const t of typedSubjects(category, after)) if (was.get(t.confirmField) !== t.text) out[t.confirmField] = undefined;
  return out;
}

function uniqueByEmail(people: Person[]): Person[] {
  const seen = new Set<string>();
  return people.filter((p) => (seen.has(p.email) ? false : (seen.add(p.email), true)));
}
