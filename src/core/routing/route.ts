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
  /** People paged again when nobody acknowledged in time. */
  repage: Person[];
  /** People deliberately left out because the concern is about them. */
  excluded: string[];
}

export interface RouteInput {
  category: Category;
  urgent: boolean;
  /** For staff-conduct concerns: the person it is about (may be unknown to the school file). */
  subject: Person | null;
}

const DSL_TEAM_ROLES = ['dsl', 'deputy_dsl'] as const;

/** Decides where a submitted report goes. */
export function routeReport(school: School, input: RouteInput): RoutePlan {
  const subjectEmail = input.subject?.email ?? null;
  // The person a concern is about never receives anything about it, whatever roles they hold (issue #2).
  const notSubject = (people: Person[]) => uniqueByEmail(people.filter((p) => p.email !== subjectEmail));

  if (input.category === 'staff') {
    const { route, recipients } = staffConcernRecipients(school, input.subject);
    const direct = notSubject(recipients);
    return {
      route: direct.length ? route : 'none',
      dslChannel: false, // staff concerns never go to the DSL channel (000 part 2; 004 §19.2)
      direct,
      // Urgent staff concerns page the same recipients again; never a wider audience.
      page: input.urgent ? direct : [],
      repage: input.urgent ? direct : [],
      excluded: subjectEmail ? [subjectEmail] : [],
    };
  }

  // Pupil concerns, filtering problems and anything else: the DSL team (KCSiE Part 2; 000 part 2; 003).
  const dslAndDeputies = notSubject(DSL_TEAM_ROLES.flatMap((r) => school.withRole(r)));
  return {
    route: 'dsl_team',
    dslChannel: true,
    direct: [],
    // Urgent: DM the DSL and every deputy; if nobody acknowledges, again and to the headteacher (issue #2).
    page: input.urgent ? dslAndDeputies : [],
    repage: input.urgent ? notSubject([...dslAndDeputies, ...school.withRole('headteacher')]) : [],
    excluded: [],
  };
}

/**
 * Staff misuse: to the headteacher; about the headteacher, to the chair of governors
 * (000 part 2 "staff misuse"; 003 "allegations against staff"; 004 §19.2; KCSiE Part 4 para 74);
 * about the chair, to whoever the school file names (vice-chair or LADO contact: conflict of interest).
 */
function staffConcernRecipients(school: School, subject: Person | null): { route: RouteName; recipients: Person[] } {
  const roles = subject?.roles ?? [];
  if (roles.includes('chair_of_governors')) {
    const alt = school.file.routes.concern_about_chair;
    return { route: 'chair_alternate', recipients: alt ? [school.person(alt)] : [] };
  }
  if (roles.includes('headteacher')) return { route: 'chair_of_governors', recipients: school.withRole('chair_of_governors') };
  return { route: 'headteacher', recipients: school.withRole('headteacher') };
}

/** The people an incident's route names, for authorisation of later actions (same rules as routeReport). */
export function routeRecipients(school: School, route: RouteName, subject: Person | null): Person[] {
  const subjectEmail = subject?.email ?? null;
  const list = (() => {
    switch (route) {
      case 'dsl_team':
        return DSL_TEAM_ROLES.flatMap((r) => school.withRole(r));
      case 'headteacher':
        return school.withRole('headteacher');
      case 'chair_of_governors':
        return school.withRole('chair_of_governors');
      case 'chair_alternate': {
        const alt = school.file.routes.concern_about_chair;
        return alt ? [school.person(alt)] : [];
      }
      case 'none':
        return [];
    }
  })();
  return uniqueByEmail(list.filter((p) => p.email !== subjectEmail));
}

/** Who the reporter is told the report went to, in broad terms. */
export function describeRoute(route: RouteName): string {
  switch (route) {
    case 'dsl_team':
      return 'the safeguarding team (the DSL and deputies)';
    case 'headteacher':
      return 'the headteacher, privately';
    case 'chair_of_governors':
      return 'the chair of governors, privately';
    case 'chair_alternate':
      return 'the person the school names for concerns about the chair of governors, privately';
    case 'none':
      return 'nobody yet: please contact the Local Authority Designated Officer (LADO) directly';
  }
}

function uniqueByEmail(people: Person[]): Person[] {
  const seen = new Set<string>();
  return people.filter((p) => (seen.has(p.email) ? false : (seen.add(p.email), true)));
}
