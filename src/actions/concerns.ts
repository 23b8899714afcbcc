/**
 * The DSL's own list of open concerns on any platform (issue #11): the `concerns` command and the
 * `concerns.list` verb (a filter change or a page). The core authorises every call and lists only
 * what the person may view; these only parse the filters and render its answer.
 */
import { z } from 'zod';
import { ALL_OPEN, ANY_KIND, CONCERN_FILTER_IDS, isKindFilter, listOpenConcerns, type ConcernFilterId, type ConcernQuery } from '../core/incident-actions/list';
import { VERBS, type AdaptiveCard } from '../cards';
import { concernsCard } from '../views/concerns';
import { forbidden, notFound } from '../errors';
import { entry, TITLES, type ActionContext, type Command } from './types';

/**
 * Who may not list open concerns is told so, and nothing else — not even whether any is open. (The
 * headteacher, chair or named alternate, outside the DSL team, are shown the allegations routed to them.)
 */
export const ONLY_DSL = "Only the school's safeguarding team can see the list of open concerns.";

const isFilterId = (v: string): v is ConcernFilterId => (CONCERN_FILTER_IDS as readonly string[]).includes(v);

/** The list as this person may see it, authorised on every call (a page or a filter change is no exception). */
export async function concernsFor(ctx: Pick<ActionContext, 'deps' | 'person'>, query: ConcernQuery): Promise<AdaptiveCard> {
  const outcome = await listOpenConcerns(ctx.deps, ctx.person, query);
  if (outcome.status === 'forbidden') throw forbidden(ONLY_DSL);
  if (outcome.status === 'no_pupil') throw notFound('That pupil is not in the school’s records.');
  return concernsCard(ctx.deps.school, outcome.list, ctx.deps.clock.now());
}

// Filters, not state: an empty input (a cleared pupil, a choice not made) means "any"; the core re-reads everything.
const listRef = z.looseObject({
  filter: z.string().max(32).optional().refine((v) => !v || isFilterId(v)),
  kind: z.string().max(64).optional().refine((v) => !v || isKindFilter(v)),
  misId: z.string().max(255).optional(),
  page: z.coerce.number().int().min(1).max(100_000).optional(),
});

export const CONCERN_ACTIONS = {
  [VERBS.concernsList]: entry({
    schema: listRef,
    title: TITLES.concerns,
    handle: async (ctx, { filter, kind, misId, page }) => ({
      card: await concernsFor(ctx, { filter: filter && isFilterId(filter) ? filter : ALL_OPEN.filter, kind: kind || ANY_KIND, misId: misId?.trim() || null, page: page ?? 1 }),
    }),
  }),
};

/** The open-concerns chat command, for the shared command table. */
export const CONCERN_COMMANDS: readonly Command[] = [
  {
    name: 'concerns',
    aliases: [],
    description: 'For the safeguarding team: open concerns, most pressing first, e.g. concerns mine or concerns unowned',
    form: VERBS.concernsList,
    async handle(ctx) {
      const word = ctx.args.trim().toLowerCase();
      const outcome = await listOpenConcerns(ctx.deps, ctx.person, { ...ALL_OPEN, filter: isFilterId(word) ? word : ALL_OPEN.filter });
      if (outcome.status !== 'ok') return { text: `${ONLY_DSL} To report a concern, type ${ctx.usage('report')}.`, cards: [] };
      const card = concernsCard(ctx.deps.school, outcome.list, ctx.deps.clock.now());
      if (word && !isFilterId(word)) return { text: `I can narrow the list with ${CONCERN_FILTER_IDS.map((id) => ctx.usage(`concerns ${id}`)).join(', ')}, or with the filters on the card.`, cards: [card] };
      return { cards: [card] };
    },
  },
];
