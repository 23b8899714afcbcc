/**
 * The person picker's search, as both platforms call it (Teams `application/search`, Slack
 * `block_suggestion`). Authorised against the stored draft: only a reporter whose open draft is at
 * a step with a person field may search, and the answer is names only (see people/search.ts).
 */
import type { CoreDeps } from '../deps';
import { personChoice, searchPeople, MAX_RESULTS } from '../people/search';
import type { Reporter } from './report-flow';
import { getStep, isStepId, PEOPLE_DATASET, PUPILS_DATASET } from './wizard';
import { pupilChoiceTitle } from '../pupils/model';

/** Which picker is asking: Teams names the data set, Slack the input (its action_id is the field id). */
export type PickerRef = { dataset: unknown } | { fieldId: unknown };

export type PersonSearchResult =
  | { ok: true; dataset: typeof PEOPLE_DATASET | typeof PUPILS_DATASET; results: { value: string; title: string }[] }
  /** NO_DRAFT: no open draft; NOT_AT_PICKER: the draft is at a step without this picker. */
  | { ok: false; code: 'NO_DRAFT' | 'NOT_AT_PICKER' };

// A typeahead query is a few letters of a name; anything longer is not a search we need to run.
const MAX_QUERY = 100;
/** A pupil search needs this many characters: an empty or one-letter query would list the roll. */
const MIN_PUPIL_QUERY = 2;

/** How many results a picker asked for (Teams `queryOptions.top`), at most MAX_RESULTS. */
export function searchLimit(top: unknown): number {
  return typeof top === 'number' && Number.isInteger(top) && top > 0 ? Math.min(top, MAX_RESULTS) : MAX_RESULTS;
}

/** Searches the school's people for the reporter's open draft; refuses anyone not at a picker step. */
export async function searchPeopleForDraft(deps: CoreDeps, reporter: Reporter, picker: PickerRef, query: unknown, top?: unknown): Promise<PersonSearchResult> {
  const draft = await deps.store.drafts.getOpen(reporter.platform, reporter.platformUserId);
  if (!draft || draft.status !== 'open' || draft.expiresAt <= deps.clock.now()) return { ok: false, code: 'NO_DRAFT' };
  if (!isStepId(draft.step)) return { ok: false, code: 'NOT_AT_PICKER' };
  const people = deps.school.everyone();
  // The step as it is with the pupil picker on, so a pupil picker is found; whether pupils are shown is the store's answer below.
  const step = getStep(draft.step, { people, pupils: { chosen: {} } });
  const field = step.fields.find((f) => f.type === 'person' && ('dataset' in picker ? f.dataset === picker.dataset : f.id === picker.fieldId));
  if (!field || (field.dataset !== PEOPLE_DATASET && field.dataset !== PUPILS_DATASET)) return { ok: false, code: 'NOT_AT_PICKER' };
  const text = typeof query === 'string' ? query.slice(0, MAX_QUERY) : '';
  const limit = searchLimit(top);
  if (field.dataset === PUPILS_DATASET) {
    // Issue #11: pupils only for what was typed (at least two letters: never the whole roll), names and form only.
    if (text.trim().length < MIN_PUPIL_QUERY) return { ok: true, dataset: PUPILS_DATASET, results: [] };
    const found = await deps.store.pupils.search(text, limit);
    return { ok: true, dataset: PUPILS_DATASET, results: found.map((p) => ({ value: p.misId, title: pupilChoiceTitle(p) })) };
  }
  return { ok: true, dataset: PEOPLE_DATASET, results: searchPeople(people, text, limit).map((p) => personChoice(p, people)) };
}
