/**
 * The DSL's list of open concerns (issue #11), from what the core listed for this person: broad
 * labels only (reference, broad kind, status, age, owner, urgent or serious), as the channel card
 * shows them. Teams sends the card; Slack converts it for a modal and the Home tab.
 */
import type { School } from '../core/people/school';
import { ALL_OPEN, CONCERN_FILTERS, CONCERN_FILTER_IDS, ANY_KIND, OPEN_CONCERNS_CAP, type ConcernList } from '../core/incident-actions/list';
import { FOUR_C_LABELS, kindById, kindsByFourC, kindTitle, type FourC } from '../core/incidents/kinds';
import type { Incident } from '../core/model';
import { pupilChoiceTitle } from '../core/pupils/model';
import { renderOpenConcerns, type AdaptiveCard, type FilterChoice } from '../cards';
import { broadKind, STATUS_LABELS } from './incident';

/** "3 days", "5 hours", "12 minutes": how long a concern has been open. */
export function age(from: Date, now: Date): string {
  const mins = Math.max(0, Math.floor((now.getTime() - from.getTime()) / 60_000));
  const [n, unit] = mins >= 2880 ? [Math.floor(mins / 1440), 'day'] : mins >= 120 ? [Math.floor(mins / 60), 'hour'] : [mins, 'minute'];
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

const FILTER_CHOICES: FilterChoice[] = CONCERN_FILTER_IDS.map((id) => ({ value: id, title: CONCERN_FILTERS[id].label }));

/** Any kind, then each of the 4 Cs followed by its kinds. */
const KIND_CHOICES: FilterChoice[] = [
  { value: ANY_KIND, title: 'Any kind' },
  ...kindsByFourC().flatMap((g) => [{ value: g.fourC, title: `${g.label} — any kind` }, ...g.kinds.map((k) => ({ value: k.id, title: kindTitle(k.id) }))]),
];

/** How a kind filter reads in the "Showing:" line. */
function kindLabel(kind: string): string {
  return kind in FOUR_C_LABELS ? FOUR_C_LABELS[kind as FourC] : (kindById(kind)?.label ?? kind);
}

/** URGENT (and whether anyone has acknowledged it yet) or SERIOUS: as the channel card flags them. */
function flagOf(i: Incident): string | undefined {
  if (i.urgent) return i.status === 'reported' ? 'URGENT — not yet acknowledged' : 'URGENT';
  return i.serious ? 'SERIOUS' : undefined;
}

/** One page of the open-concerns list as a card, for a person the core has already authorised. */
export function concernsCard(school: School, list: ConcernList, now: Date): AdaptiveCard {
  const { query, pupil, total, first, pages } = list;
  const team = list.scope === 'dsl_team';
  const noun = team ? 'concern' : 'allegation';
  const filtered = query.filter !== ALL_OPEN.filter || query.kind !== ALL_OPEN.kind || pupil !== null;
  const shown = [...(query.filter !== ALL_OPEN.filter ? [CONCERN_FILTERS[query.filter].label.toLowerCase()] : []), ...(query.kind !== ANY_KIND ? [kindLabel(query.kind)] : []), ...(pupil ? [pupilChoiceTitle(pupil)] : [])];
  const last = first + list.concerns.length - 1;
  const summary =
    total === 0 ? (filtered ? `No open ${noun} matches these filters.` : `No open ${noun}s.`) : pages === 1 ? `${total} open ${noun}${total === 1 ? '' : 's'}` : `${noun === 'concern' ? 'Concerns' : 'Allegations'} ${first}–${last} of ${total}`;
  const applied = { filter: query.filter, kind: query.kind, misId: query.misId ?? '' };
  return renderOpenConcerns({
    title: team ? 'Open concerns' : 'Allegations routed to you',
    intro: team
      ? 'Most pressing first: urgent and not yet acknowledged, then serious, then the rest — oldest first. Open one for its details.'
      : 'The open allegations about adults that are routed to you, most pressing first. Open one for its details.',
    filtersLine: shown.length ? `Showing: ${shown.join(' · ')}` : undefined,
    summary,
    note: list.capped ? `More than ${OPEN_CONCERNS_CAP} concerns are open: only the oldest ${OPEN_CONCERNS_CAP} are listed.` : undefined,
    filters: {
      filter: query.filter,
      filterChoices: FILTER_CHOICES,
      kind: query.kind,
      kindChoices: KIND_CHOICES,
      // The pupil typeahead searches pupil records, which only the DSL team hold.
      pupil: team ? { value: pupil?.misId ?? '', choices: pupil ? [{ value: pupil.misId, title: pupilChoiceTitle(pupil) }] : [] } : undefined,
    },
    concerns: list.concerns.map((i) => ({
      incidentId: i.id,
      reference: i.reference,
      flag: flagOf(i),
      kindLabel: broadKind(i),
      statusLabel: STATUS_LABELS[i.status],
      ageLine: `Open for ${age(i.reportedAt, now)}`,
      ownerLine: i.ownerEmail ? `Owner: ${school.person(i.ownerEmail).name}` : 'No owner',
    })),
    applied,
    cleared: { filter: ALL_OPEN.filter, kind: ALL_OPEN.kind, misId: '' },
    canClear: filtered,
    previousPage: query.page > 1 ? query.page - 1 : undefined,
    nextPage: query.page < pages ? query.page + 1 : undefined,
  });
}
