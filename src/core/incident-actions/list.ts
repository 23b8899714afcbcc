/**
 * The DSL's own list of open concerns (issue #11): every open concern the person may see, most
 * pressing first (urgent and not yet acknowledged, then serious, then the rest; oldest first in
 * each), narrowed by filters, one page at a time, with the total.
 *
 * Who sees what: the DSL team (DSL, deputies, online safety lead) see every open concern they may
 * view. Someone outside the team sees only the allegations routed to them (the headteacher, the
 * chair, the named alternate, and whoever an unacknowledged urgent allegation fell back to): the
 * case manager of an allegation needs their own list too, and it holds nothing they cannot already
 * open. Anyone with neither is refused with no data — not even whether any concern is open.
 * Every row passes `abilities(...).has('view')`, as opening it would, so a concern about the
 * viewer, or one routed away from them, is never in their list or their total.
 *
 * Paging is done here, not in SQL: the view rule reads the school file's roles and each concern's
 * subjects, which SQL cannot, so a page cut by the database would come out short and its total
 * would count concerns the viewer may not know of. The store reads only open incidents (through
 * the status index): a school's casework, not its history.
 * The list shows broad labels only (as the channel card does), so it is not recorded as a view.
 */
import type { CoreDeps } from '../deps';
import type { Incident, Person } from '../model';
import type { Pupil } from '../pupils/model';
import { FOUR_CS, kindById } from '../incidents/kinds';
import { abilities, isDslTeam } from '../routing/permissions';

/** Concerns on one page of the list. */
export const CONCERNS_PAGE_SIZE = 10;

/** The most open concerns one list reads; past it the list says so (a school's open casework is far smaller). */
export const OPEN_CONCERNS_CAP = 5000;

/** What a filter may use: who asks, and the store (a filter may read more than the incidents). */
export interface FilterContext {
  deps: CoreDeps;
  actor: Person;
  now: Date;
}

/** One choice of the list's "Show" filter: its label, and which of the visible open concerns it keeps. */
export interface ConcernFilter {
  label: string;
  keep(ctx: FilterContext, concerns: Incident[]): Promise<Incident[]>;
}

/**
 * The "Show" filters, in the order the card offers them. A new filter is one more entry: the card's
 * choices, the verb's schema and the command's words all come from this table.
 */
export const CONCERN_FILTERS = {
  all: { label: 'All open concerns', keep: async (_ctx, concerns) => concerns },
  mine: { label: 'Owned by me', keep: async (ctx, concerns) => concerns.filter((i) => i.ownerEmail === ctx.actor.email) },
  unowned: { label: 'No owner yet', keep: async (_ctx, concerns) => concerns.filter((i) => !i.ownerEmail) },
  // A task past its due time and not marked done (src/core/tasks), read for the concerns in hand only.
  overdue: {
    label: 'With overdue tasks',
    keep: async (ctx, concerns) => {
      const ids = await ctx.deps.store.tasks.incidentsWithOverdue(ctx.now, concerns.map((i) => i.id));
      return concerns.filter((i) => ids.has(i.id));
    },
  },
} satisfies Record<string, ConcernFilter>;

export type ConcernFilterId = keyof typeof CONCERN_FILTERS;
export const CONCERN_FILTER_IDS = Object.keys(CONCERN_FILTERS) as [ConcernFilterId, ...ConcernFilterId[]];

/** The kind filter's "any kind"; otherwise one of the 4 Cs or an incident kind id (the two never share a name). */
export const ANY_KIND = 'any';

/** Whether `value` is a kind filter: any, one of the 4 Cs, or an incident kind id. */
export function isKindFilter(value: string): boolean {
  return value === ANY_KIND || (FOUR_CS as readonly string[]).includes(value) || kindById(value) !== undefined;
}

function matchesKind(incident: Incident, kind: string): boolean {
  if (kind === ANY_KIND) return true;
  if ((FOUR_CS as readonly string[]).includes(kind)) return incident.kinds.some((k) => kindById(k)?.fourC === kind);
  return incident.kinds.includes(kind);
}

