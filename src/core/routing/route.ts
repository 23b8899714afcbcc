/**
 * Who is told what. Every routing rule of the product lives in this file, each cited to its source.
 * Pure functions over the school file: no I/O.
 */
import type { Category, Person, RouteName } from '../model';
import type { School } from '../people/school';

export interface RoutePlan {
  route: RouteName;
  /** Post the minimal card to the DSL team channel. */
  dslChannel: boolean;
  /** People who receive the concern by direct message (staff-conduct route). */
  direct: Person[];
  /** People paged at once when the concern is urgent. */
  page: Person[];
  /** People paged again when nobody acknowledged in time (the first re-page round). */
  repage: Person[];
  /** People deliberately left out because the concern is about them. */
  excluded: string[];
  /** An adult is named: routed as an allegation (KCSiE Part 4), whatever the path. */
  allegation: boolean;
}

export interface RouteInput {
  category: Category;
  urgent: boolean;
  /** The adult the concern is about, when the school file knows them (null for an unknown or no adult). */
  subject: Person | null;
  /** Every further adult it is about (pupil path: each member of staff named as alleged perpetrator). */
  otherSubjects?: Person[];
  /** An adult is named, even one not in the school file. Defaults to: the staff path, or any subject. */
  allegation?: boolean;
}

const DSL_TEAM_ROLES = ['dsl', 'deputy_dsl'] as const;

/** Decides where a submitted report goes. */
export function routeReport(school: School, input: RouteInput): RoutePlan {
  const subjects = uniqueByEmail([...(input.subject ? [input.subject] : []), ...(input.otherSubjects ?? [])]);
  const excluded = subjects.map((p) => p.email);
  // The person a concern is about never receives anything about it, whatever roles they hold: they may be the one to protect the child from.
  const notSubject = (people: Person[]) => uniqueByEmail(people.filter((p) => !excluded.includes(p.email)));
  const allegation = input.allegation ?? (input.category === 'staff' || subjects.length > 0);

  if (allegation) {
    // An adult named on any path follows the staff route, never the DSL channel, where colleagues
    // would read it (KCSiE Part 4: the headteacher as case manager involves the DSL; 000 part 2; 004 §19.2).
    const chosen = allegationRoute(school, subjects);
    const direct = routeRecipients(school, chosen, subjects);
    const route: RouteName = chosen === 'lado_direct' ? 'lado_direct' : direct.length ? chosen : 'none';
    return {
      route,
      dslChannel: false,
      direct,
      // Urgent allegations page the same recipients; if unacknowledged, the chain in pageRound (never wider).
      page: input.urgent ? direct : [],
      repage: input.urgent ? pageRound(school, route, subjects, 2) : [],
      excluded,
      allegation: true,
    };
  }

  // Pupil concerns, filtering problems and anything else: the DSL team (KCSiE Part 2; 000 part 2; 003).
  const dslAndDeputies = notSubject(DSL_TEAM_ROLES.flatMap((r) => school.withRole(r)));
  return {
    route: 'dsl_team',
    // Never to a channel the subject can read, or they learn of it first; with no adult named this is the channel.
    dslChannel: !subjects.some((s) => school.inDslChannel(s)),
    direct: [],
    // Urgent: DM the DSL and every deputy; if nobody acknowledges, again and to the headteacher, so a child at risk is never left waiting on one inbox.
    page: input.urgent ? dslAndDeputies : [],
    repage: input.urgent ? notSubject([...dslAndDeputies, ...school.withRole('headteacher')]) : [],
    excluded,
    allegation: false,
  };
}

/**
 * Allegations: to the headteacher; about the headteacher, to the chair of governors (000 part 2
 * "staff misuse"; 003 "allegations against staff"; 004 §19.2; KCSiE Part 4 para 74); about the
 * chair, to whoever the school file names (vice-chair or LADO contact: conflict of interest). Where
 * the head is the sole proprietor, or the school file names a conflict, to the LADO directly (KCSiE Part 4).
 */
function allegationRoute(school: School, subjects: Person[]): RouteName {
  const roles = new Set(subjects.flatMap((s) => s.roles));
  if (school.ladoDirectRoles.some((r) => roles.has(r))) return 'lado_direct';
  if (roles.has('chair_of_governors')) return 'chair_alternate';
  if (roles.has('headteacher')) return 'chair_of_governors';
  return 'headteacher';
}

function alternate(school: School): Person[] {
  const alt = school.file.routes.concern_about_chair;
  return alt ? [school.person(alt)] : [];
}

/**
 * An urgent allegation nobody acknowledged falls back along headteacher → chair of governors →
 * the named alternate, starting at its route and skipping every subject; never the DSL channel or
 * team (KCSiE Part 4: allegations stay with the case manager and those above them).
 */
export function fallbackChain(school: School, route: RouteName, subjects: Person[]): Person[][] {
  const steps: Record<string, Person[][]> = {
    headteacher: [school.withRole('headteacher'), school.withRole('chair_of_governors'), alternate(school)],
    chair_of_governors: [school.withRole('chair_of_governors'), alternate(school)],
    chair_alternate: [alternate(school)],
  };
  const out = subjects.map((s) => s.email);
  return (steps[route] ?? []).map((step) => uniqueByEmail(step.filter((p) => !out.includes(p.email)))).filter((s) => s.length > 0);
}

/** Who an allegation pages at round `level` (1 = its recipients): every chain step reached so far. */
export function pageRound(school: School, route: RouteName, subjects: Person[], level: number): Person[] {
  return uniqueByEmail(fallbackChain(school, route, subjects).slice(0, Math.max(1, level)).flat());
}

/** The people an incident's route names, for authorisation of later actions (same rules as routeReport). */
export function routeRecipients(school: School, route: RouteName, subject: Person | Person[] | null): Person[] {
  const out = (Array.isArray(subject) ? subject : subject ? [subject] : []).map((s) => s.email);
  const list = (() => {
    switch (route) {
      case 'dsl_team':
        return DSL_TEAM_ROLES.flatMap((r) => school.withRole(r));
      case 'headteacher':
        return school.withRole('headteacher');
      case 'chair_of_governors':
        return school.withRole('chair_of_governors');
      case 'chair_alternate':
        return alternate(school);
      case 'lado_direct': // outside school: the reporter contacts the LADO
      case 'none':
        return [];
    }
  })();
  return uniqueByEmail(list.filter((p) => !out.includes(p.email)));
}

/** Who the reporter is told the report went to, in broad terms (with the LADO's number when they must call). */
export function describeRoute(route: RouteName, school?: School): string {
  const lado = school?.ladoContact ? `: ${school.ladoContact}` : '';
  switch (route) {
    case 'dsl_team':
      return 'the safeguarding team (the DSL and deputies)';
    case 'headteacher':
      return 'the headteacher, privately';
    case 'chair_of_governors':
      return 'the chair of governors, privately';
    case 'chair_alternate':
      return 'the person the school names for concerns about the chair of governors, privately';
    case 'lado_direct':
      return `nobody in school: this concern must go to the Local Authority Designated Officer (LADO) directly. Please contact the LADO now${lado}`;
    case 'none':
      return `nobody yet: please contact the Local Authority Designated Officer (LADO) directly${lado}`;
  }
}

function uniqueByEmail(people: Person[]): Person[] {
  const seen = new Set<string>();
  return people.filter((p) => (seen.has(p.email) ? false : (seen.add(p.email), true)));
}
