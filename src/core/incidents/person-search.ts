/**
 * The person picker's search, as both platforms call it (Teams `application/search`, Slack
 * `block_suggestion`). Authorised against the stored draft: only a reporter whose open draft is at
 * a step with a person field may search, and the answer is names only (see people/search.ts).
 */
import type { CoreDeps } from '../deps';
import { personChoice, searchPeople, MAX_RESULTS } from '../people/search';
import type { Reporter } from './report-flow';
import { getStep, isStepId, PEOPLE_DATASET } from './wizard';

/** Which picker is asking: Teams names the data set, Slack the input (its action_id is the field id). */
export type PickerRef = { dataset: unknown } | { fieldId: unknown };

export type PersonSearchResult =
  | { ok: true; results: { value: string; title: string }[] }
  /** NO_DRAFT: no open draft; NOT_AT_PICKER: the draft is at a step without this picker. */
  | { ok: false; code: 'NO_DRAFT' | 'NOT_AT_PICKER' };

// A typeahead query is a few letters of a name; anything longer is not a search we need to run.
const MAX_QUERY = 100;

/** Searches the school's people for the reporter's open draft; refuses anyone not at a picker step. */
export async function searchPeopleForDraft(deps: CoreDeps, reporter: Reporter, picker: PickerRef, query: unknown, top?: unknown): Promise<PersonSearchResult> {
  const draft = await deps.store.drafts.getOpen(reporter.platform, reporter.platformUserId);
  if (!draft || draft.status !== 'open' || draft.expiresAt <= deps.clock.now()) return { ok: false, code: 'NO_DRAFT' };
  if (!isStepId(draft.step)) return { ok: false, code: 'NOT_AT_PICKER' };
  const people = deps.school.everyone();
  const step = getStep(draft.step, { people });
  const field = step.fields.find((f) => f.type === 'person' && ('dataset' in picker ? f.dataset === picker.dataset : f.id === picker.fieldId));
  if (!field || field.dataset !== PEOPLE_DATASET) return { ok: false, code: 'NOT_AT_PICKER' };
  const text = typeof query === 'string' ? query.slice(0, MAX_QUERY) : '';
  const limit = typeof top === 'number' && Number.isInteger(top) && top > 0 ? Math.min(top, MAX_RESULTS) : MAX_RESULTS;
  return { ok: true, results: searchPeople(people, text, limit).map((p) => personChoice(p, people)) };
}
