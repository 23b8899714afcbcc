/**
 * Who may do what to an incident: decided on the server against the stored record and the
 * person's roles from the school file — never from anything a card carries.
 */
import type { Incident, Person } from '../model';
import type { School } from '../people/school';
import { subjectsOf } from '../people/subject';
import { pageRound, routeRecipients } from './route';
import { adultInvolved } from '../incident-actions/decisions';

export type Ability =
  | 'view'
  | 'acknowledge'
  | 'take_ownership'
  | 'add_note'
  | 'ask_reporter'
  | 'propose'
  | 'approve'
  | 'decide'
  | 'close'
  | 'reopen'
  | 'record_lado';

const DECIDERS = ['dsl', 'deputy_dsl'] as const;
/** The DSL team who work concerns in the channel (000 part 1: the OSL works with the DSL). */
const DSL_TEAM = ['dsl', 'deputy_dsl', 'online_safety_lead'] as const;

/** The abilities a person has on an incident (empty: they may see nothing of it). */
export function abilities(school: School, incident: Incident, actor: Person): Set<Ability> {
  const none = new Set<Ability>();
  // The subjects of a concern never see or act on it, whatever roles they hold: they could hide or sway it.
  const subjects = subjectsOf(school, incident);
  if (subjects.some((s) => s.email === actor.email)) return none;
  const has = (roles: readonly string[]) => actor.roles.some((r) => roles.includes(r));

  if (incident.route === 'dsl_team') {
    // KCSiE Part 4: wherever an adult is involved, the DSL team may record a LADO consultation.
    const lado: Ability[] = adultInvolved(incident) ? ['record_lado'] : [];
    if (has(DECIDERS)) return new Set<Ability>(['view', 'acknowledge', 'take_ownership', 'add_note', 'ask_reporter', 'propose', 'approve', 'decide', 'close', 'reopen', ...lado]);
    // An online safety lead proposes; a DSL or deputy approves, and closes (separation of
    // duties, so no one person proposes and decides; 000 part 1: the OSL reports to the DSL). The OSL's Close button is hidden, a forged click refused.
    if (has(['online_safety_lead'])) return new Set<Ability>(['view', 'acknowledge', 'take_ownership', 'add_note', 'ask_reporter', 'propose', ...lado]);
    // A headteacher re-paged about an unacknowledged urgent concern may open and acknowledge it.
    if (has(['headteacher']) && incident.urgent && incident.pageLevel >= 2) return new Set<Ability>(['view', 'acknowledge']);
    return none;
  }

  // Allegations: only the routed recipient (headteacher, chair or named alternate), and those an
  // unacknowledged urgent one fell back to so far (the chain in route.ts): nobody else may see an allegation.
  const recipients = [...routeRecipients(school, incident.route, subjects), ...(incident.urgent ? pageRound(school, incident.route, subjects, incident.pageLevel) : [])];
  if (recipients.some((p) => p.email === actor.email)) {
    return new Set<Ability>(['view', 'acknowledge', 'take_ownership', 'add_note', 'ask_reporter', 'decide', 'close', 'reopen', 'record_lado']);
  }
  return none;
}

/** Whether a person is one of the DSL team (for messages addressed to the team as a whole). */
export function isDslTeam(actor: Person): boolean {
  return actor.roles.some((r) => (DSL_TEAM as readonly string[]).includes(r));
}
