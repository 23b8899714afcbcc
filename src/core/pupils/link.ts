/**
 * Linking a name the reporter typed to a pupil record (issue #11): a reporter who did not find the
 * child ("someone not listed") wrote a name; the DSL team later says which pupil it is, so the concern
 * joins that child's chronology. Recorded with who and when, in the incident's chronology too.
 * Only the DSL team link (they hold the child's record), on a concern they may write on.
 */
import type { CoreDeps } from '../deps';
import type { Incident, Person } from '../model';
import { isDslTeam } from '../routing/permissions';
import { checkRecordWrite } from '../incident-actions/record-write';
import { enqueueRefresh } from '../notify/enqueue';
import { isPupilPart, pupilChoiceTitle, pupilName } from './model';
import { PEOPLE_ROWS } from '../incidents/wizard';
import { checkPupilPatterns } from './patterns';

/** The typeahead a DSL links with (Teams Data.Query dataset); Slack names the input instead. */
export const PUPIL_LINK_DATASET = 'pupils.link';
/** The form's inputs: which typed name, and the pupil it is. */
export const LINK_ROW_INPUT = 'link_row';
export const LINK_PUPIL_INPUT = 'link_pupil';

/** The "who was involved" rows with a typed name and no pupil linked: what a DSL may link. */
export function unlinkedRows(incident: Incident, linkedRows: ReadonlySet<number>): { row: number; name: string }[] {
  const rows: { row: number; name: string }[] = [];
  for (let n = 1; n <= PEOPLE_ROWS; n++) {
    const name = incident.answers[`person${n}_name`];
    const group = incident.answers[`person${n}_group`];
    // A member of staff or a parent is not a pupil record; a pupil or "someone else" may be.
    if (typeof name === 'string' && name.trim() && !linkedRows.has(n) && (group === 'pupil' || group === 'other' || group === undefined)) rows.push({ row: n, name: name.trim() });
  }
  return rows;
}

export interface LinkRequest {
  incidentId: string;
  version: number;
  inputs: Record<string, unknown>;
  eventId?: string;
}

export type LinkOutcome =
  | { status: 'ok'; message: string }
  | { status: 'duplicate' | 'stale' | 'forbidden' | 'not_found' }
  | { status: 'refused'; reason: string }
  | { status: 'invalid'; errors: Record<string, string> };

/** Links one typed name of an incident to a pupil, once; refused and recorded for anyone else. */
export async function linkPupil(deps: CoreDeps, actor: Person, req: LinkRequest): Promise<LinkOutcome> {
  const { store, school, clock } = deps;
  return store.transaction(async (tx): Promise<LinkOutcome> => {
    const now = clock.now();
    // The DSL team hold the child's record: only they link a name to it, on a concern they may write on.
    const checked = await checkRecordWrite(tx, school, actor, now, req, 'link_pupil', isDslTeam);
    if (!checked.ok) return checked.outcome;
    const { incident } = checked;
    if (incident.status === 'closed') return { status: 'refused', reason: 'This concern is closed: reopen it to link a name to a pupil record.' };
    const row = Number(req.inputs[LINK_ROW_INPUT]);
    const misId = typeof req.inputs[LINK_PUPIL_INPUT] === 'string' ? (req.inputs[LINK_PUPIL_INPUT] as string).trim() : '';
    const open = unlinkedRows(incident, new Set((await tx.pupilLinks.listByIncident(incident.id)).map((l) => l.row)));
    const target = open.find((r) => r.row === row);
    if (!target) return { status: 'invalid', errors: { [LINK_ROW_INPUT]: 'Please choose one of the names not yet linked to a pupil record.' } };
    const pupil = misId ? await tx.pupils.get(misId) : null;
    if (!pupil) return { status: 'invalid', errors: { [LINK_PUPIL_INPUT]: 'Please find the pupil by name or form, and choose them from the list.' } };
    const part = incident.answers[`person${row}_part`];
    await tx.pupilLinks.add([{ incidentId: incident.id, misId: pupil.misId, row, part: isPupilPart(part) ? part : null, linkedBy: actor.email, linkedAt: now }]);
    // The typed name stays as the reporter wrote it; the record says who linked it to which pupil, and when.
    await tx.events.add({ incidentId: incident.id, at: now, actorEmail: actor.email, type: 'pupil_linked', data: { row, misId: pupil.misId, typed: target.name, pupil: pupilName(pupil) } });
    // The concern now counts in this child's patterns (issue #11): one it completes is flagged, as after a report.
    await checkPupilPatterns(tx, school, now, incident, [pupil.misId]);
    const bumped = await tx.incidents.update(incident);
    if (bumped) await enqueueRefresh(tx, now, bumped);
    return { status: 'ok', message: `Linked “${target.name}” to the pupil record of ${pupilName(pupil)}.` };
  });
}

const MIN_QUERY = 2;
const MAX_QUERY = 100;

/** The DSL team's pupil typeahead when linking: leavers too, names and forms; nobody else gets any. */
export async function searchPupilsToLink(deps: CoreDeps, actor: Person, query: unknown, limit: number): Promise<{ ok: true; results: { value: string; title: string }[] } | { ok: false }> {
  if (!isDslTeam(actor)) return { ok: false };
  const text = typeof query === 'string' ? query.slice(0, MAX_QUERY) : '';
  if (text.trim().length < MIN_QUERY) return { ok: true, results: [] };
  const found = await deps.store.pupils.search(text, limit, { leavers: true });
  return { ok: true, results: found.map((p) => ({ value: p.misId, title: `${pupilChoiceTitle(p)}${p.leftOn ? ` — left ${p.leftOn}` : ''}` })) };
}