/** The pupil filter's input id in cards/open-concerns.json: Slack asks for its options by it; Teams by the pupil-link dataset (PUPIL_LINK_DATASET). */
export const PUPIL_FILTER_INPUT = 'misId';

/** What the person asked to see: a "Show" filter, a kind, a pupil (DSL team only) and a page from 1. */
export interface ConcernQuery {
  filter: ConcernFilterId;
  kind: string;
  misId: string | null;
  page: number;
}

/** Every open concern, first page. */
export const ALL_OPEN: ConcernQuery = { filter: 'all', kind: ANY_KIND, misId: null, page: 1 };

export interface ConcernList {
  /** The DSL team's list, or the allegations routed to someone outside the team. */
  scope: 'dsl_team' | 'allegations';
  /** The query as applied: the page kept within the pages there are, a pupil dropped for anyone outside the team. */
  query: ConcernQuery;
  /** The pupil filtered by, when there is one. */
  pupil: Pupil | null;
  /** This page's concerns, in list order. */
  concerns: Incident[];
  /** How many concerns match, over all pages. */
  total: number;
  /** The position of this page's first concern (from 1; 0 when none match). */
  first: number;
  pages: number;
  /** More open concerns exist than one list reads (OPEN_CONCERNS_CAP): only the oldest are listed. */
  capped: boolean;
}

export type ConcernListOutcome = { status: 'ok'; list: ConcernList } | { status: 'forbidden' } | { status: 'no_pupil' };

/** 0: urgent and not yet acknowledged; 1: serious (or urgent, acknowledged); 2: the rest. */
export function urgencyRank(incident: Incident): number {
  if (incident.urgent && incident.status === 'reported') return 0;
  return incident.serious || incident.urgent ? 1 : 2;
}

/** The list's order: urgency rank, then the oldest report first, then the reference (a stable order). */
export function byUrgencyThenAge(a: Incident, b: Incident): number {
  return urgencyRank(a) - urgencyRank(b) || a.reportedAt.getTime() - b.reportedAt.getTime() || a.reference.localeCompare(b.reference);
}

/** One page of the open concerns this person may see, filtered; refused for anyone with none to see. */
export async function listOpenConcerns(deps: CoreDeps, actor: Person, query: ConcernQuery): Promise<ConcernListOutcome> {
  const { store, school, clock } = deps;
  const team = isDslTeam(actor);
  const read = await store.incidents.listOpen(OPEN_CONCERNS_CAP + 1);
  const capped = read.length > OPEN_CONCERNS_CAP;
  // Outside the team, only allegations: a DSL-team concern a headteacher was re-paged about is acknowledged from its page, not listed.
  const visible = read.slice(0, OPEN_CONCERNS_CAP).filter((i) => (team || i.route !== 'dsl_team') && abilities(school, i, actor).has('view'));
  if (!team && visible.length === 0) return { status: 'forbidden' };

  // The DSL team hold the pupil records (as for a chronology): nobody else filters by a child.
  const misId = team && query.misId ? query.misId : null;
  let pupil: Pupil | null = null;
  let kept = visible.filter((i) => matchesKind(i, query.kind));
  if (misId) {
    pupil = await store.pupils.get(misId);
    if (!pupil) return { status: 'no_pupil' };
    const linked = new Set((await store.pupilLinks.listByPupil(misId)).map((l) => l.incidentId));
    kept = kept.filter((i) => linked.has(i.id));
  }
  kept = await CONCERN_FILTERS[query.filter].keep({ deps, actor, now: clock.now() }, kept);
  kept = [...kept].sort(byUrgencyThenAge);

  const total = kept.length;
  const pages = Math.max(1, Math.ceil(total / CONCERNS_PAGE_SIZE));
  const page = Math.min(Math.max(1, Math.floor(query.page)), pages);
  const start = (page - 1) * CONCERNS_PAGE_SIZE;
  return {
    status: 'ok',
    list: {
      scope: team ? 'dsl_team' : 'allegations',
      query: { ...query, misId, page },
      pupil,
      concerns: kept.slice(start, start + CONCERNS_PAGE_SIZE),
      total,
      first: total ? start + 1 : 0,
      pages,
      capped,
    },
  };
}
